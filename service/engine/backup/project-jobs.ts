// A project's jobs in a run and what their outcomes make of its snapshot: the repositories
// backed up (or carried over from the previous snapshot when they failed), the Boards copy and
// the data types' manifests (this run's, or the previous ones when a data type failed), and the
// notes of what was skipped or failed, in the order of the jobs.
import type { ProjectRef } from "../azure-devops/repos-api";
import type { BoardsSnapshot } from "../boards/boards-snapshot";
import type { DataTypeJob, FinishedJob, JobKind } from "../jobs/backup-jobs";
import type { SnapshotDataType } from "../pipelines/data-snapshot";
import type { ItemNote, ProjectSnapshot, RepositorySnapshot } from "../snapshot";
import { PROJECT_DATA_TYPES, type DataTypeOutcome, type JobDataType } from "./data-type-runs";

/** The parts of a project's snapshot its jobs make. */
export interface ProjectParts {
  repositories: RepositorySnapshot[];
  boards?: BoardsSnapshot;
  dataSnapshots: Partial<Record<SnapshotDataType, string>>;
  skipped: ItemNote[];
  failed: ItemNote[];
  /** What the data types stored (repositories count in the project's own content store). */
  bytesStored: number;
}

export function emptyParts(): ProjectParts {
  return { repositories: [], dataSnapshots: {}, skipped: [], failed: [], bytesStored: 0 };
}

/** The selected data types of a project as its jobs, in PROJECT_DATA_TYPES' order. */
export function dataTypeJobs(
  organizationUrl: string,
  runId: string,
  project: ProjectRef,
  data: readonly string[],
): DataTypeJob[] {
  return PROJECT_DATA_TYPES.filter((t) => data.includes(t)).map((dataType) => ({
    kind: "dataType",
    organizationUrl,
    runId,
    project,
    dataType,
  }));
}

type Copy = (into: ProjectParts, o: DataTypeOutcome, previous: ProjectSnapshot | undefined) => void;

function manifestCopy(type: SnapshotDataType): Copy {
  return (into, o, previous) => {
    const key = o.manifest ?? previous?.dataSnapshots?.[type];
    if (key) into.dataSnapshots[type] = key;
  };
}

/** Where each data type's copy goes in the snapshot, the previous one when this run has none. */
const COPIES: Readonly<Record<JobDataType, Copy>> = {
  boards: (into, o, previous) => {
    const boards = o.boards ?? previous?.boards;
    if (boards) into.boards = boards;
  },
  pipelines: manifestCopy("pipelines"),
  testPlans: manifestCopy("testPlans"),
  artifacts: manifestCopy("artifacts"),
};

type Fold<K extends JobKind> = (
  into: ProjectParts,
  finished: Extract<FinishedJob, { job: { kind: K } }>,
  previous: ProjectSnapshot | undefined,
) => void;

const FOLDS: { [K in JobKind]: Fold<K> } = {
  repository: (into, { outcome: o }) => {
    if (o.kind === "ok") {
      into.repositories.push(o.snapshot);
      for (const n of o.notes) (n.kind === "repository" ? into.skipped : into.failed).push(n);
    } else if (o.kind === "skipped") into.skipped.push(o.note);
    else {
      into.failed.push(o.note);
      if (o.carried) into.repositories.push(o.carried);
    }
  },
  dataType: (into, { job, outcome }, previous) => {
    into.skipped.push(...outcome.skipped);
    into.failed.push(...outcome.failed);
    into.bytesStored += outcome.bytesStored;
    COPIES[job.dataType](into, outcome, previous);
  },
};

/** Adds finished jobs' outcomes to the project's parts, in their order. */
export function foldFinished(
  into: ProjectParts,
  finished: readonly FinishedJob[],
  previous: ProjectSnapshot | undefined,
): void {
  for (const f of finished) (FOLDS[f.job.kind] as Fold<JobKind>)(into, f, previous);
}
