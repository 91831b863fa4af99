// One project of a backup run: list its repositories and wikis, hand its jobs (every repository,
// every selected data type) to the run's executor, record its branch policies meanwhile, then
// write the project's snapshot manifest last: the commit point. Disabled, empty and missing items
// are recorded; a failed item is recorded (its previous copy carried over) and the run goes on.
import type { ProjectRef, ReposApi } from "../azure-devops/repos-api";
import { silentReporter } from "../events";
import type { BackupExecutor, RepositoryJob } from "../jobs/backup-jobs";
import {
  latestSnapshot,
  snapshotKey,
  writeSnapshot,
  type ItemNote,
  type ProjectSnapshot,
} from "../snapshot";
import type { ContentStore } from "../storage/content-store";
import { backupJobExecutors } from "./job-executors";
import {
  backupPolicies,
  inventory,
  wikiSnapshot,
  type ProjectInventory,
} from "./project-inventory";
import { dataTypeJobs, emptyParts, foldFinished, type ProjectParts } from "./project-jobs";
import type { BackupOptions, CommittedProject } from "./run";

/** What a run shares with each of its projects. */
export interface ProjectRun {
  api: ReposApi;
  executor: BackupExecutor;
}

/** Notes of repositories gone since the previous snapshot and of wikis whose repository is not here. */
function absentItems(parts: ProjectParts, listed: ProjectInventory, previous?: ProjectSnapshot) {
  for (const gone of previous?.repositories ?? [])
    if (!listed.repos.some((r) => r.id === gone.id))
      parts.skipped.push({
        kind: "repository",
        id: gone.id,
        name: gone.name,
        reason: "missing: no longer in the project",
      });
  for (const w of listed.wikis)
    if (!parts.repositories.some((r) => r.id === w.repositoryId))
      parts.skipped.push({
        kind: "wiki",
        id: w.id,
        name: w.name,
        reason: "its repository was not backed up (disabled or missing)",
      });
}

export async function backupProject(
  options: BackupOptions & { runId: string },
  run: ProjectRun,
  content: ContentStore,
  project: ProjectRef,
): Promise<CommittedProject> {
  const report = options.report ?? silentReporter;
  const startedAt = new Date().toISOString();
  const [previous, listed] = await Promise.all([
    latestSnapshot(options.store, project.id),
    inventory(run.api, project, options.data ?? ["repos", "wiki"]),
  ]);
  report({ type: "project-started", project: project.name, items: listed.repos.length });
  const executors = backupJobExecutors({
    authorization: options.authorization,
    store: options.store,
    content,
    workDir: options.workDir,
    apiFor: () => run.api,
    report,
  });
  const repositoryJobs = listed.repos.map((repo): RepositoryJob => {
    const last = previous?.repositories.find((r) => r.id === repo.id);
    const { organizationUrl } = options;
    return {
      kind: "repository",
      organizationUrl,
      project,
      repo,
      ...(last ? { previous: last } : {}),
    };
  });
  const policyNotes: { skipped: ItemNote[]; failed: ItemNote[] } = { skipped: [], failed: [] };
  // Repositories and data types are independent jobs: handed over together, run side by side.
  const [repositories, dataTypes, policies] = await Promise.all([
    run.executor.run(repositoryJobs, executors),
    run.executor.run(
      dataTypeJobs(options.organizationUrl, options.runId, project, options.data ?? []),
      executors,
    ),
    backupPolicies(run.api, content, project, policyNotes),
  ]);
  const parts = emptyParts();
  parts.failed.push(...listed.notes);
  foldFinished(parts, repositories, previous);
  absentItems(parts, listed, previous);
  parts.skipped.push(...policyNotes.skipped);
  parts.failed.push(...policyNotes.failed);
  foldFinished(parts, dataTypes, previous);
  content.countWritten(parts.bytesStored);
  const { boards, dataSnapshots, skipped, failed } = parts;
  const snapshot: ProjectSnapshot = {
    format: 1,
    runId: options.runId,
    organizationUrl: options.organizationUrl,
    project,
    startedAt,
    completedAt: new Date().toISOString(),
    repositories: parts.repositories,
    wikis: listed.wikis.map(wikiSnapshot),
    ...(policies ? { policies } : {}),
    ...(boards ? { boards } : {}),
    ...(Object.keys(dataSnapshots).length > 0 ? { dataSnapshots } : {}),
    skipped,
    failed,
  };
  content.countWritten(await writeSnapshot(options.store, snapshot));
  report({
    type: "project-committed",
    project: project.name,
    runId: options.runId,
    bytesWritten: content.counters.bytesWritten,
  });
  return {
    project,
    snapshotKey: snapshotKey(project.id, options.runId),
    repositories: parts.repositories.length,
    skipped,
    failed,
  };
}
