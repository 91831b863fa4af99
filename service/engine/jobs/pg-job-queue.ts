// The JobQueue on PostgreSQL, for several worker machines: the same table and rules as the SQLite
// queue; a claim takes the oldest claimable row with FOR UPDATE SKIP LOCKED, so concurrent workers
// never wait on or take the same job.
import { Pool } from "pg";
import type { JobCounts, JobQueue, QueuedJob } from "./job-queue";

interface JobRow {
  id: string;
  run_id: string;
  key: string;
  payload: unknown;
  state: "pending" | "leased" | "done" | "failed";
  attempts: number;
  max_attempts: number;
  result: unknown;
  error: string | null;
}

export class PgJobQueue implements JobQueue {
  private readonly pool: Pool;
  private ready: Promise<void> | undefined;

  constructor(connectionString: string) {
    this.pool = new Pool({ connectionString, max: 4 });
  }

  private schema(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `CREATE TABLE IF NOT EXISTS engine_jobs (
          id BIGSERIAL PRIMARY KEY,
          run_id TEXT NOT NULL,
          key TEXT NOT NULL,
          payload JSONB NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending',
          attempts INTEGER NOT NULL DEFAULT 0,
          max_attempts INTEGER NOT NULL,
          lease_owner TEXT,
          lease_until TIMESTAMPTZ,
          result JSONB,
          error TEXT,
          UNIQUE (run_id, key)
        )`,
      )
      .then(() => undefined);
    return this.ready;
  }

  async enqueue(
    runId: string,
    jobs: { key: string; payload: unknown }[],
    maxAttempts: number,
  ): Promise<void> {
    await this.schema();
    for (const j of jobs)
      await this.pool.query(
        "INSERT INTO engine_jobs (run_id, key, payload, max_attempts) VALUES ($1, $2, $3, $4) ON CONFLICT (run_id, key) DO NOTHING",
        [runId, j.key, JSON.stringify(j.payload), maxAttempts],
      );
  }

  async claim(workerId: string, leaseMs: number, runId?: string): Promise<QueuedJob | undefined> {
    await this.schema();
    // A lease that ran out on the last attempt ends the job as failed rather than running it again.
    await this.pool.query(
      `UPDATE engine_jobs SET state = 'failed', error = 'the lease ran out on every attempt'
       WHERE state = 'leased' AND lease_until < now() AND attempts >= max_attempts`,
    );
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE engine_jobs SET state = 'leased', attempts = attempts + 1, lease_owner = $1,
         lease_until = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id = (
         SELECT id FROM engine_jobs
         WHERE (state = 'pending' OR (state = 'leased' AND lease_until < now())) AND ($3::text IS NULL OR run_id = $3)
         ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
       RETURNING *`,
      [workerId, leaseMs, runId ?? null],
    );
    const row = rows[0];
    return row
      ? {
          id: Number(row.id),
          runId: row.run_id,
          key: row.key,
          payload: row.payload,
          attempts: row.attempts,
        }
      : undefined;
  }

  /** Runs an update of a job this worker holds; false when its lease was lost. */
  private async owned(sql: string, args: unknown[], workerId: string): Promise<boolean> {
    const r = await this.pool.query(
      `${sql} AND state = 'leased' AND lease_owner = $${args.length + 1}`,
      [...args, workerId],
    );
    return r.rowCount === 1;
  }

  renew(jobId: number, workerId: string, leaseMs: number): Promise<boolean> {
    return this.owned(
      "UPDATE engine_jobs SET lease_until = now() + make_interval(secs => $1::double precision / 1000) WHERE id = $2",
      [leaseMs, jobId],
      workerId,
    );
  }

  complete(jobId: number, workerId: string, result: unknown): Promise<boolean> {
    return this.owned(
      "UPDATE engine_jobs SET state = 'done', result = $1, lease_owner = NULL WHERE id = $2",
      [JSON.stringify(result), jobId],
      workerId,
    );
  }

  fail(jobId: number, workerId: string, error: string): Promise<boolean> {
    return this.owned(
      "UPDATE engine_jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, error = $1, lease_owner = NULL WHERE id = $2",
      [error, jobId],
      workerId,
    );
  }

  async counts(runId: string): Promise<JobCounts> {
    await this.schema();
    const counts: JobCounts = { pending: 0, leased: 0, done: 0, failed: 0 };
    const { rows } = await this.pool.query<{ state: keyof JobCounts; n: string }>(
      "SELECT state, COUNT(*) AS n FROM engine_jobs WHERE run_id = $1 GROUP BY state",
      [runId],
    );
    for (const r of rows) counts[r.state] = Number(r.n);
    return counts;
  }

  async results(runId: string, keys?: readonly string[]): ReturnType<JobQueue["results"]> {
    await this.schema();
    const { rows } = await this.pool.query<JobRow>(
      `SELECT * FROM engine_jobs WHERE run_id = $1 AND state IN ('done', 'failed')
       AND ($2::text[] IS NULL OR key = ANY($2::text[])) ORDER BY id`,
      [runId, keys ?? null],
    );
    return rows.map((r) => ({
      key: r.key,
      state: r.state as "done" | "failed",
      attempts: r.attempts,
      ...(r.result !== null ? { result: r.result } : {}),
      ...(r.error ? { error: r.error } : {}),
    }));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
