// Several worker processes share a run through the SQLite job queue; one is killed (with its git
// children) in the middle of a repository, its lease runs out, another worker takes the job again,
// and the run commits a complete snapshot.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { gitHostingOf } from "../../emulator/git";
import type { EmulatorHandle } from "../../emulator/server";
import { runBackup } from "../../service/engine/backup/run";
import { queueExecutor } from "../../service/engine/jobs/queued-backup";
import { SqliteJobQueue } from "../../service/engine/jobs/sqlite-job-queue";
import { latestSnapshot, newRunId } from "../../service/engine/snapshot";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { bearer, remoteRefs, scratchDir, startSource } from "./support";
import { fiberBackupArgs } from "./cli-support";

jest.setTimeout(180_000);

let source: EmulatorHandle;
let dir: { path: string; remove: () => Promise<void> };
const workers: ChildProcess[] = [];

beforeAll(async () => {
  source = await startSource();
  dir = await scratchDir("workers");
});

afterAll(async () => {
  for (const w of workers) {
    // Workers end by themselves once idle; stop any still running (its own process group).
    if (w.exitCode === null && w.signalCode === null && w.pid) {
      try {
        process.kill(-w.pid, "SIGKILL");
      } catch {
        // It ended between the check and the kill.
      }
    }
  }
  await source?.stop();
  await dir?.remove();
});

function startWorker(queueFile: string, token: string): ChildProcess {
  const child = spawn(
    "node",
    [
      "scripts/run-ts.js",
      "service/cli/worker.ts",
      "--queue",
      queueFile,
      "--dest",
      join(dir.path, "store"),
      "--work-dir",
      join(dir.path, "work"),
      "--lease",
      "3",
      "--idle-exit",
      "4",
    ],
    { env: { ...process.env, AZURE_DEVOPS_TOKEN: token }, stdio: "ignore", detached: true },
  );
  workers.push(child);
  return child;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a worker killed mid-job loses nothing: the job is leased again and the run completes", async () => {
  const queueFile = join(dir.path, "queue.sqlite");
  const queue = new SqliteJobQueue(queueFile);
  const token = source.issueToken();
  const app = [...(await gitHostingOf(source.state)).repositories.values()].find(
    (r) => r.name === "fiber-app",
  );
  // fiber-app's Git traffic is slow, so a worker is still inside it when it is killed.
  source.setFaults({ latencyMs: 3000, pathPattern: "/_git/fiber-app" });
  const pool = [startWorker(queueFile, token), startWorker(queueFile, token)];
  const runId = newRunId();
  const store = new LocalFolderStore(join(dir.path, "store"));
  const running = runBackup(
    {
      runId,
      organizationUrl: source.orgUrl,
      authorization: bearer(source),
      store,
      workDir: join(dir.path, "coordinator"),
      projects: ["Fabrikam Fiber"],
    },
    queueExecutor(queue, runId, {
      workerId: "coordinator",
      leaseMs: 3000,
      pollMs: 200,
      lanes: 0,
      maxAttempts: 3,
    }),
  );

  const watcher = new BetterSqlite3(queueFile, { readonly: true, timeout: 10_000 });
  const owner = await waitFor(() => {
    const row = watcher
      .prepare("SELECT lease_owner FROM engine_jobs WHERE key LIKE ? AND state = 'leased'")
      .get(`%/${app?.id}`) as { lease_owner: string } | undefined;
    return row?.lease_owner;
  });
  await new Promise((r) => setTimeout(r, 500)); // inside the fetch (each request takes 3 s)
  const victim = pool.find((w) => owner.endsWith(`:${w.pid}`));
  expect(victim).toBeDefined();
  process.kill(-(victim?.pid ?? 0), "SIGKILL"); // the worker and its git children, as a crash would
  source.setFaults({ latencyMs: 0, pathPattern: undefined });

  const result = await running;
  watcher.close();
  expect(result.failedCount).toBe(0);
  const jobs = await queue.results(runId);
  expect(jobs.find((j) => j.key.endsWith(`/${app?.id}`))?.attempts).toBe(2);
  await queue.close();
  const snapshot = await latestSnapshot(store, result.projects[0]?.project.id ?? "");
  const restored = snapshot?.repositories.find((r) => r.id === app?.id);
  const auth = await bearer(source)(false);
  expect(restored?.refs).toEqual(
    await remoteRefs(`${source.orgUrl}/Fabrikam%20Fiber/_git/fiber-app`, auth),
  );
  expect(restored?.lfs).toHaveLength(2);
});

test("a run whose coordinating process was killed is resumed: finished jobs are kept, the rest is done", async () => {
  const queueFile = join(dir.path, "queue-resume.sqlite");
  const token = source.issueToken();
  const app = [...(await gitHostingOf(source.state)).repositories.values()].find(
    (r) => r.name === "fiber-app",
  );
  source.setFaults({ latencyMs: 3000, pathPattern: "/_git/fiber-app" });
  const store = join(dir.path, "store-resume");
  const work = join(dir.path, "work-resume");
  const coordinator = spawn(
    "node",
    [
      "scripts/run-ts.js",
      "service/cli/backup.ts",
      ...fiberBackupArgs(source.orgUrl, store, work),
      "--queue",
      queueFile,
      "--concurrency",
      "1",
      "--lease",
      "3",
    ],
    { env: { ...process.env, AZURE_DEVOPS_TOKEN: token }, stdio: "ignore", detached: true },
  );
  workers.push(coordinator);
  const watcher = await waitFor(() => {
    try {
      return new BetterSqlite3(queueFile, { readonly: true, timeout: 10_000 });
    } catch {
      return undefined; // not created yet
    }
  });
  const runId = await waitFor(() => {
    try {
      const row = watcher
        .prepare("SELECT run_id FROM engine_jobs WHERE key LIKE ? AND state = 'leased'")
        .get(`%/${app?.id}`) as { run_id: string } | undefined;
      return row?.run_id;
    } catch {
      return undefined; // the table is being created
    }
  });
  process.kill(-(coordinator.pid ?? 0), "SIGKILL");
  source.setFaults({ latencyMs: 0, pathPattern: undefined });
  watcher.close();

  const queue = new SqliteJobQueue(queueFile);
  const result = await runBackup(
    {
      runId,
      organizationUrl: source.orgUrl,
      authorization: bearer(source),
      store: new LocalFolderStore(store),
      workDir: work,
      projects: ["Fabrikam Fiber"],
    },
    queueExecutor(queue, runId, {
      workerId: "resumed",
      leaseMs: 3000,
      pollMs: 200,
      lanes: 2,
      maxAttempts: 3,
    }),
  );
  const jobs = await queue.results(runId);
  await queue.close();
  if (result.failedCount !== 0) console.log(JSON.stringify(result, null, 1).slice(0, 4000));
  expect(result.failedCount).toBe(0);
  expect(result.projects[0]?.snapshotKey).toContain(runId);
  expect(jobs.find((j) => j.key.endsWith(`/${app?.id}`))?.attempts).toBe(2);
  expect(jobs.filter((j) => j.attempts === 1).length).toBeGreaterThan(0); // finished before the kill: kept
});
