// A queue of a run's jobs with leases and retries, shared by several worker processes: a worker
// claims a job for a lease, renews it while it works, and completes or fails it. A worker that
// dies simply stops renewing; when the lease runs out another worker claims the job again, so a
// killed worker loses nothing (every job is idempotent: content-addressed writes, a kept mirror).

export interface QueuedJob<P = unknown> {
  id: number;
  runId: string;
  key: string;
  payload: P;
  attempts: number;
}

export interface JobCounts {
  pending: number;
  leased: number;
  done: number;
  failed: number;
}

export interface JobQueue {
  /** Adds jobs once: a (runId, key) already queued is left as it is. */
  enqueue(
    runId: string,
    jobs: { key: string; payload: unknown }[],
    maxAttempts: number,
  ): Promise<void>;
  /** The oldest pending job (of one run, if given), or one whose lease has run out. */
  claim(workerId: string, leaseMs: number, runId?: string): Promise<QueuedJob | undefined>;
  /** False when the lease was lost (it ran out and another worker took the job). */
  renew(jobId: number, workerId: string, leaseMs: number): Promise<boolean>;
  complete(jobId: number, workerId: string, result: unknown): Promise<boolean>;
  /** Back to pending for another attempt, or failed for good after maxAttempts. */
  fail(jobId: number, workerId: string, error: string): Promise<boolean>;
  counts(runId: string): Promise<JobCounts>;
  /** Results of done jobs, and errors of failed ones, by key (only `keys`, when given). */
  results(
    runId: string,
    keys?: readonly string[],
  ): Promise<
    { key: string; state: "done" | "failed"; result?: unknown; error?: string; attempts: number }[]
  >;
  close(): Promise<void>;
}
