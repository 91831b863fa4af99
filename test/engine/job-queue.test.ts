// The two JobQueue implementations keep the same promises: a job is held by one worker at a time,
// a lease that runs out lets another worker take it again, a lost lease cannot complete it, and
// attempts are bounded.
import { join } from "node:path";
import { Client } from "pg";
import type { JobQueue } from "../../service/engine/jobs/job-queue";
import { PgJobQueue } from "../../service/engine/jobs/pg-job-queue";
import { SqliteJobQueue } from "../../service/engine/jobs/sqlite-job-queue";
import { scratchDir } from "./support";

const DATABASE = `engine_jobs_${process.pid}`;
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  dir = await scratchDir("queue");
  const admin = new Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
});

afterAll(async () => {
  await dir?.remove();
  const admin = new Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.end();
});

const queues: [string, () => JobQueue][] = [
  ["SQLite", () => new SqliteJobQueue(join(dir.path, `q-${Date.now()}.sqlite`))],
  ["PostgreSQL", () => new PgJobQueue(`postgres://postgres@127.0.0.1:5432/${DATABASE}`)],
];

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.each(queues)("%s job queue", (_name, open) => {
  test("one holder at a time; an expired lease is taken again and the old holder cannot complete", async () => {
    const q = open();
    const run = `run-${Date.now()}`;
    try {
      await q.enqueue(run, [{ key: "a", payload: { n: 1 } }], 3);
      await q.enqueue(run, [{ key: "a", payload: { n: 2 } }], 3); // queued once
      const first = await q.claim("w1", 300, run);
      expect(first?.payload).toEqual({ n: 1 });
      expect(await q.claim("w2", 300, run)).toBeUndefined();
      await wait(400);
      const again = await q.claim("w2", 5000, run);
      expect(again?.attempts).toBe(2);
      expect(await q.complete(first?.id ?? 0, "w1", "late")).toBe(false);
      expect(await q.renew(again?.id ?? 0, "w2", 5000)).toBe(true);
      expect(await q.complete(again?.id ?? 0, "w2", { ok: true })).toBe(true);
      expect(await q.results(run)).toEqual([
        { key: "a", state: "done", attempts: 2, result: { ok: true } },
      ]);
      // A coordinator asks only for the jobs it waits for.
      expect((await q.results(run, ["a", "z"])).map((r) => r.key)).toEqual(["a"]);
      expect(await q.results(run, ["z"])).toEqual([]);
      expect(await q.counts(run)).toEqual({ pending: 0, leased: 0, done: 1, failed: 0 });
    } finally {
      await q.close();
    }
  });

  test("a job that fails on every attempt ends failed with its last error", async () => {
    const q = open();
    const run = `run-fail-${Date.now()}`;
    try {
      await q.enqueue(run, [{ key: "b", payload: {} }], 2);
      for (let i = 0; i < 2; i++) {
        const job = await q.claim("w", 5000, run);
        expect(await q.fail(job?.id ?? 0, "w", `boom ${i + 1}`)).toBe(true);
      }
      expect(await q.claim("w", 5000, run)).toBeUndefined();
      expect(await q.results(run)).toEqual([
        { key: "b", state: "failed", attempts: 2, error: "boom 2" },
      ]);
    } finally {
      await q.close();
    }
  });
});
