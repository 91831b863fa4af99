// A run's jobs through a JobQueue: the process running the backup enqueues each project's jobs
// (repositories and data types), works on the run's jobs itself (`lanes`, shared by all its
// projects) while other worker processes help, and hands each project its outcomes before it
// commits the project's snapshot. A job whose worker died is claimed again when its lease runs out.
import {
  executeJob,
  jobKey,
  storedOutcome,
  type BackupExecutor,
  type BackupJob,
  type FinishedJob,
  type JobExecutors,
} from "./backup-jobs";
import type { JobQueue } from "./job-queue";
import { sleep, workOneJob, type WorkerSettings } from "./worker-loop";

export {
  DEFAULT_WORKER_SETTINGS,
  workOneJob,
  workerLoop,
  type WorkerSettings,
} from "./worker-loop";

export type QueueSettings = WorkerSettings & { lanes: number; maxAttempts: number };

/** A job this process waits for, with the executors of the project that handed it over. */
interface Waiting {
  job: BackupJob;
  executors: JobExecutors;
  done: ((finished: FinishedJob) => void)[];
  broken: ((e: unknown) => void)[];
}

class QueuedExecutor implements BackupExecutor {
  private readonly waiting = new Map<string, Waiting>();
  /** For a job of the run nobody here waits for yet (queued by a coordinator that died). */
  private latestExecutors: JobExecutors | undefined;
  private lanes = 0;

  constructor(
    private readonly queue: JobQueue,
    private readonly runId: string,
    private readonly settings: QueueSettings,
  ) {}

  async run(jobs: BackupJob[], executors: JobExecutors): Promise<FinishedJob[]> {
    if (jobs.length === 0) return [];
    const keyed = jobs.map((job) => ({ key: jobKey(job), payload: job }));
    await this.queue.enqueue(this.runId, keyed, this.settings.maxAttempts);
    this.latestExecutors = executors;
    const finished = keyed.map(
      ({ key, payload: job }) =>
        new Promise<FinishedJob>((resolve, reject) => {
          const w = this.waiting.get(key) ?? { job, executors, done: [], broken: [] };
          w.done.push(resolve);
          w.broken.push(reject);
          this.waiting.set(key, w);
        }),
    );
    // lanes = 0: this process only coordinates, one loop waiting for the worker processes.
    while (this.lanes < Math.max(1, this.settings.lanes)) {
      this.lanes++;
      void this.lane();
    }
    return Promise.all(finished);
  }

  private async lane(): Promise<void> {
    try {
      while (this.waiting.size > 0) {
        const worked =
          this.settings.lanes > 0 &&
          (await workOneJob(this.queue, this.settings, (job) => this.execute(job), this.runId));
        await this.settle();
        if (!worked) await sleep(this.settings.pollMs); // the rest is leased by other workers
      }
    } catch (e) {
      // The queue itself failed (not a job): every project waiting here fails with it.
      for (const w of this.waiting.values()) for (const broken of w.broken) broken(e);
      this.waiting.clear();
    } finally {
      this.lanes--; // right after the loop's last check: a later run() starts a lane again
    }
  }

  private async execute(job: BackupJob): Promise<unknown> {
    const executors = this.waiting.get(jobKey(job))?.executors ?? this.latestExecutors;
    if (!executors) throw new Error("no executors for this run's jobs yet");
    return (await executeJob(executors, job)).outcome;
  }

  /** Hands over the outcomes of the jobs waited for that are done or failed for good. */
  private async settle(): Promise<void> {
    const rows = await this.queue.results(this.runId, [...this.waiting.keys()]);
    for (const row of rows) {
      const w = this.waiting.get(row.key);
      if (!w) continue;
      this.waiting.delete(row.key);
      for (const done of w.done) done(storedOutcome(w.job, row));
    }
  }
}

/** The run's executor through `queue`: one per run, shared by the run's projects (each job names its organization). */
export function queueExecutor(
  queue: JobQueue,
  runId: string,
  settings: QueueSettings,
): BackupExecutor {
  return new QueuedExecutor(queue, runId, settings);
}
