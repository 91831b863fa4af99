// Carries out one recorded restore: the engine's applyRestore of the plan the admin confirmed,
// acting as the account that connected the organization, with its progress (repositories and
// wikis done) written as it goes and what it created recorded at the end. Nothing here
// re-implements the engine: new repositories only, no force-push, no refs/pull/*. Then each chosen
// data type in order (Boards, Pipelines, Test Plans, Artifacts), its progress written as it goes.
import { join } from "node:path";
import { clipText } from "../../src/core/scope";
import {
  type AuthorizationSource,
  ContentStore,
  type EngineEvent,
  type ObjectStore,
  type ReposApi,
  type RestorePlan,
  applyRestore,
} from "../engine";
import type { DataTypeRestoreWire } from "../../src/core/restore-data-wire";
import type { Database } from "../store/database";
import type { PlannedPart } from "./restore-data-plan";
import type { BackupRunsConfig } from "./runs-config";
import {
  type RestoreResultWire,
  finishRestore,
  restoreDataTypes,
  restoreHeartbeat,
} from "./restore-store";

const MAX_REASON = 500;
const HEARTBEAT_MS = 30_000;

export interface RestoreJob {
  restoreId: string;
  organization: string;
  plan: RestorePlan;
  /** The chosen data types beyond Repos and Wikis, planned, in the order they are applied. */
  parts: PlannedPart[];
  api: ReposApi;
  authorization: AuthorizationSource;
  store: ObjectStore;
}

export interface RestoreExecutorDeps {
  db: Database;
  runs: BackupRunsConfig;
  now: () => Date;
  warn: (message: string) => void;
}

/** Items done, written one update after another (the engine's reporter is synchronous). */
class RestoreProgress {
  private done = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: RestoreExecutorDeps,
    private readonly restoreId: string,
  ) {}

  readonly reporter = (e: EngineEvent): void => {
    if (e.type !== "item-finished") return;
    const done = ++this.done;
    this.pending = this.pending
      .then(() => restoreHeartbeat(this.deps.db, this.restoreId, this.deps.now(), done))
      .catch((err: Error) => this.deps.warn(`Restore ${this.restoreId}: ${err.message}`));
  };

  flush(): Promise<void> {
    return this.pending;
  }
}

/**
 * Each part applied in turn, its progress and result recorded as it changes; a part that throws
 * is recorded as failed and the next one goes on (what it created stays).
 */
async function applyParts(deps: RestoreExecutorDeps, job: RestoreJob): Promise<void> {
  const progress: DataTypeRestoreWire[] = job.parts.map((p) => ({
    dataType: p.dataType,
    status: "waiting",
    created: [],
    failed: [],
  }));
  let workItems: ReadonlyMap<number, number> = new Map();
  for (const [i, part] of job.parts.entries()) {
    const record = (change: Partial<DataTypeRestoreWire>) => {
      progress[i] = { ...(progress[i] as DataTypeRestoreWire), ...change };
      return restoreDataTypes(deps.db, job.restoreId, deps.now(), progress);
    };
    await record({ status: "restoring" });
    try {
      const applied = await part.apply(workItems);
      workItems = applied.workItems ?? workItems;
      await record({
        status: "done",
        created: applied.created,
        failed: applied.failed.map((f) => ({
          name: f.name,
          reason: clipText(f.reason, MAX_REASON),
        })),
      });
    } catch (e) {
      await record({
        status: "done",
        failed: [{ name: part.dataType, reason: clipText((e as Error).message, MAX_REASON) }],
      });
    }
  }
}

/** Runs a recorded restore to its end; never rejects (a failure is recorded on the restore). */
export async function executeRestore(deps: RestoreExecutorDeps, job: RestoreJob): Promise<void> {
  const beat = setInterval(
    () => void restoreHeartbeat(deps.db, job.restoreId, deps.now()).catch(() => undefined),
    HEARTBEAT_MS,
  );
  const progress = new RestoreProgress(deps, job.restoreId);
  let result: RestoreResultWire = { created: [], failed: [] };
  let failure: string | undefined;
  try {
    const applied = await applyRestore(
      {
        api: job.api,
        authorization: job.authorization,
        content: new ContentStore(job.store),
        workDir: join(deps.runs.workDir, job.organization, "restore"),
        report: progress.reporter,
        concurrency: deps.runs.concurrency,
      },
      job.plan,
    );
    result = {
      created: applied.created.map((c) => ({ kind: c.kind, name: c.name })),
      failed: applied.failed.map((f) => ({ name: f.name, reason: clipText(f.reason, MAX_REASON) })),
    };
    await applyParts(deps, job);
  } catch (e) {
    failure = clipText((e as Error).message, MAX_REASON);
  } finally {
    clearInterval(beat);
    await progress.flush();
  }
  try {
    await finishRestore(deps.db, job.restoreId, deps.now(), result, failure);
  } catch (e) {
    deps.warn(
      `Restore ${job.restoreId} could not be recorded as finished: ${(e as Error).message}`,
    );
  }
}
