// A backup run: for each project in scope (several at once, up to the run's concurrency), back it
// up as its jobs (project-backup.ts), and the organization's feeds once. The jobs run in this
// process, or through the queue where worker processes help (queued-backup.ts); either way at most
// `concurrency` at once over the whole run. A project this run already committed (a resumed run)
// is not backed up again; the exit status is the caller's to decide from `failed`.
import { ReposApi, type AuthorizationSource, type ProjectRef } from "../azure-devops/repos-api";
import type { DataType } from "../../../src/core/data-types";
import type { BackupOutcome } from "../../../src/core/service-api";
import { mapBounded } from "../concurrency";
import { silentReporter, type EngineReporter } from "../events";
import {
  unfinishedJob,
  type BackupExecutor,
  type DataTypeJob,
  type JobExecutors,
} from "../jobs/backup-jobs";
import { inProcessExecutor } from "../jobs/in-process-executor";
import { newRunId, readSnapshot, snapshotKey, type ItemNote } from "../snapshot";
import { ContentStore, type StorageCounters } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import { ORGANIZATION_FEEDS, type DataTypeRunOutcome } from "./data-type-runs";
import { backupJobExecutors } from "./job-executors";
import { backupProject, type ProjectRun } from "./project-backup";
import { emptyParts, foldFinished } from "./project-jobs";

export { inProcessExecutor };
export type { BackupExecutor };

/** The data types of the backup scope (src/core/data-types.ts) this engine covers. */
export type BackedUpData = Extract<
  DataType,
  "repos" | "wiki" | "boards" | "pipelines" | "testPlans" | "artifacts"
>;

export interface BackupOptions {
  organizationUrl: string;
  authorization: AuthorizationSource;
  store: ObjectStore;
  /** Kept mirrors live here between runs (what makes fetches incremental). */
  workDir: string;
  /** Project names or ids; default every project of the organization. */
  projects?: string[];
  data?: BackedUpData[];
  /**
   * Back up the organization's feeds (Artifacts) once in this run; default when `data` has
   * artifacts. The service says so for one project of a run only.
   */
  organizationFeeds?: boolean;
  /** Jobs (and projects) at once; default 3. */
  concurrency?: number;
  report?: EngineReporter;
  runId?: string;
}

export interface ProjectResult {
  project: ProjectRef;
  /** Undefined when the project could not be listed (nothing was committed for it). */
  snapshotKey?: string;
  repositories: number;
  skipped: ItemNote[];
  failed: ItemNote[];
  /** As the service reports it (src/core/service-api.ts): partial when some items failed. */
  outcome: BackupOutcome;
  /** Bytes this project's backup added to the destination. */
  bytesStored: number;
  durationMs: number;
}

export type CommittedProject = Omit<ProjectResult, "outcome" | "bytesStored" | "durationMs">;

function outcomeOf(p: CommittedProject): BackupOutcome {
  if (!p.snapshotKey) return "failed";
  return p.failed.length > 0 ? "partial" : "succeeded";
}

export interface BackupResult {
  runId: string;
  projects: ProjectResult[];
  storage: StorageCounters;
  /** The organization's feeds (Artifacts), when this run backed them up. */
  organizationFeeds?: DataTypeRunOutcome;
  /** Items that failed, over all projects (a non-zero exit for the command line). */
  failedCount: number;
}

async function committedProject(
  store: ObjectStore,
  project: ProjectRef,
  runId: string,
): Promise<CommittedProject | undefined> {
  const key = snapshotKey(project.id, runId);
  if (!(await store.has(key))) return undefined;
  const s = await readSnapshot(store, key);
  return {
    project,
    snapshotKey: key,
    repositories: s.repositories.length,
    skipped: s.skipped,
    failed: s.failed,
  };
}

async function projectsInScope(api: ReposApi, wanted: string[] | undefined): Promise<ProjectRef[]> {
  if (!wanted || wanted.length === 0) return api.projects();

  const found = await Promise.all(wanted.map((p) => api.project(p)));
  return found.map((p) => ({ id: p.id, name: p.name }));
}

/** One project's result; a project that could not be backed up at all is its one failed item. */
async function projectResult(
  options: BackupOptions & { runId: string },
  run: ProjectRun,
  content: ContentStore,
  project: ProjectRef,
): Promise<ProjectResult> {
  const started = Date.now();
  const finish = (p: CommittedProject): ProjectResult => ({
    ...p,
    outcome: outcomeOf(p),
    bytesStored: content.counters.bytesWritten,
    durationMs: Date.now() - started,
  });
  try {
    // A resumed run: a project it already committed is not backed up again.
    const committed = await committedProject(options.store, project, options.runId);
    return finish(committed ?? (await backupProject(options, run, content, project)));
  } catch (e) {
    const reason = `project not backed up: ${(e as Error).message}`;
    (options.report ?? silentReporter)({
      type: "item-finished",
      project: project.name,
      item: "(project)",
      outcome: "failed",
      detail: reason,
    });
    const failed = [{ kind: "repository" as const, id: project.id, name: project.name, reason }];
    return finish({ project, repositories: 0, skipped: [], failed });
  }
}

/** The organization's feeds (Artifacts of ORGANIZATION_FEEDS) as one job of the run. */
async function organizationFeeds(
  executor: BackupExecutor,
  executors: JobExecutors,
  organizationUrl: string,
  runId: string,
): Promise<DataTypeRunOutcome> {
  const job: DataTypeJob = {
    kind: "dataType",
    organizationUrl,
    runId,
    project: ORGANIZATION_FEEDS,
    dataType: "artifacts",
  };
  const parts = emptyParts();
  const finished = await executor
    .run([job], executors)
    .catch((e: unknown) => [unfinishedJob(job, (e as Error).message)]);
  foldFinished(parts, finished, undefined);
  const { dataSnapshots: snapshots, skipped, failed, bytesStored } = parts;
  return { snapshots, skipped, failed, bytesStored };
}

function sumOf(counters: StorageCounters[]): StorageCounters {
  const sum = { objectsWritten: 0, objectsReused: 0, bytesWritten: 0 };
  for (const c of counters) {
    sum.objectsWritten += c.objectsWritten;
    sum.objectsReused += c.objectsReused;
    sum.bytesWritten += c.bytesWritten;
  }
  return sum;
}

export async function runBackup(
  options: BackupOptions,
  executor?: BackupExecutor,
): Promise<BackupResult> {
  const runId = options.runId ?? newRunId();
  const report = options.report ?? silentReporter;
  const api = new ReposApi(options.organizationUrl, options.authorization, (e) => {
    if (e.type === "retry")
      report({ type: "retry", detail: `${e.method} ${new URL(e.url).pathname}: ${e.reason}` });
  });
  const concurrency = options.concurrency ?? 3;
  const run: ProjectRun = { api, executor: executor ?? inProcessExecutor(concurrency) };
  const projects = await projectsInScope(api, options.projects);
  const contents = projects.map(() => new ContentStore(options.store));
  const feedsContent = new ContentStore(options.store);
  // The feeds are independent of every project: their job runs beside the projects' jobs.
  const feeds =
    (options.organizationFeeds ?? options.data?.includes("artifacts"))
      ? organizationFeeds(
          run.executor,
          backupJobExecutors({ ...options, content: feedsContent, apiFor: () => api }),
          options.organizationUrl,
          runId,
        )
      : undefined;
  const results = await mapBounded(projects, concurrency, (project, i) =>
    projectResult({ ...options, runId }, run, contents[i] as ContentStore, project),
  );
  const feedsOutcome = await feeds;
  if (feedsOutcome) feedsContent.countWritten(feedsOutcome.bytesStored);
  return {
    runId,
    projects: results,
    storage: sumOf([...contents, feedsContent].map((c) => c.counters)),
    ...(feedsOutcome ? { organizationFeeds: feedsOutcome } : {}),
    failedCount:
      results.reduce((n, p) => n + p.failed.length, 0) + (feedsOutcome?.failed.length ?? 0),
  };
}
