// A worker's side of the job queue: claim a job, renew its lease while carrying it out, then
// complete it with its outcome or fail it (another attempt, or failed for good). A worker process
// loops over this until it has been idle long enough; a run's coordinator uses the same step.
import { decodeJob, executeJob, type BackupJob, type JobExecutors } from "./backup-jobs";
import type { JobQueue } from "./job-queue";

export interface WorkerSettings {
  workerId: string;
  leaseMs: number;
  pollMs: number;
}

export const DEFAULT_WORKER_SETTINGS: Omit<WorkerSettings, "workerId"> = {
  leaseMs: 60_000,
  pollMs: 500,
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Works one job (of one run, if given), renewing its lease meanwhile; false when there was none. */
export async function workOneJob(
  queue: JobQueue,
  settings: WorkerSettings,
  execute: (job: BackupJob) => Promise<unknown>,
  runId?: string,
): Promise<boolean> {
  const claimed = await queue.claim(settings.workerId, settings.leaseMs, runId);
  if (!claimed) return false;
  const heartbeat = setInterval(
    () => void queue.renew(claimed.id, settings.workerId, settings.leaseMs).catch(() => false),
    settings.leaseMs / 3,
  );
  try {
    await queue.complete(claimed.id, settings.workerId, await execute(decodeJob(claimed.payload)));
  } catch (e) {
    await queue.fail(claimed.id, settings.workerId, (e as Error).message);
  } finally {
    clearInterval(heartbeat);
  }
  return true;
}

/** A worker process's loop: take jobs until `stop()` says so (e.g. idle for a while). */
export async function workerLoop(
  queue: JobQueue,
  settings: WorkerSettings,
  executors: JobExecutors,
  stop: (idleMs: number) => boolean,
): Promise<void> {
  const execute = async (job: BackupJob): Promise<unknown> =>
    (await executeJob(executors, job)).outcome;
  let idleSince = Date.now();
  for (;;) {
    if (await workOneJob(queue, settings, execute)) idleSince = Date.now();
    else {
      if (stop(Date.now() - idleSince)) return;
      await sleep(settings.pollMs);
    }
  }
}
