// The embedded JobQueue: one SQLite file (WAL, busy timeout) that worker processes on one machine
// share. A claim is one IMMEDIATE transaction, so two workers never take the same job.
import BetterSqlite3 from "better-sqlite3";
import type { JobCounts, JobQueue, QueuedJob } from "./job-queue";

interface JobRow {
  id: number;
  run_id: string;
  key: string;
  payload: string;
  state: "pending" | "leased" | "done" | "failed";
  attempts: number;
  max_attempts: number;
  result: string | null;
  error: string | null;
}

export class SqliteJobQueue implements JobQueue {
  private readonly db: BetterSqlite3.Database;

  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new BetterSqlite3(file, { timeout: 10_000 });
    this.db.pragma("journal_mode = WAL");
    this.db.exec(`CREATE TABLE IF NOT EXISTS engine_jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id TEXT NOT NULL,
      key TEXT NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      result TEXT,
      error TEXT,
      UNIQUE (run_id, key)
    )`);
  }

  enqueue(
    runId: string,
    jobs: { key: string; payload: unknown }[],
    maxAttempts: number,
  ): Promise<void> {
    const insert = this.db.prepare(
      "INSERT OR IGNORE INTO engine_jobs (run_id, key, payload, max_attempts) VALUES (?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const j of jobs) insert.run(runId, j.key, JSON.stringify(j.payload), maxAttempts);
    })();
    return Promise.resolve();
  }

  claim(workerId: string, leaseMs: number, runId?: string): Promise<QueuedJob | undefined> {
    const now = this.now();
    const take = this.db.transaction((): JobRow | undefined => {
      const row = this.db
        .prepare(
          `SELECT * FROM engine_jobs
           WHERE (state = 'pending' OR (state = 'leased' AND lease_until < ?)) AND (? IS NULL OR run_id = ?)
           ORDER BY id LIMIT 1`,
        )
        .get(now, runId ?? null, runId ?? null) as JobRow | undefined;
      if (!row) return undefined;
      // A lease that ran out counts as a failed attempt (the worker died or hung).
      if (row.state === "leased" && row.attempts >= row.max_attempts) {
        this.db
          .prepare("UPDATE engine_jobs SET state = 'failed', error = ? WHERE id = ?")
          .run("the lease ran out on every attempt", row.id);
        return undefined;
      }
      this.db
        .prepare(
          "UPDATE engine_jobs SET state = 'leased', attempts = attempts + 1, lease_owner = ?, lease_until = ? WHERE id = ?",
        )
        .run(workerId, now + leaseMs, row.id);
      return { ...row, attempts: row.attempts + 1 };
    });
    const row = take.immediate();
    return Promise.resolve(
      row
        ? {
            id: row.id,
            runId: row.run_id,
            key: row.key,
            payload: JSON.parse(row.payload) as unknown,
            attempts: row.attempts,
          }
        : undefined,
    );
  }

  /** Updates a job only while `workerId` holds its lease: false when the lease was lost. */
  private updateOwned(
    jobId: number,
    workerId: string,
    set: string,
    ...values: unknown[]
  ): Promise<boolean> {
    const sql = `UPDATE engine_jobs SET ${set} WHERE id = ? AND state = 'leased' AND lease_owner = ?`;
    return Promise.resolve(this.db.prepare(sql).run(...values, jobId, workerId).changes === 1);
  }

  renew(jobId: number, workerId: string, leaseMs: number): Promise<boolean> {
    return this.updateOwned(jobId, workerId, "lease_until = ?", this.now() + leaseMs);
  }

  complete(jobId: number, workerId: string, result: unknown): Promise<boolean> {
    return this.updateOwned(
      jobId,
      workerId,
      "state = 'done', result = ?, lease_owner = NULL",
      JSON.stringify(result),
    );
  }

  fail(jobId: number, workerId: string, error: string): Promise<boolean> {
    return this.updateOwned(
      jobId,
      workerId,
      "state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, error = ?, lease_owner = NULL",
      error,
    );
  }

  counts(runId: string): Promise<JobCounts> {
    const counts: JobCounts = { pending: 0, leased: 0, done: 0, failed: 0 };
    const rows = this.db
      .prepare("SELECT state, COUNT(*) AS n FROM engine_jobs WHERE run_id = ? GROUP BY state")
      .all(runId) as { state: keyof JobCounts; n: number }[];
    for (const r of rows) counts[r.state] = r.n;
    return Promise.resolve(counts);
  }

  results(runId: string, keys?: readonly string[]): ReturnType<JobQueue["results"]> {
    // The keys go as one JSON array (a run may wait for more keys than SQL takes parameters).
    const wanted = keys ? JSON.stringify(keys) : null;
    const rows = this.db
      .prepare(
        `SELECT * FROM engine_jobs WHERE run_id = ? AND state IN ('done', 'failed')
         AND (? IS NULL OR key IN (SELECT value FROM json_each(?))) ORDER BY id`,
      )
      .all(runId, wanted, wanted) as JobRow[];
    return Promise.resolve(
      rows.map((r) => ({
        key: r.key,
        state: r.state as "done" | "failed",
        attempts: r.attempts,
        ...(r.result ? { result: JSON.parse(r.result) as unknown } : {}),
        ...(r.error ? { error: r.error } : {}),
      })),
    );
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
