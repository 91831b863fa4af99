// Issue 10 through the service: a project whose scope has Pipelines, Test Plans and Artifacts is
// backed up with them by a run (each data type its own snapshot, the organization's feeds once),
// counted in the project's jobs and in its last backup; a data type the service cannot read makes
// the project "partial" with the reason, the run goes on, and the last good copy stays named.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BackupRunWire, BackupsWire } from "../../src/core/service-api";
import { startHarness, users, type Harness } from "../service-identity/harness";
import { FABRIKAM_FIBER, connectAsAvery, waitFor } from "./support";

const DATA = ["repos", "pipelines", "testPlans", "artifacts"];

let h: Harness;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "service-runs-data-"));
  h = await startHarness("sqlite", {
    backups: {
      destination: join(dir, "backups"),
      workDir: join(dir, "mirrors"),
      queue: join(dir, "jobs.db"),
      concurrency: 2,
    },
  });
  expect(await connectAsAvery(h)).toContain("Connected");
  const saved = await h.call(users.avery, "/scope/changes", {
    opId: "data-types-scope-1",
    changes: [
      {
        projectId: FABRIKAM_FIBER,
        name: "Fabrikam Fiber",
        after: { choice: "included", dataTypes: DATA },
      },
    ],
  });
  expect(saved.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function runToTheEnd(): Promise<BackupRunWire> {
  const started = await h.call(users.avery, "/runs", {});
  expect(started.status).toBe(202);
  return waitFor("the run to finish", async () => {
    const r = await h.call(users.avery, `/runs/${String(started.json.runId)}`, undefined, "GET");
    const run = r.json as unknown as BackupRunWire;
    return run.status === "finished" ? run : undefined;
  });
}

const organizationFolder = () => join(dir, "backups", "fabrikam");

async function projectSnapshot(runId: string) {
  const file = join(organizationFolder(), "snapshots", FABRIKAM_FIBER, `${runId}.json`);
  return JSON.parse(await readFile(file, "utf8")) as { dataSnapshots?: Record<string, string> };
}

test("a run of the scope backs up Pipelines, Test Plans and Artifacts and records them", async () => {
  const run = await runToTheEnd();
  const [project] = run.projects;
  expect(project).toMatchObject({ name: "Fabrikam Fiber", state: "succeeded" });
  // The project's jobs are its repositories (three, one disabled): what the hub counts.
  expect(project?.jobsTotal).toBe(3);
  expect(project?.jobsDone).toBe(3);
  for (const type of ["pipelines", "testPlans", "artifacts"])
    expect(
      existsSync(
        join(organizationFolder(), "data-snapshots", type, FABRIKAM_FIBER, `${run.runId}.json`),
      ),
    ).toBe(true);
  // The organization's feeds, once in the run.
  expect(
    existsSync(
      join(
        organizationFolder(),
        "data-snapshots",
        "artifacts",
        "_organization",
        `${run.runId}.json`,
      ),
    ),
  ).toBe(true);
  expect(Object.keys((await projectSnapshot(run.runId)).dataSnapshots ?? {}).sort()).toEqual([
    "artifacts",
    "pipelines",
    "testPlans",
  ]);

  const { backups } = (await h.call(users.devon, "/backups", undefined, "GET"))
    .json as unknown as BackupsWire;
  const last = backups.find((b) => b.projectId === FABRIKAM_FIBER);
  expect(last).toMatchObject({ runId: run.runId, outcome: "succeeded" });
  expect(last?.dataTypes).toEqual(DATA);
  expect(last?.reason).toBeUndefined();
}, 120_000);

test("a data type the service cannot read makes the project partial, named in the reason", async () => {
  const before = (
    (await h.call(users.devon, "/backups", undefined, "GET")).json as unknown as BackupsWire
  ).backups.find((b) => b.projectId === FABRIKAM_FIBER);
  h.emulator.setFaults({ pathPattern: "/_apis/testplan/", rate5xx: 1, status5xx: 501 });
  const run = await runToTheEnd().finally(() =>
    h.emulator.setFaults({ rate5xx: 0, pathPattern: undefined }),
  );
  expect(run.failure).toBeUndefined();
  const [project] = run.projects;
  expect(project?.state).toBe("partial");
  const { backups } = (await h.call(users.devon, "/backups", undefined, "GET"))
    .json as unknown as BackupsWire;
  const last = backups.find((b) => b.projectId === FABRIKAM_FIBER);
  expect(last).toMatchObject({ runId: run.runId, outcome: "partial" });
  expect(last?.reason).toMatch(/^Fabrikam Fiber Test Plans: .*injected fault/);
  // The other data types of the run were saved; Test Plans names the last good copy.
  const snapshot = await projectSnapshot(run.runId);
  expect(snapshot.dataSnapshots?.pipelines).toContain(run.runId);
  expect(snapshot.dataSnapshots?.testPlans).toContain(String(before?.runId));
}, 120_000);

test("the organization's feeds failing shows on the project the run took them with", async () => {
  // Organization feeds are read at /{organization}/_apis/packaging/…, a project's at /{org}/{project}/….
  h.emulator.setFaults({ pathPattern: "^/fabrikam/_apis/packaging/", rate5xx: 1, status5xx: 501 });
  const run = await runToTheEnd().finally(() =>
    h.emulator.setFaults({ rate5xx: 0, pathPattern: undefined }),
  );
  expect(run.projects[0]?.state).toBe("partial");
  const { backups } = (await h.call(users.devon, "/backups", undefined, "GET"))
    .json as unknown as BackupsWire;
  const last = backups.find((b) => b.projectId === FABRIKAM_FIBER);
  expect(last?.reason).toMatch(/^Organization Artifacts: .*injected fault/);
  expect((await projectSnapshot(run.runId)).dataSnapshots?.artifacts).toContain(run.runId);
}, 120_000);
