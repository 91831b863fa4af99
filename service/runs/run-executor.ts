// Carries out one recorded run: decides its projects (the scope, or the one project asked for),
// then backs them up through the engine (runBackup with the engine's job queue, so worker
// processes may help), several projects at once sharing the run's job lanes (so the data types of
// different projects run side by side, up to the run's concurrency), acting as the account that
// connected the organization, and records each project's progress and outcome as it goes.
// Nothing here re-implements the engine.
import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { clipText, coverageFrom, isProtected, reconcile } from "../../src/core/scope";
import type { DataType } from "../../src/core/data-types";
import { DATA_TYPE_LABELS } from "../../src/core/data-types";
import { openStore } from "../cli/common";
import { mapBounded } from "../engine/concurrency";
import {
  DEFAULT_WORKER_SETTINGS,
  type AuthorizationSource,
  type BackedUpData,
  type BackupExecutor,
  type JobQueue,
  type ObjectStore,
  PgJobQueue,
  type ProjectResult,
  ReposApi,
  SqliteJobQueue,
  queueExecutor,
  runBackup,
} from "../engine";
import type { Identity } from "../identity";
import type { Database } from "../store/database";
import { loadScope } from "../store/scope-repository";
import { withOrganizationFeeds } from "./organization-feeds";
import { ProjectProgress } from "./project-progress";
import type { BackupRunsConfig } from "./runs-config";
import * as runs from "./run-store";

export interface RunDeps {
  db: Database;
  identity: Identity;
  /** Azure DevOps base: an organization is `${azureDevOpsUrl}/${organization}`. */
  azureDevOpsUrl: string;
  runs: BackupRunsConfig;
  now: () => Date;
  warn: (message: string) => void;
}

export interface RunRequest {
  runId: string;
  organization: string;
  projectId?: string;
  /**
   * Carry on a run whose process died: its finished projects are kept, the rest are backed up
   * under the same run id (the engine keeps the queue's finished jobs and committed snapshots).
   */
  resume?: boolean;
}

/** The data types the engine backs up today; the others are named in the outcome's reason. */
const ENGINE_DATA: Partial<Record<DataType, BackedUpData>> = {
  repos: "repos",
  wiki: "wiki",
  boards: "boards",
  pipelines: "pipelines",
  testPlans: "testPlans",
  artifacts: "artifacts",
};
const MAX_REASON = 500;
const HEARTBEAT_MS = 30_000;

/** The whole scope (protected projects as they are now), or the one project asked for. */
async function plannedProjects(
  deps: RunDeps,
  api: ReposApi,
  request: RunRequest,
): Promise<runs.PlannedProject[]> {
  const scope = await loadScope(deps.db, request.organization);
  if (request.projectId) {
    const project = await api.project(request.projectId);
    const coverage = coverageFrom(scope.settings, scope.entries.get(project.id));
    // "Back up now" of a project outside the scope still backs it up, with the default types.
    const dataTypes = isProtected(coverage) ? coverage.dataTypes : scope.settings.defaultDataTypes;
    return [{ projectId: project.id, name: project.name, dataTypes }];
  }
  return reconcile(scope, await api.projects())
    .rows.flatMap((row) =>
      isProtected(row.coverage)
        ? [{ projectId: row.project.id, name: row.project.name, dataTypes: row.coverage.dataTypes }]
        : [],
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The data types of the scope the engine does not back up yet, in words ("" when none). */
function notBackedUpYet(unsupported: DataType[]): string {
  return unsupported.length
    ? `${unsupported.map((t) => DATA_TYPE_LABELS[t]).join(", ")}: not backed up by this version yet.`
    : "";
}

/** The engine's outcome of the project, with why in words (what failed, what is not backed up). */
function projectOutcome(
  result: ProjectResult | undefined,
  unsupported: DataType[],
): runs.ProjectOutcome {
  if (!result)
    return { outcome: "failed", bytesStored: 0, reason: "The project was not backed up." };
  const failures = result.failed.map((n) => `${n.name}: ${n.reason}`).join("; ");
  const reason =
    result.outcome === "failed" ? failures : `${failures}. ${notBackedUpYet(unsupported)}`;
  const words =
    reason.replace(/^\.\s*/, "").trim() || (result.outcome === "failed" ? "Not backed up." : "");
  return {
    outcome: result.outcome,
    bytesStored: result.bytesStored,
    ...(words ? { reason: clipText(words, MAX_REASON) } : {}),
  };
}

interface RunResources {
  api: ReposApi;
  authorization: AuthorizationSource;
  store: ObjectStore;
  /** The run's jobs, through the engine's queue: one executor for all the run's projects. */
  executor: BackupExecutor;
  organizationUrl: string;
  /** The project whose backup also takes the organization's feeds (once per run), if any. */
  organizationFeedsWith?: string;
}

async function backUpProject(
  deps: RunDeps,
  request: RunRequest,
  res: RunResources,
  project: runs.PlannedProject,
): Promise<void> {
  const { db, now } = deps;
  const data = project.dataTypes.flatMap((t) => ENGINE_DATA[t] ?? []);
  const unsupported = project.dataTypes.filter((t) => !ENGINE_DATA[t]);
  if (data.length === 0) {
    await runs.projectFinished(
      db,
      request.runId,
      project.projectId,
      { outcome: "skipped", bytesStored: 0, reason: notBackedUpYet(unsupported) },
      now(),
    );
    return;
  }
  await runs.projectStarted(db, request.runId, project.projectId, now());
  const progress = new ProjectProgress(db, request.runId, project.projectId);
  const result = await runBackup(
    {
      runId: request.runId,
      organizationUrl: res.organizationUrl,
      authorization: res.authorization,
      store: res.store,
      workDir: join(deps.runs.workDir, request.organization),
      projects: [project.projectId],
      data,
      organizationFeeds: res.organizationFeedsWith === project.projectId,
      concurrency: deps.runs.concurrency,
      report: progress.reporter,
    },
    res.executor,
  );
  await progress.flush();
  await runs.projectFinished(
    db,
    request.runId,
    project.projectId,
    projectOutcome(
      withOrganizationFeeds(result.projects[0], result.organizationFeeds),
      unsupported,
    ),
    now(),
  );
}

/** A folder per organization; a Blob container is shared (snapshots are keyed by project id). */
export function destinationOf(config: BackupRunsConfig, organization: string): ObjectStore {
  const url = /^https?:\/\//i.test(config.destination);
  return openStore(url ? config.destination : join(config.destination, organization), process.env);
}

/** The engine's queue: on PostgreSQL when configured so (workers on other machines help). */
function openQueue(location: string): JobQueue {
  if (/^postgres(ql)?:\/\//.test(location)) return new PgJobQueue(location);
  mkdirSync(dirname(location), { recursive: true });
  return new SqliteJobQueue(location);
}

/** Why the rest of a run cannot go on (the connection needs the admin), or undefined. */
async function connectionProblem(deps: RunDeps, organization: string): Promise<string | undefined> {
  const c = await deps.identity.connectionOf(organization);
  if (c.status === "connected") return undefined;
  return c.status === "renewalNeeded"
    ? `The connection needs renewal: ${c.reason}`
    : "The organization is not connected.";
}

/** The run's projects to back up: planned now, or (resumed) the ones it had not finished. */
async function projectsToBackUp(
  deps: RunDeps,
  request: RunRequest,
  api: ReposApi,
): Promise<runs.PlannedProject[]> {
  const left = request.resume ? await runs.unfinishedProjects(deps.db, request.runId) : undefined;
  if (left) return left;
  const planned = await plannedProjects(deps, api, request);
  await runs.planProjects(deps.db, request.runId, request.organization, planned);
  return planned;
}

async function backUpAll(deps: RunDeps, request: RunRequest, res: RunResources): Promise<void> {
  const planned = await projectsToBackUp(deps, request, res.api);
  // A run of the whole scope takes the organization's feeds with its first project with Artifacts.
  const feedsWith = request.projectId
    ? undefined
    : planned.find((p) => p.dataTypes.includes("artifacts"))?.projectId;
  const failed = (project: runs.PlannedProject, reason: string): Promise<void> =>
    runs.projectFinished(
      deps.db,
      request.runId,
      project.projectId,
      { outcome: "failed", bytesStored: 0, reason: clipText(reason, MAX_REASON) },
      deps.now(),
    );
  // Once the connection needs the admin, the projects not started yet fail with that reason.
  let problem: string | undefined;
  await mapBounded(planned, deps.runs.concurrency, async (project) => {
    if (problem) return failed(project, problem);
    try {
      await backUpProject(deps, request, { ...res, organizationFeedsWith: feedsWith }, project);
    } catch (e) {
      await failed(project, (e as Error).message);
    }
    problem ??= await connectionProblem(deps, request.organization);
  });
  if (problem) throw new Error(problem);
}

/** Runs a recorded run to its end; never rejects (a failure is recorded on the run). */
export async function executeRun(deps: RunDeps, request: RunRequest): Promise<void> {
  const organizationUrl = `${deps.azureDevOpsUrl}/${request.organization}`;
  const authorization = deps.identity.organizationAuthorization(request.organization);
  const beat = setInterval(
    () => void runs.heartbeat(deps.db, request.runId, deps.now()).catch(() => undefined),
    HEARTBEAT_MS,
  );
  let queue: JobQueue | undefined;
  let failure: string | undefined;
  try {
    queue = openQueue(deps.runs.queue);
    await backUpAll(deps, request, {
      api: new ReposApi(organizationUrl, authorization),
      authorization,
      store: destinationOf(deps.runs, request.organization),
      executor: queueExecutor(queue, request.runId, {
        ...DEFAULT_WORKER_SETTINGS,
        workerId: `${hostname()}:${process.pid}:service`,
        lanes: deps.runs.concurrency,
        maxAttempts: 3,
      }),
      organizationUrl,
    });
  } catch (e) {
    failure = clipText((e as Error).message, MAX_REASON);
  } finally {
    clearInterval(beat);
    await queue?.close().catch(() => undefined);
  }
  try {
    await runs.finishRun(deps.db, request.runId, deps.now(), failure);
  } catch (e) {
    deps.warn(`Run ${request.runId} could not be recorded as finished: ${(e as Error).message}`);
  }
}
