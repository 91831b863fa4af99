// The data types of different projects run side by side, never more at once than the run's
// concurrency: in this process and through the queue; and a run of two projects hands both
// projects' jobs over at once, so their Boards are backed up at the same time.
import { join } from "node:path";
import { runBackup } from "../../service/engine/backup/run";
import type { DataTypeOutcome } from "../../service/engine/backup/data-type-runs";
import type {
  BackupExecutor,
  DataTypeJob,
  JobExecutors,
} from "../../service/engine/jobs/backup-jobs";
import { inProcessExecutor } from "../../service/engine/jobs/in-process-executor";
import { queueExecutor } from "../../service/engine/jobs/queued-backup";
import { SqliteJobQueue } from "../../service/engine/jobs/sqlite-job-queue";
import { latestSnapshot, newRunId } from "../../service/engine/snapshot";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { bearer, useSourceRig } from "./support";

jest.setTimeout(120_000);

const rig = useSourceRig("data-type-jobs-parallel");
const queues: SqliteJobQueue[] = [];
afterAll(() => Promise.all(queues.map((q) => q.close())));

function sqliteQueue(runId: string): SqliteJobQueue {
  const queue = new SqliteJobQueue(join(rig.dir.path, `${runId}.sqlite`));
  queues.push(queue);
  return queue;
}

/**
 * Holds each job until `wanted` are in flight at once, and records the most that ever were. A
 * job that waits too long goes on anyway, so an executor that runs one at a time fails the test
 * (the most stays 1) instead of hanging it.
 */
function meetingPoint(wanted: number) {
  let inFlight = 0;
  let most = 0;
  let release = (): void => undefined;
  const met = new Promise<void>((r) => (release = r));
  return {
    most: () => most,
    async pass<T>(work: () => Promise<T>): Promise<T> {
      most = Math.max(most, ++inFlight);
      if (inFlight >= wanted) release();
      await Promise.race([met, new Promise((r) => setTimeout(r, 5000))]);
      try {
        return await work();
      } finally {
        inFlight--;
      }
    },
  };
}

const PROJECTS = ["alpha", "beta", "gamma"].map((name) => ({ id: `p-${name}`, name }));

function boardsJob(project: { id: string; name: string }, runId: string): DataTypeJob {
  return { kind: "dataType", organizationUrl: "https://o", runId, project, dataType: "boards" };
}

const executors: (point: ReturnType<typeof meetingPoint>) => JobExecutors = (point) => ({
  repository: () => Promise.reject(new Error("no repositories in this run")),
  dataType: (job) =>
    point.pass((): Promise<DataTypeOutcome> =>
      Promise.resolve({ manifest: job.project.id, skipped: [], failed: [], bytesStored: 0 }),
    ),
});

const executorsUnderTest: [string, (runId: string) => BackupExecutor][] = [
  ["in process", () => inProcessExecutor(2)],
  [
    "through the queue",
    (runId) =>
      queueExecutor(sqliteQueue(runId), runId, {
        workerId: "coordinator",
        leaseMs: 5000,
        pollMs: 20,
        lanes: 2,
        maxAttempts: 3,
      }),
  ],
];

test.each(executorsUnderTest)(
  "%s, projects' data types run side by side up to the concurrency",
  async (_name, open) => {
    const runId = newRunId();
    const executor = open(runId);
    const point = meetingPoint(2);
    // Each project hands its jobs over on its own, as a run's projects do.
    const finished = await Promise.all(
      PROJECTS.map((p) => executor.run([boardsJob(p, runId)], executors(point))),
    );
    expect(point.most()).toBe(2);
    expect(finished.map(([f]) => f?.outcome)).toEqual(
      PROJECTS.map((p) => ({ manifest: p.id, skipped: [], failed: [], bytesStored: 0 })),
    );
  },
);

test("a run of two projects backs up their Boards at the same time", async () => {
  const point = meetingPoint(2);
  const inner = inProcessExecutor(2);
  const watched: BackupExecutor = {
    run: (jobs, ex) =>
      inner.run(jobs, { ...ex, dataType: (job) => point.pass(() => ex.dataType(job)) }),
  };
  const store = new LocalFolderStore(join(rig.dir.path, "store"));
  const result = await runBackup(
    {
      organizationUrl: rig.source.orgUrl,
      authorization: bearer(rig.source),
      store,
      workDir: join(rig.dir.path, "work"),
      projects: ["Fabrikam Fiber", "Fabrikam Web"],
      data: ["boards"],
      concurrency: 2,
    },
    watched,
  );
  expect(result.failedCount).toBe(0);
  expect(point.most()).toBe(2);
  for (const p of result.projects)
    expect((await latestSnapshot(store, p.project.id))?.boards).toBeDefined();
});
