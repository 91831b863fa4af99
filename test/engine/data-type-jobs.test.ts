// Every data type of a project is a job of the run, like a repository: worker processes take
// Boards, Pipelines, Test Plans and Artifacts (and the organization's feeds) from the shared
// queue, and a worker that dies inside one loses nothing: its lease runs out, another worker
// takes the job again, and the run commits a snapshot with every data type.
import { spawn } from "node:child_process";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { ORGANIZATION_FEEDS } from "../../service/engine/backup/data-type-runs";
import { backupJobExecutors } from "../../service/engine/backup/job-executors";
import { runBackup, type BackedUpData } from "../../service/engine/backup/run";
import { ReposApi } from "../../service/engine/azure-devops/repos-api";
import { workerLoop } from "../../service/engine/jobs/worker-loop";
import { decodeJob, jobKey } from "../../service/engine/jobs/backup-jobs";
import { queueExecutor } from "../../service/engine/jobs/queued-backup";
import { SqliteJobQueue } from "../../service/engine/jobs/sqlite-job-queue";
import { dataSnapshotKey } from "../../service/engine/pipelines/data-snapshot";
import { latestSnapshot, newRunId } from "../../service/engine/snapshot";
import { ContentStore } from "../../service/engine/storage/content-store";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { bearer, useSourceRig } from "./support";

jest.setTimeout(180_000);

const DATA: BackedUpData[] = ["repos", "wiki", "boards", "pipelines", "testPlans", "artifacts"];
const DATA_TYPES = ["boards", "pipelines", "testPlans", "artifacts"];
const LEASE_MS = 3000;

const rig = useSourceRig("data-type-jobs");

/** A worker in this process (as `npm run backup-worker` runs it), until `stopped()` says so. */
function inProcessWorker(
  queueFile: string,
  store: LocalFolderStore,
  workerId: string,
  stopped: () => boolean,
): { lines: string[]; done: Promise<void> } {
  const lines: string[] = [];
  const queue = new SqliteJobQueue(queueFile);
  const authorization = bearer(rig.source);
  const executors = backupJobExecutors({
    authorization,
    store,
    content: new ContentStore(store),
    workDir: join(rig.dir.path, `${workerId}-work`),
    apiFor: (url) => new ReposApi(url, authorization),
    report: (e) => void (e.type === "message" ? lines.push(e.text) : undefined),
  });
  const settings = { workerId, leaseMs: LEASE_MS, pollMs: 100 };
  const done = workerLoop(queue, settings, executors, stopped).finally(() => queue.close());
  return { lines, done };
}

/** The worker holding the lease of the job whose key is like `pattern`, once one does. */
async function leaseOwner(queueFile: string, pattern: string): Promise<string> {
  const watcher = new BetterSqlite3(queueFile, { readonly: true, timeout: 10_000 });
  try {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
      const row = watcher
        .prepare("SELECT lease_owner FROM engine_jobs WHERE key LIKE ? AND state = 'leased'")
        .get(pattern) as { lease_owner: string } | undefined;
      if (row) return row.lease_owner;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no job like ${pattern} was leased`);
  } finally {
    watcher.close();
  }
}

/** A run of Fabrikam Fiber with every data type whose coordinator only waits (no lanes). */
function coordinatedRun(queueFile: string, store: LocalFolderStore, runId: string) {
  const queue = new SqliteJobQueue(queueFile);
  const running = runBackup(
    {
      runId,
      organizationUrl: rig.source.orgUrl,
      authorization: bearer(rig.source),
      store,
      workDir: join(rig.dir.path, `${runId}-coordinator`),
      projects: ["Fabrikam Fiber"],
      data: DATA,
    },
    queueExecutor(queue, runId, {
      workerId: "coordinator",
      leaseMs: LEASE_MS,
      pollMs: 100,
      lanes: 0,
      maxAttempts: 3,
    }),
  );
  return { queue, running };
}

/** An in-process worker helps `run` to its end: the run's result, the worker's lines, the jobs. */
async function helpToTheEnd(
  run: ReturnType<typeof coordinatedRun>,
  queueFile: string,
  store: LocalFolderStore,
  workerId: string,
) {
  let finished = false;
  const worker = inProcessWorker(queueFile, store, workerId, () => finished);
  const result = await run.running.finally(() => (finished = true));
  await worker.done;
  const jobs = await run.queue.results(result.runId);
  await run.queue.close();
  expect(result.failedCount).toBe(0);
  return { project: result.projects[0]?.project.id ?? "", lines: worker.lines, jobs };
}

/** The snapshot has this run's copy of every data type, and the feeds' manifest is there. */
async function expectEveryDataType(store: LocalFolderStore, runId: string, projectId: string) {
  const snapshot = await latestSnapshot(store, projectId);
  expect(snapshot?.runId).toBe(runId);
  expect(snapshot?.boards?.counts.workItems).toBeGreaterThan(0);
  expect(snapshot?.dataSnapshots).toEqual({
    pipelines: dataSnapshotKey("pipelines", projectId, runId),
    testPlans: dataSnapshotKey("testPlans", projectId, runId),
    artifacts: dataSnapshotKey("artifacts", projectId, runId),
  });
  expect(await store.has(dataSnapshotKey("artifacts", ORGANIZATION_FEEDS.id, runId))).toBe(true);
}

test("a worker takes the data types' jobs of a run and the snapshot has every data type", async () => {
  const queueFile = join(rig.dir.path, "queue.sqlite");
  const store = new LocalFolderStore(join(rig.dir.path, "store"));
  const runId = newRunId();
  const run = coordinatedRun(queueFile, store, runId);
  const { project, lines, jobs } = await helpToTheEnd(run, queueFile, store, "helper");
  await expectEveryDataType(store, runId, project);
  // The coordinator only waited: each data type (and the feeds) was the worker's job.
  for (const label of ["Boards", "Pipelines", "Test Plans", "Artifacts"])
    expect(lines).toContain(`ok      Fabrikam Fiber / ${label}`);
  expect(lines).toContain("ok      Organization / Artifacts");
  expect(jobs.filter((j) => DATA_TYPES.some((t) => j.key === `${project}/${t}`))).toHaveLength(4);
  expect(jobs.find((j) => j.key === `${ORGANIZATION_FEEDS.id}/artifacts`)?.state).toBe("done");
});

test("a worker killed inside a data type's job loses nothing: the job is leased again and the run completes", async () => {
  const queueFile = join(rig.dir.path, "queue-killed.sqlite");
  const storeDir = join(rig.dir.path, "store-killed");
  const store = new LocalFolderStore(storeDir);
  const runId = newRunId();
  // Test Plans' requests are slow, so the worker is still inside that job when it is killed.
  rig.source.setFaults({ latencyMs: 3000, pathPattern: "/_apis/testplan/" });
  const victim = spawn(
    "node",
    [
      "scripts/run-ts.js",
      "service/cli/worker.ts",
      ...["--queue", queueFile, "--dest", storeDir, "--work-dir", join(rig.dir.path, "victim")],
      ...["--lease", String(LEASE_MS / 1000), "--idle-exit", "20"],
    ],
    {
      env: { ...process.env, AZURE_DEVOPS_TOKEN: rig.source.issueToken() },
      stdio: "ignore",
      detached: true,
    },
  );
  const run = coordinatedRun(queueFile, store, runId);
  let owner: string;
  try {
    owner = await leaseOwner(queueFile, "%/testPlans");
  } finally {
    process.kill(-(victim.pid ?? 0), "SIGKILL"); // as a crash would (here, or if the wait failed)
    rig.source.setFaults({ latencyMs: 0, pathPattern: undefined });
  }
  expect(owner).toMatch(new RegExp(`:${victim.pid}$`));

  const { project, lines, jobs } = await helpToTheEnd(run, queueFile, store, "survivor");
  expect(jobs.find((j) => j.key === `${project}/testPlans`)).toMatchObject({
    state: "done",
    attempts: 2,
  });
  expect(lines).toContain("ok      Fabrikam Fiber / Test Plans");
  await expectEveryDataType(store, runId, project);
});

test("a repository job queued before jobs had kinds is still read as one, under the same key", () => {
  const project = { id: "p-1", name: "Fabrikam Fiber" };
  const repo = { id: "0b6f0b8e-5c1a-4f4e-9d7e-2a7c3e1f9a10", name: "fiber-app" };
  const old = decodeJob(
    JSON.parse(JSON.stringify({ organizationUrl: "https://o", project, repo })),
  );
  expect(old).toMatchObject({ kind: "repository", project, repo });
  expect(jobKey(old)).toBe(`p-1/${repo.id}`);
  const boards = decodeJob({
    kind: "dataType",
    organizationUrl: "https://o",
    runId: "r",
    project,
    dataType: "boards",
  });
  expect(jobKey(boards)).toBe("p-1/boards");
});
