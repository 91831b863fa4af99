// A backup run: for each project in scope, list its repositories and wikis, back up every
// repository as its own job (bounded concurrency), then write the project's snapshot manifest
// last. Disabled, empty and missing items are recorded; a failed item is recorded and the run
// goes on; the exit status is the caller's to decide from `failed`.
import {
  ReposApi,
  type AuthorizationSource,
  type GitRepositoryInfo,
  type ProjectRef,
  type WikiInfo,
} from "../azure-devops/repos-api";
import { AdoRequestError } from "../../../src/ado/transport";
import type { DataType } from "../../../src/core/data-types";
import type { BackupOutcome } from "../../../src/core/service-api";
import { mapBounded } from "../concurrency";
import { backupProjectBoards } from "../boards/project-boards";
import {
  backupOrganizationFeeds,
  backupProjectDataTypes,
  type DataTypeRunOutcome,
} from "./data-type-runs";
import { silentReporter, type EngineReporter } from "../events";
import {
  latestSnapshot,
  readSnapshot,
  newRunId,
  snapshotKey,
  writeSnapshot,
  type ItemNote,
  type ProjectSnapshot,
  type RepositorySnapshot,
  type WikiSnapshot,
} from "../snapshot";
import { ContentStore, type StorageCounters } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import {
  backupRepository,
  type RepositoryJobContext,
  type RepositoryOutcome,
} from "./repository-job";

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
  /** Repositories backed up at once; default 3. */
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

type CommittedProject = Omit<ProjectResult, "outcome" | "bytesStored" | "durationMs">;

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

/** Runs a list of repository jobs; the queue-backed executor runs them across workers instead. */
export type RepositoryExecutor = (
  jobs: {
    project: ProjectRef;
    repo: GitRepositoryInfo;
    previous: RepositorySnapshot | undefined;
  }[],
  run: (job: {
    project: ProjectRef;
    repo: GitRepositoryInfo;
    previous: RepositorySnapshot | undefined;
  }) => Promise<RepositoryOutcome>,
) => Promise<RepositoryOutcome[]>;

export function inProcessExecutor(concurrency: number): RepositoryExecutor {
  return (jobs, run) => mapBounded(jobs, concurrency, run);
}

function wikiSnapshot(w: WikiInfo): WikiSnapshot {
  const version = w.versions?.[0]?.version;
  return {
    id: w.id,
    name: w.name,
    type: w.type,
    repositoryId: w.repositoryId,
    mappedPath: w.mappedPath ?? "/",
    ...(version ? { version } : {}),
  };
}

interface ProjectInventory {
  repos: GitRepositoryInfo[];
  wikis: WikiInfo[];
  notes: ItemNote[];
}

async function inventory(
  api: ReposApi,
  project: ProjectRef,
  data: BackedUpData[],
): Promise<ProjectInventory> {
  const notes: ItemNote[] = [];
  const listed = await Promise.all([
    api.wikis(project.id).catch((e: unknown) => {
      notes.push({
        kind: "wiki",
        id: project.id,
        name: `${project.name} wikis`,
        reason: (e as Error).message,
      });
      return [];
    }),
    api.repositories(project.id),
  ]);
  let wikis: WikiInfo[] = listed[0];
  const all = listed[1];
  const wikiRepos = new Set(
    wikis.filter((w) => w.type === "projectWiki").map((w) => w.repositoryId),
  );
  const repos = all.filter((r) =>
    wikiRepos.has(r.id) ? data.includes("wiki") : data.includes("repos"),
  );
  if (!data.includes("wiki")) wikis = [];
  return { repos, wikis, notes };
}

function outcomeNotes(
  outcomes: RepositoryOutcome[],
  skipped: ItemNote[],
  failed: ItemNote[],
): RepositorySnapshot[] {
  const repositories: RepositorySnapshot[] = [];
  for (const o of outcomes) {
    if (o.kind === "ok") {
      repositories.push(o.snapshot);
      for (const n of o.notes) (n.kind === "repository" ? skipped : failed).push(n);
    } else if (o.kind === "skipped") skipped.push(o.note);
    else {
      failed.push(o.note);
      if (o.carried) repositories.push(o.carried);
    }
  }
  return repositories;
}

export async function backupProject(
  options: BackupOptions & { runId: string },
  api: ReposApi,
  content: ContentStore,
  project: ProjectRef,
  executor: RepositoryExecutor,
): Promise<CommittedProject> {
  const report = options.report ?? silentReporter;
  const startedAt = new Date().toISOString();
  const bytesBefore = content.counters.bytesWritten;
  const [previous, { repos, wikis, notes }] = await Promise.all([
    latestSnapshot(options.store, project.id),
    inventory(api, project, options.data ?? ["repos", "wiki"]),
  ]);
  report({ type: "project-started", project: project.name, items: repos.length });
  const ctx: RepositoryJobContext = {
    api,
    authorization: options.authorization,
    content,
    workDir: options.workDir,
  };
  const outcomes = await executor(
    repos.map((repo) => ({
      project,
      repo,
      previous: previous?.repositories.find((r) => r.id === repo.id),
    })),
    async (job) => {
      report({ type: "item-started", project: project.name, item: job.repo.name });
      const outcome = await backupRepository(ctx, job.project, job.repo, job.previous);
      const detail = outcome.kind === "ok" ? undefined : outcome.note.reason;
      report({
        type: "item-finished",
        project: project.name,
        item: job.repo.name,
        outcome: outcome.kind,
        ...(detail ? { detail } : {}),
      });
      return outcome;
    },
  );
  const skipped: ItemNote[] = [];
  const failed: ItemNote[] = [...notes];
  const repositories = outcomeNotes(outcomes, skipped, failed);
  for (const gone of previous?.repositories ?? [])
    if (!repos.some((r) => r.id === gone.id))
      skipped.push({
        kind: "repository",
        id: gone.id,
        name: gone.name,
        reason: "missing: no longer in the project",
      });
  for (const w of wikis)
    if (!repositories.some((r) => r.id === w.repositoryId))
      skipped.push({
        kind: "wiki",
        id: w.id,
        name: w.name,
        reason: "its repository was not backed up (disabled or missing)",
      });
  const policies = await backupPolicies(api, content, project, { skipped, failed });
  const boards = options.data?.includes("boards")
    ? await backupProjectBoards(api, content, project, previous?.boards, failed)
    : undefined;
  const data = await backupProjectDataTypes(
    options,
    project,
    options.data ?? [],
    previous?.dataSnapshots,
  );
  content.countWritten(data.bytesStored);
  skipped.push(...data.skipped);
  failed.push(...data.failed);
  const dataSnapshots = Object.keys(data.snapshots).length > 0 ? data.snapshots : undefined;
  const snapshot: ProjectSnapshot = {
    format: 1,
    runId: options.runId,
    organizationUrl: options.organizationUrl,
    project,
    startedAt,
    completedAt: new Date().toISOString(),
    repositories,
    wikis: wikis.map(wikiSnapshot),
    ...(policies ? { policies } : {}),
    ...(boards ? { boards } : {}),
    ...(dataSnapshots ? { dataSnapshots } : {}),
    skipped,
    failed,
  };
  content.countWritten(await writeSnapshot(options.store, snapshot));
  report({
    type: "project-committed",
    project: project.name,
    runId: options.runId,
    bytesWritten: content.counters.bytesWritten - bytesBefore,
  });
  return {
    project,
    snapshotKey: snapshotKey(project.id, options.runId),
    repositories: repositories.length,
    skipped,
    failed,
  };
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

/** Branch policies are recorded (not restored); a server without the Policy area is noted. */
async function backupPolicies(
  api: ReposApi,
  content: ContentStore,
  project: ProjectRef,
  notes: { skipped: ItemNote[]; failed: ItemNote[] },
): Promise<string | undefined> {
  try {
    return await content.putJson(await api.policyConfigurations(project.id));
  } catch (e) {
    const name = `${project.name} policies`;
    if (e instanceof AdoRequestError && e.status === 404)
      notes.skipped.push({
        kind: "policies",
        id: project.id,
        name,
        reason: "not offered by this server",
      });
    else
      notes.failed.push({ kind: "policies", id: project.id, name, reason: (e as Error).message });
    return undefined;
  }
}

async function projectsInScope(api: ReposApi, wanted: string[] | undefined): Promise<ProjectRef[]> {
  if (!wanted || wanted.length === 0) return api.projects();

  const found = await Promise.all(wanted.map((p) => api.project(p)));
  return found.map((p) => ({ id: p.id, name: p.name }));
}

export async function runBackup(
  options: BackupOptions,
  executor?: RepositoryExecutor,
): Promise<BackupResult> {
  const runId = options.runId ?? newRunId();
  const report = options.report ?? silentReporter;
  const api = new ReposApi(options.organizationUrl, options.authorization, (e) => {
    if (e.type === "retry")
      report({ type: "retry", detail: `${e.method} ${new URL(e.url).pathname}: ${e.reason}` });
  });
  const content = new ContentStore(options.store);
  const run = executor ?? inProcessExecutor(options.concurrency ?? 3);
  const results: ProjectResult[] = [];
  for (const project of await projectsInScope(api, options.projects)) {
    const started = Date.now();
    const bytesBefore = content.counters.bytesWritten;
    const finish = (p: CommittedProject): ProjectResult => ({
      ...p,
      outcome: outcomeOf(p),
      bytesStored: content.counters.bytesWritten - bytesBefore,
      durationMs: Date.now() - started,
    });
    try {
      // A resumed run: a project it already committed is not backed up again.
      const committed = await committedProject(options.store, project, runId);
      results.push(
        finish(
          committed ?? (await backupProject({ ...options, runId }, api, content, project, run)),
        ),
      );
    } catch (e) {
      const failed = [
        {
          kind: "repository" as const,
          id: project.id,
          name: project.name,
          reason: `project not backed up: ${(e as Error).message}`,
        },
      ];
      report({
        type: "item-finished",
        project: project.name,
        item: "(project)",
        outcome: "failed",
        detail: failed[0]?.reason ?? "",
      });
      results.push(finish({ project, repositories: 0, skipped: [], failed }));
    }
  }
  const organizationFeeds =
    (options.organizationFeeds ?? options.data?.includes("artifacts"))
      ? await backupOrganizationFeeds({ ...options, runId })
      : undefined;
  if (organizationFeeds) content.countWritten(organizationFeeds.bytesStored);
  return {
    runId,
    projects: results,
    storage: { ...content.counters },
    ...(organizationFeeds ? { organizationFeeds } : {}),
    failedCount:
      results.reduce((n, p) => n + p.failed.length, 0) + (organizationFeeds?.failed.length ?? 0),
  };
}
