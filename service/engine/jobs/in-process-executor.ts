// A run's jobs carried out in this process, at most `concurrency` at once over the whole run (the
// projects of a run share the limit), in the order they were handed over.
import { executeJob, unfinishedJob, type BackupExecutor } from "./backup-jobs";

/** At most `limit` tasks at once; the others wait their turn in order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await task();
    } finally {
      // The slot goes straight to the next in line, or back to the free ones.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export function inProcessExecutor(concurrency: number): BackupExecutor {
  const slots = new Slots(concurrency);
  return {
    run: (jobs, executors) =>
      Promise.all(
        jobs.map((job) =>
          slots.use(() =>
            executeJob(executors, job).catch((e: unknown) =>
              unfinishedJob(job, (e as Error).message),
            ),
          ),
        ),
      ),
  };
}
