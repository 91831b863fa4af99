// The kinds of job a backup run is made of, as they are queued (the payload is the job itself):
// one repository (Repos, or a Wiki's repository) or one data type of a project (Boards,
// Pipelines, Test Plans, Artifacts; the organization's feeds are Artifacts of ORGANIZATION_FEEDS).
// Each kind has its outcome, its key, its executor and what a job that never finished counts as;
// the maps are typed by kind, so a new kind cannot be queued without all of them.
import type { GitRepositoryInfo, ProjectRef } from "../azure-devops/repos-api";
import { dataTypeItemName, type DataTypeOutcome, type JobDataType } from "../backup/data-type-runs";
import type { RepositoryOutcome } from "../backup/repository-job";
import type { RepositorySnapshot } from "../snapshot";

export interface RepositoryJob {
  kind: "repository";
  organizationUrl: string;
  project: ProjectRef;
  repo: GitRepositoryInfo;
  previous?: RepositorySnapshot;
}

/** Reads its previous copy itself (the project's last snapshot, the data type's last manifest). */
export interface DataTypeJob {
  kind: "dataType";
  organizationUrl: string;
  runId: string;
  project: ProjectRef;
  dataType: JobDataType;
}

interface BackupJobKinds {
  repository: { job: RepositoryJob; outcome: RepositoryOutcome };
  dataType: { job: DataTypeJob; outcome: DataTypeOutcome };
}

export type JobKind = keyof BackupJobKinds;
type JobOf<K extends JobKind> = BackupJobKinds[K]["job"];
type OutcomeOf<K extends JobKind> = BackupJobKinds[K]["outcome"];
export type BackupJob = JobOf<JobKind>;

/** A job with its outcome, paired by kind. */
export type FinishedJob = { [K in JobKind]: { job: JobOf<K>; outcome: OutcomeOf<K> } }[JobKind];

/** How each kind of job is carried out. */
export type JobExecutors = { [K in JobKind]: (job: JobOf<K>) => Promise<OutcomeOf<K>> };

type PerKind<R, A extends unknown[] = []> = { [K in JobKind]: (job: JobOf<K>, ...args: A) => R };

/** Calls the function of the job's kind (TypeScript cannot pair a union's member with it). */
function byKind<R, A extends unknown[]>(fns: PerKind<R, A>, job: BackupJob, ...args: A): R {
  return (fns[job.kind] as (j: BackupJob, ...a: A) => R)(job, ...args);
}

const KEYS: PerKind<string> = {
  // As before data types were jobs: a run queued by an older version resumes with its keys.
  repository: (job) => `${job.project.id}/${job.repo.id}`,
  // Never a repository's key: repository ids are GUIDs, data type names are not.
  dataType: (job) => `${job.project.id}/${job.dataType}`,
};

const UNFINISHED: PerKind<FinishedJob, [reason: string]> = {
  repository: (job, reason) => ({
    job,
    outcome: {
      kind: "failed",
      note: { kind: "repository", id: job.repo.id, name: job.repo.name, reason },
      ...(job.previous ? { carried: job.previous } : {}),
    },
  }),
  dataType: (job, reason) => ({
    job,
    outcome: {
      skipped: [],
      failed: [{ kind: job.dataType, id: job.project.id, name: dataTypeItemName(job), reason }],
      bytesStored: 0,
    },
  }),
};

/** The job's key in its run's queue (unique within the run). */
export function jobKey(job: BackupJob): string {
  return byKind(KEYS, job);
}

/** The job's outcome when it never finished (every attempt failed or ran out of lease). */
export function unfinishedJob(job: BackupJob, reason: string): FinishedJob {
  return byKind(UNFINISHED, job, reason);
}

/** Carries a job out with the executor of its kind. */
export async function executeJob(executors: JobExecutors, job: BackupJob): Promise<FinishedJob> {
  const outcome = await byKind(executors as PerKind<Promise<unknown>>, job);
  return { job, outcome } as FinishedJob;
}

/** A job as stored; rows queued before jobs had kinds are repository jobs. */
export function decodeJob(payload: unknown): BackupJob {
  const p = payload as Partial<BackupJob>;
  return p.kind ? (p as BackupJob) : ({ ...p, kind: "repository" } as RepositoryJob);
}

/** A finished job's outcome as the queue stored it (done), or its failure (failed for good). */
export function storedOutcome(
  job: BackupJob,
  row: { state: "done" | "failed"; result?: unknown; error?: string },
): FinishedJob {
  if (row.state === "failed") return unfinishedJob(job, row.error ?? "the job did not finish");
  return { job, outcome: row.result } as FinishedJob;
}

/** Runs a run's jobs, in this process or through the queue with worker processes. */
export interface BackupExecutor {
  /** Answers each job's outcome, in the order of `jobs`; never rejects for a job's own failure. */
  run(jobs: BackupJob[], executors: JobExecutors): Promise<FinishedJob[]>;
}
