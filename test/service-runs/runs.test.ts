// Issue 9 item 4 end to end, on SQLite and on PostgreSQL: backup runs from the service, against
// the emulated organization (its Git hosting) and the real service. An unconnected organization
// is refused with a clear 409; a member who is not a PCA is refused 403; a PCA connects the
// organization, "Back up now" of one project runs to completion as the connected account and
// shows as that project's last backup (time, size, duration); the schedule is stored and the
// scheduler starts one run per slot.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type {
  BackupRunWire,
  BackupsWire,
  BackupScheduleWire,
  HistoryPage,
} from "../../src/core/service-api";
import { BackupRunner } from "../../service/runs/backup-runner";
import { PgJobQueue, ReposApi, SqliteJobQueue, newRunId } from "../../service/engine";
import { createRun, loadRun, planProjects, projectStarted } from "../../service/runs/run-store";
import { backupRunsConfig } from "../../service/runs/runs-config";
import {
  resumeInterruptedRuns,
  startDueRuns,
  type SchedulerDeps,
} from "../../service/runs/scheduler";
import { projectSave } from "../e2e/support/scope-save";
import { startHarness, users, type Harness } from "../service-identity/harness";
import {
  FABRIKAM_FIBER,
  FABRIKAM_WEB,
  connectAsAvery,
  backupsIn,
  queueFor,
  waitFor,
} from "./support";

describe.each(["sqlite", "postgres"] as const)("backup runs on %s", (store) => {
  let h: Harness;
  let dir: string;

  let queue: string;
  let dropQueue = async (): Promise<void> => undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "service-runs-"));
    // On PostgreSQL the engine's jobs go to its PostgreSQL queue (a database of this file's own).
    const database = await queueFor(store, dir, "runs_queue");
    queue = database.url;
    dropQueue = database.drop;
    h = await startHarness(store, { backups: backupsIn(dir, queue) });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await dropQueue();
    await rm(dir, { recursive: true, force: true });
  });

  function failOnWarning(message: string): never {
    throw new Error(message);
  }

  /** A new service's runner and scheduler at the time `now` gives (runs in `dir`); a warning fails. */
  function newScheduler(
    now: () => Date,
    runs = backupRunsConfig({
      destination: join(dir, "backups"),
      workDir: join(dir, "mirrors"),
      queue,
    }),
  ): { runner: BackupRunner; deps: SchedulerDeps } {
    const identity = h.identity;
    const runner = new BackupRunner({
      db: h.db,
      identity,
      azureDevOpsUrl: h.emulator.hostUrl,
      runs,
      now,
      warn: failOnWarning,
    });
    const isConnected = async (o: string): Promise<boolean> =>
      (await identity.connectionOf(o)).status === "connected";
    return { runner, deps: { db: h.db, runner, now, isConnected, warn: failOnWarning } };
  }

  async function queuedJobs(runId: string): Promise<number> {
    const sql = "SELECT COUNT(*) AS n FROM engine_jobs WHERE run_id = $1 AND state = 'done'";
    if (store === "sqlite") {
      const db = new BetterSqlite3(queue, { readonly: true });
      const row = db.prepare(sql.replace("$1", "?")).get(runId) as { n: number };
      db.close();
      return row.n;
    }
    const c = new pg.Client({ connectionString: queue });
    await c.connect();
    const { rows } = await c.query<{ n: string }>(sql, [runId]);
    await c.end();
    return Number(rows[0]?.n);
  }

  async function connect(): Promise<void> {
    expect(await connectAsAvery(h)).toContain("Connected");
    expect((await h.identity.connectionOf("fabrikam")).status).toBe("connected");
  }

  test("an organization nobody connected cannot be backed up, and says why", async () => {
    const refused = await h.call(users.avery, "/runs", { projectId: FABRIKAM_FIBER });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("connectionRequired");
    expect(String(refused.json.message)).toMatch(/not connected yet.*connects the organization/);
  });

  test("a member who is not a PCA can read but not start a run or change the schedule", async () => {
    const run = await h.call(users.devon, "/runs", {});
    expect(run.status).toBe(403);
    expect(run.json.code).toBe("notCollectionAdmin");
    expect(String(run.json.message)).toContain("can start a backup");
    const schedule = await h.call(
      users.devon,
      "/schedule",
      { frequency: "off", hourUtc: 3 },
      "PUT",
    );
    expect(schedule.status).toBe(403);
    const read = await h.call(users.devon, "/backups", undefined, "GET");
    expect(read.status).toBe(200);
    expect((read.json as unknown as BackupsWire).schedule).toMatchObject({
      frequency: "daily",
      hourUtc: 2,
    });
  });

  test("Back up now of one project runs to completion and becomes its last backup", async () => {
    await connect();
    const started = await h.call(users.avery, "/runs", { projectId: FABRIKAM_FIBER });
    expect(started.status).toBe(202);
    const runId = String(started.json.runId);
    expect(started.json.alreadyRunning).toBe(false);

    const again = await h.call(users.avery, "/runs", {});
    expect(again.json).toEqual({ runId, alreadyRunning: true });

    const finished = await waitFor("the run to finish", async () => {
      const r = await h.call(users.devon, `/runs/${runId}`, undefined, "GET");
      expect(r.status).toBe(200);
      const run = r.json as unknown as BackupRunWire;
      return run.status === "finished" ? run : undefined;
    });
    expect(finished).toMatchObject({
      trigger: "manual",
      projectId: FABRIKAM_FIBER,
      requestedBy: { id: users.avery },
      projectsDone: 1,
      projectsTotal: 1,
    });
    expect(finished.failure).toBeUndefined();
    const [project] = finished.projects;
    expect(project).toMatchObject({ name: "Fabrikam Fiber", state: "succeeded" });
    expect(project?.jobsTotal).toBeGreaterThan(0);
    expect(project?.jobsDone).toBe(project?.jobsTotal);
    // Its repositories went through the engine's job queue (PostgreSQL's on PostgreSQL).
    expect(await queuedJobs(runId)).toBeGreaterThan(0);
    // The engine wrote the project's snapshot (the commit point) to the organization's folder.
    expect(
      existsSync(join(dir, "backups", "fabrikam", "snapshots", FABRIKAM_FIBER, `${runId}.json`)),
    ).toBe(true);

    const answer = await h.call(
      users.devon,
      `/backups?projectId=${FABRIKAM_FIBER}`,
      undefined,
      "GET",
    );
    const { backups, activeRun } = answer.json as unknown as BackupsWire;
    expect(activeRun).toBeUndefined();
    expect(backups).toHaveLength(1);
    const last = backups[0];
    expect(last).toMatchObject({ projectId: FABRIKAM_FIBER, runId, outcome: "succeeded" });
    expect(last?.bytesStored).toBeGreaterThan(0);
    expect(last?.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(String(last?.at))).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(last?.dataTypes).toEqual(expect.arrayContaining(["repos", "wiki"]));
    // Every data type of the scope is backed up now (test/service-runs/data-types.test.ts): no
    // part is left out, so the outcome gives no reason.
    expect(last?.reason).toBeUndefined();

    // Who pressed "Back up now", of which project, is in the organization's history.
    const history = (await h.call(users.devon, "/history", undefined, "GET"))
      .json as unknown as HistoryPage;
    expect(history.records[0]).toMatchObject({
      opId: `run-${runId}`,
      by: { id: users.avery },
      changes: [],
      backupRun: { runId, projectId: FABRIKAM_FIBER, projectName: "Fabrikam Fiber" },
    });
    // The second press answered the live run: it started nothing, so it adds no record.
    expect(history.records.filter((r) => r.backupRun)).toHaveLength(1);

    const missing = await h.call(users.avery, "/runs/20991231T000000Z-abcdef", undefined, "GET");
    expect(missing.status).toBe(404);
  }, 120_000);

  test("a run whose service was killed mid-way is carried on by the next scheduler pass, with nobody resuming it", async () => {
    // What a service killed as its run began leaves: the run, its project started, and one
    // repository's job leased by its worker. The next service starts ten minutes later (its
    // clock), when the run's heartbeat is stale and the job's lease has run out.
    const died = new Date();
    const later = new Date(died.getTime() + 10 * 60_000);
    const runId = newRunId(died);
    await createRun(h.db, { runId, organization: "fabrikam", trigger: "manual" }, died);
    await planProjects(h.db, runId, "fabrikam", [
      { projectId: FABRIKAM_FIBER, name: "Fabrikam Fiber", dataTypes: ["repos", "wiki"] },
    ]);
    await projectStarted(h.db, runId, FABRIKAM_FIBER, died);
    const organizationUrl = `${h.emulator.hostUrl}/fabrikam`;
    const api = new ReposApi(organizationUrl, h.identity.organizationAuthorization("fabrikam"));
    const project = await api.project(FABRIKAM_FIBER);
    const [repo] = await api.repositories(FABRIKAM_FIBER);
    if (!repo) throw new Error("Fabrikam Fiber has no repository");
    const jobs = store === "postgres" ? new PgJobQueue(queue) : new SqliteJobQueue(queue);
    await jobs.enqueue(
      runId,
      [{ key: `${project.id}/${repo.id}`, payload: { organizationUrl, project, repo } }],
      3,
    );
    expect(await jobs.claim("dead-service:1", 1, runId)).toBeDefined();
    await jobs.close();
    expect((await loadRun(h.db, "fabrikam", runId, later))?.status).toBe("interrupted");

    // A new service's scheduler pass carries it on (only once, though it passes twice).
    const { runner, deps } = newScheduler(() => later);
    expect(await resumeInterruptedRuns(deps)).toEqual([runId]);
    expect(await resumeInterruptedRuns(deps)).toEqual([]);
    await runner.close();

    const run = (await loadRun(h.db, "fabrikam", runId, later)) as BackupRunWire;
    expect(run).toMatchObject({ status: "finished", projectsDone: 1 });
    expect(run.failure).toBeUndefined();
    expect(run.projects[0]).toMatchObject({ name: "Fabrikam Fiber", state: "succeeded" });
    expect(
      existsSync(join(dir, "backups", "fabrikam", "snapshots", FABRIKAM_FIBER, `${runId}.json`)),
    ).toBe(true);
    // The dead worker's job was taken again once its lease had run out.
    const reopened = store === "postgres" ? new PgJobQueue(queue) : new SqliteJobQueue(queue);
    const results = await reopened.results(runId).finally(() => reopened.close());
    expect(results.find((j) => j.key === `${project.id}/${repo.id}`)).toMatchObject({
      state: "done",
      attempts: 2,
    });
    const { backups } = (
      await h.call(users.avery, `/backups?projectId=${FABRIKAM_FIBER}`, undefined, "GET")
    ).json as unknown as BackupsWire;
    expect(backups[0]?.runId).toBe(runId);
  }, 120_000);

  // A real kill, on PostgreSQL (the several-machines case): the waiting is the dead job's lease.
  (store === "postgres" ? test : test.skip)(
    "a service process killed in the middle of a run: the next service carries the run to completion",
    async () => {
      const config = backupRunsConfig({
        destination: join(dir, "backups"),
        workDir: join(dir, "mirrors-killed"),
        queue,
      });
      // fiber-app's Git traffic is slow, so the process is inside it when it is killed.
      h.emulator.setFaults({ latencyMs: 3000, pathPattern: "/_git/fiber-app" });
      const child = spawn("node", ["scripts/run-ts.js", "test/service-runs/service-process.ts"], {
        env: {
          ...process.env,
          SERVICE_PROCESS_INPUT: JSON.stringify({
            databaseUrl: h.databaseUrl,
            config: { ...h.config, encryptionKey: h.config.encryptionKey.toString("base64") },
            runs: config,
            projectId: FABRIKAM_FIBER,
          }),
        },
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
      });
      try {
        let out = "";
        child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
        const runId = await waitFor("the other service to start its run", async () => {
          const line = out.split("\n").find((l) => l.startsWith("{"));
          return line ? (JSON.parse(line) as { runId: string }).runId : undefined;
        });
        await waitFor("fiber-app's job to be leased", async () => {
          const c = new pg.Client({ connectionString: queue });
          await c.connect();
          const { rows } = await c.query(
            "SELECT 1 FROM engine_jobs WHERE run_id = $1 AND state = 'leased' AND payload::text LIKE '%fiber-app%'",
            [runId],
          );
          await c.end();
          return rows.length > 0 ? true : undefined;
        });
        process.kill(-(child.pid ?? 0), "SIGKILL"); // the service and its git children
        h.emulator.setFaults({ latencyMs: 0, pathPattern: undefined });

        // Ten minutes on, the next service's scheduler finds the run interrupted and carries it on.
        const later = new Date(Date.now() + 10 * 60_000);
        expect((await loadRun(h.db, "fabrikam", runId, later))?.status).toBe("interrupted");
        const { runner, deps } = newScheduler(() => later, config);
        expect(await resumeInterruptedRuns(deps)).toEqual([runId]);
        await runner.close();
        const run = (await loadRun(h.db, "fabrikam", runId, later)) as BackupRunWire;
        expect(run).toMatchObject({ status: "finished", projectsDone: 1 });
        expect(run.projects[0]).toMatchObject({ name: "Fabrikam Fiber", state: "succeeded" });
        expect(
          existsSync(
            join(dir, "backups", "fabrikam", "snapshots", FABRIKAM_FIBER, `${runId}.json`),
          ),
        ).toBe(true);
      } finally {
        h.emulator.setFaults({ latencyMs: 0, pathPattern: undefined });
        if (child.exitCode === null && child.signalCode === null)
          try {
            process.kill(-(child.pid ?? 0), "SIGKILL");
          } catch {
            // It ended between the check and the kill.
          }
      }
    },
    180_000,
  );
  test("the schedule is stored, and the scheduler starts one run per daily slot", async () => {
    const saved = await h.call(users.avery, "/schedule", { frequency: "daily", hourUtc: 5 }, "PUT");
    expect(saved.status).toBe(200);
    const schedule = saved.json as unknown as BackupScheduleWire;
    expect(schedule).toMatchObject({
      frequency: "daily",
      hourUtc: 5,
      changedBy: { id: users.avery },
    });
    expect(new Date(String(schedule.nextRunAt)).getUTCHours()).toBe(5);
    const bad = await h.call(users.avery, "/schedule", { frequency: "hourly", hourUtc: 5 }, "PUT");
    expect(bad.status).toBe(400);
    const history = async () =>
      ((await h.call(users.devon, "/history", undefined, "GET")).json as unknown as HistoryPage)
        .records;
    expect((await history())[0]).toMatchObject({
      by: { id: users.avery },
      schedule: {
        before: { frequency: "daily", hourUtc: 2 },
        after: { frequency: "daily", hourUtc: 5 },
      },
    });
    // Saving it unchanged changes nothing, and the history says nothing more.
    const records = (await history()).length;
    await h.call(users.avery, "/schedule", { frequency: "daily", hourUtc: 5 }, "PUT");
    expect(await history()).toHaveLength(records);

    let now = new Date("2030-01-02T04:59:00Z");
    /** One scheduler pass with its own runner, waited for until its runs have ended. */
    const pass = async (): Promise<string[]> => {
      const { runner, deps } = newScheduler(() => now);
      const started = await startDueRuns(deps);
      await runner.close();
      return started;
    };
    // No scheduled run yet: yesterday's 05:00 slot is due (caught up once).
    expect(await pass()).toEqual(["fabrikam"]);
    now = new Date("2030-01-02T04:59:30Z");
    expect(await pass()).toEqual([]);
    now = new Date("2030-01-02T05:00:30Z");
    expect(await pass()).toEqual(["fabrikam"]);
    now = new Date("2030-01-02T17:00:00Z");
    expect(await pass()).toEqual([]);

    const off = await h.call(users.avery, "/schedule", { frequency: "off", hourUtc: 5 }, "PUT");
    expect(off.json).not.toHaveProperty("nextRunAt");
    expect((await history())[0]?.schedule?.after).toEqual({ frequency: "off", hourUtc: 5 });
    // Runs the schedule starts are nobody's action: the history has none.
    expect((await history()).filter((r) => r.backupRun && !r.backupRun.projectId)).toHaveLength(0);
    now = new Date("2030-01-05T06:00:00Z");
    expect(await pass()).toEqual([]);
  }, 60_000);
  test("Back up now of the whole scope backs up the projects in it, one run at a time", async () => {
    const saved = await h.call(
      users.avery,
      "/scope/changes",
      projectSave(
        "runs-scope-1",
        { id: FABRIKAM_WEB, name: "Fabrikam Web" },
        { choice: "included", dataTypes: ["repos", "wiki"] },
      ),
    );
    expect(saved.status).toBe(200);
    // Two admins press the button at once: one run, both told its id.
    const [a, b] = await Promise.all([
      h.call(users.avery, "/runs", {}),
      h.call(users.gloria, "/runs", {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect(a.json.runId).toBe(b.json.runId);
    const finished = await waitFor("the scope's run to finish", async () => {
      const r = await h.call(users.avery, `/runs/${String(a.json.runId)}`, undefined, "GET");
      const run = r.json as unknown as BackupRunWire;
      return run.status === "finished" ? run : undefined;
    });
    expect(finished.projects.map((p) => [p.name, p.state])).toEqual([
      ["Fabrikam Web", "succeeded"],
    ]);
    const { backups } = (await h.call(users.avery, "/backups", undefined, "GET"))
      .json as unknown as BackupsWire;
    expect(backups.map((x) => x.name)).toEqual(["Fabrikam Fiber", "Fabrikam Web"]);
    // The history names the admin whose press started the run (the other was answered its id).
    const { records } = (await h.call(users.avery, "/history", undefined, "GET"))
      .json as unknown as HistoryPage;
    const started = records.filter((r) => r.backupRun?.runId === a.json.runId);
    expect(started).toHaveLength(1);
    expect(started[0]?.backupRun).toEqual({ runId: a.json.runId });
    expect([users.avery, users.gloria]).toContain(started[0]?.by.id);
  }, 120_000);

  test("a run whose process died shows as interrupted and does not hold up the next", async () => {
    const longAgo = new Date(Date.now() - 60 * 60_000);
    await createRun(
      h.db,
      { runId: "20200101T000000Z-dead00", organization: "fabrikam", trigger: "manual" },
      longAgo,
    );
    const dead = await h.call(users.avery, "/runs/20200101T000000Z-dead00", undefined, "GET");
    expect(dead.json.status).toBe("interrupted");
    const started = await h.call(users.avery, "/runs", { projectId: FABRIKAM_WEB });
    expect(started.status).toBe(202);
    await waitFor("the next run to finish", async () => {
      const r = await h.call(users.avery, `/runs/${String(started.json.runId)}`, undefined, "GET");
      return r.json.status === "finished" ? true : undefined;
    });
  }, 60_000);

  test("a run acts as the connected account: once its sign-in is revoked, the run says so and the next needs renewal", async () => {
    expect(h.emulator.entra.revokeRefreshTokens({ userId: users.avery })).toBeGreaterThan(0);
    const started = await h.call(users.avery, "/runs", { projectId: FABRIKAM_FIBER });
    expect(started.status).toBe(202);
    const finished = await waitFor("the refused run to finish", async () => {
      const r = await h.call(users.avery, `/runs/${String(started.json.runId)}`, undefined, "GET");
      const run = r.json as unknown as BackupRunWire;
      return run.status === "finished" ? run : undefined;
    });
    expect(finished.failure).toMatch(/AADSTS50173|connect the organization again/);
    expect((await h.identity.connectionOf("fabrikam")).status).toBe("renewalNeeded");

    const refused = await h.call(users.avery, "/runs", {});
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("connectionRequired");
    expect(String(refused.json.message)).toContain("needs renewal");
  }, 60_000);
});
