// A project's data types beyond Repos and Wikis as jobs of a run: Boards (kept in the project's
// snapshot) and Pipelines, Test Plans and Artifacts (each its own manifest under the run's id,
// DATA_TYPE_BACKUPS); the organization's feeds are the Artifacts of ORGANIZATION_FEEDS, once per
// run. A job reads its previous copy itself, so any worker can take it. A failed data type is a
// failed item and the run goes on; the project then carries the previous copy over, so a restore
// of this run still finds the last good one. What a backup could only record (secrets, Universal
// package files) is recorded as skipped, with its reason.
import type { AuthorizationSource, ProjectRef, ReposApi } from "../azure-devops/repos-api";
import { ORGANIZATION_SCOPE } from "../artifacts";
import { backupProjectBoards } from "../boards/project-boards";
import type { BoardsSnapshot } from "../boards/boards-snapshot";
import { silentReporter, type EngineReporter } from "../events";
import type { DataTypeJob } from "../jobs/backup-jobs";
import { dataSnapshotKey, type SnapshotDataType } from "../pipelines/data-snapshot";
import { DATA_TYPE_BACKUPS } from "../pipelines/data-type-backups";
import { latestSnapshot, type ItemNote } from "../snapshot";
import { ContentStore } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";

/** A project's data types that are jobs of their own, in the order a run queues them. */
export type JobDataType = "boards" | SnapshotDataType;
export const PROJECT_DATA_TYPES: readonly JobDataType[] = [
  "boards",
  "pipelines",
  "testPlans",
  "artifacts",
];

const LABELS: Readonly<Record<JobDataType, string>> = {
  boards: "Boards",
  pipelines: "Pipelines",
  testPlans: "Test Plans",
  artifacts: "Artifacts",
};

/** How a data type's job is named in a run's notes ("Fabrikam Fiber Test Plans"). */
export function dataTypeItemName(job: Pick<DataTypeJob, "project" | "dataType">): string {
  return `${job.project.name} ${LABELS[job.dataType]}`;
}

/** The organization's feeds, as a run names them in its notes. */
export const ORGANIZATION_FEEDS: ProjectRef = { id: ORGANIZATION_SCOPE, name: "Organization" };

/** What a data type's job did; without a copy (it failed) the project carries the previous one. */
export interface DataTypeOutcome {
  /** Boards: the copy the project's snapshot keeps. */
  boards?: BoardsSnapshot;
  /** Pipelines, Test Plans, Artifacts: the key of this run's manifest. */
  manifest?: string;
  skipped: ItemNote[];
  failed: ItemNote[];
  bytesStored: number;
}

/** The organization's feeds in a run's result: like a project's data types. */
export interface DataTypeRunOutcome {
  snapshots: Partial<Record<SnapshotDataType, string>>;
  skipped: ItemNote[];
  failed: ItemNote[];
  bytesStored: number;
}

export interface DataTypeJobContext {
  authorization: AuthorizationSource;
  store: ObjectStore;
  /** The repositories API of an organization (Boards reads through its transport). */
  apiFor: (organizationUrl: string) => ReposApi;
  report?: EngineReporter;
}

type DataTypeBackup = (ctx: DataTypeJobContext, job: DataTypeJob) => Promise<DataTypeOutcome>;

const backUpBoards: DataTypeBackup = async (ctx, job) => {
  const previous = (await latestSnapshot(ctx.store, job.project.id))?.boards;
  const content = new ContentStore(ctx.store);
  const failed: ItemNote[] = [];
  const api = ctx.apiFor(job.organizationUrl);
  // On failure Boards answers the previous copy (carried over) and notes why in `failed`.
  const boards = await backupProjectBoards(api, content, job.project, previous, failed);
  const copy = failed.length === 0 && boards ? { boards } : {};
  return { ...copy, skipped: [], failed, bytesStored: content.counters.bytesWritten };
};

function backUpManifest(type: SnapshotDataType): DataTypeBackup {
  return async (ctx, job) => {
    const note = (reason: string): ItemNote => ({
      kind: type,
      id: job.project.id,
      name: dataTypeItemName(job),
      reason,
    });
    // A resumed run: this data type's manifest was already committed under the run's id.
    const key = dataSnapshotKey(type, job.project.id, job.runId);
    if (await ctx.store.has(key)) return { manifest: key, skipped: [], failed: [], bytesStored: 0 };
    try {
      const result = await DATA_TYPE_BACKUPS[type]({
        organizationUrl: job.organizationUrl,
        authorization: ctx.authorization,
        store: ctx.store,
        project: job.project,
        runId: job.runId,
      });
      return {
        manifest: result.snapshotKey,
        skipped: result.notes.map(note),
        failed: [],
        bytesStored: result.storage.bytesWritten,
      };
    } catch (e) {
      return { skipped: [], failed: [note((e as Error).message)], bytesStored: 0 };
    }
  };
}

const DATA_TYPE_JOBS: Readonly<Record<JobDataType, DataTypeBackup>> = {
  boards: backUpBoards,
  pipelines: backUpManifest("pipelines"),
  testPlans: backUpManifest("testPlans"),
  artifacts: backUpManifest("artifacts"),
};

/** One data type of one project (or the organization's feeds), said as a line when done. */
export async function backupDataType(
  ctx: DataTypeJobContext,
  job: DataTypeJob,
): Promise<DataTypeOutcome> {
  const outcome = await DATA_TYPE_JOBS[job.dataType](ctx, job);
  const failure = outcome.failed[0]?.reason;
  // Said as a line, not as an item: a project's items are its repositories (the hub counts them).
  (ctx.report ?? silentReporter)({
    type: "message",
    text: `${(failure ? "failed" : "ok").padEnd(7)} ${job.project.name} / ${LABELS[job.dataType]}${failure ? `: ${failure}` : ""}`,
  });
  return outcome;
}
