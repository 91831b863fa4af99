// Issue 10 through the hub's restore routes: a PCA restores Boards, Pipelines and Test Plans of a
// backup into another project of the organization. The plan (a dry run) says each chosen data
// type's restore in words, lists the agent queues and service connections nothing in the target
// matches, and changes with a mapping (typed, or pasted as npm run restore's --mapping JSON); an
// apply of a plan that is no longer the one shown is refused (409); the apply creates the work
// items and definitions in the target, each data type's progress and result recorded.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Wire from "../../src/core/service-api";
import { boardsOf } from "../../emulator/boards";
import { pipelinesOf } from "../../emulator/pipelines";
import { latest } from "../../emulator/pipelines/state";
import { startHarness, users, type Harness } from "../service-identity/harness";
import { FABRIKAM_FIBER, backupsIn, connectAsAvery, waitFor } from "./support";

const DATA = ["repos", "boards", "pipelines", "testPlans"];
const MOBILE_APP = "4a1b9b94-0729-417d-a72a-bc3cca5e0030";

let h: Harness;
let dir: string;
let runId: string;

/** The run backing up Fabrikam Fiber with DATA, once its project is in the scope with them. */
async function backUpFiberWithItsData(): Promise<string> {
  const projectWithData = { projectId: FABRIKAM_FIBER, name: "Fabrikam Fiber" };
  const after = { choice: "included", dataTypes: DATA };
  const scope = { opId: "restore-data-types-1", changes: [{ ...projectWithData, after }] };
  expect((await h.call(users.avery, "/scope/changes", scope)).status).toBe(200);
  const run = String(
    (await h.call(users.avery, "/runs", { projectId: FABRIKAM_FIBER })).json.runId,
  );
  const ended = async () =>
    (await h.call(users.avery, `/runs/${run}`, undefined, "GET"))
      .json as unknown as Wire.BackupRunWire;
  await waitFor("the backup to finish", async () =>
    (await ended()).status === "finished" ? true : undefined,
  );
  return run;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "service-restore-data-"));
  h = await startHarness("sqlite", { backups: backupsIn(dir, join(dir, "jobs.db")) });
  expect(await connectAsAvery(h)).toContain("Connected");
  runId = await backUpFiberWithItsData();
}, 180_000);

afterAll(async () => {
  await h?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const source = () => ({ runId, projectId: FABRIKAM_FIBER, targetProject: "Mobile App" });

async function plan(body: Record<string, unknown>): Promise<Wire.RestorePlanWire> {
  const planned = await h.call(users.avery, "/restore/plans", { ...source(), ...body });
  expect(planned.status).toBe(200);
  return planned.json as unknown as Wire.RestorePlanWire;
}

/** Mobile App's Pipelines in the emulated organization (what a person would see there). */
const mobilePipelines = () => pipelinesOf(h.emulator.state).project(MOBILE_APP);

const definitionNames = (): string[] =>
  [...mobilePipelines().buildDefinitions.values()].map((d) => String(latest(d).body.name));

test("a backup's data types are listed with it; the plan says each chosen one's restore", async () => {
  const listed = (await h.call(users.avery, "/restore/snapshots", undefined, "GET"))
    .json as unknown as Wire.RestoreSnapshotsWire;
  expect(listed.snapshots[0]).toMatchObject({ runId, dataTypes: DATA });

  const planned = await plan({ dataTypes: ["boards", "pipelines"] });
  expect(planned.dataTypes).toEqual(["boards", "pipelines"]);
  // Repos not chosen: no repository is created, and Pipelines says what that means.
  expect(planned.repositories).toEqual([]);
  const [boards, pipelines, ...others] = planned.dataTypePlans ?? [];
  expect(others).toEqual([]);
  expect(boards?.dataType).toBe("boards");
  expect(boards?.lines).toEqual(
    expect.arrayContaining([expect.stringMatching(/^ {2}create \d+ work items replaying/)]),
  );
  expect(boards?.lines.join("\n")).toContain("Comment authors and times cannot be set");
  expect(pipelines?.dataType).toBe("pipelines");
  expect(pipelines?.lines.join("\n")).toContain("secret values of sqlPassword were never readable");
  expect(pipelines?.unmapped).toContainEqual({
    kind: "serviceConnections",
    source: "fabrikam-azure-prod",
    key: "fabrikam-azure-prod",
  });
  // The plan created nothing.
  expect(definitionNames()).not.toContain("fiber-ci");

  const bad = await h.call(users.avery, "/restore/plans", {
    ...source(),
    mappingText: "{ not json",
  });
  expect(bad.status).toBe(400);
  expect(String(bad.json.message)).toContain("The pasted mapping is not JSON");
  const unknownType = await h.call(users.avery, "/restore/plans", {
    ...source(),
    dataTypes: ["everything"],
  });
  expect(unknownType.status).toBe(400);
}, 120_000);

test("a mapping, typed or pasted, maps a service connection; a stale plan is refused; apply restores each data type", async () => {
  // The target gets a service connection of its own, which the admin maps the backed-up one to.
  const endpoint = "0d6f4b59-2f43-4b8e-9a53-8f1f1c7e2a10";
  mobilePipelines().serviceEndpoints.set(endpoint, {
    id: endpoint,
    name: "mobile-azure",
    type: "azurerm",
    url: "https://management.azure.com/",
  });
  const chosen = { dataTypes: ["boards", "pipelines", "testPlans"] };
  const unmapped = await plan(chosen);
  const typed = await plan({
    ...chosen,
    mapping: { serviceConnections: { "fabrikam-azure-prod": "mobile-azure" } },
  });
  const pasted = await plan({
    ...chosen,
    mappingText: JSON.stringify({ serviceConnections: { "fabrikam-azure-prod": "mobile-azure" } }),
  });
  const pipelinesPlanOf = (p: Wire.RestorePlanWire) =>
    p.dataTypePlans?.find((d) => d.dataType === "pipelines");
  expect(pipelinesPlanOf(typed)?.unmapped.map((u) => u.key)).not.toContain("fabrikam-azure-prod");
  expect(pipelinesPlanOf(typed)?.lines.join("\n")).toContain("definitions use mobile-azure");
  expect(pasted.planId).toBe(typed.planId);
  expect(typed.planId).not.toBe(unmapped.planId);

  // The plan shown was the one without the mapping: applying with the mapping is another plan.
  const stale = await h.call(users.avery, "/restores", {
    ...source(),
    ...chosen,
    mapping: { serviceConnections: { "fabrikam-azure-prod": "mobile-azure" } },
    planId: unmapped.planId,
  });
  expect(stale.status).toBe(409);
  expect(String(stale.json.message)).toContain("show the plan again");
  expect(definitionNames()).not.toContain("fiber-ci");

  const started = await h.call(users.avery, "/restores", {
    ...source(),
    ...chosen,
    mappingText: JSON.stringify({ serviceConnections: { "fabrikam-azure-prod": "mobile-azure" } }),
    planId: typed.planId,
  });
  expect(started.status).toBe(202);
  const restoreId = String(started.json.restoreId);
  const done = await waitFor(
    "the restore to finish",
    async () => {
      const r = await h.call(users.avery, `/restores/${restoreId}`, undefined, "GET");
      const restore = r.json as unknown as Wire.RestoreWire;
      return restore.status === "finished" ? restore : undefined;
    },
    170_000,
  );
  expect(done.failure).toBeUndefined();
  expect(done.dataTypes?.map((d) => [d.dataType, d.status])).toEqual([
    ["boards", "done"],
    ["pipelines", "done"],
    ["testPlans", "done"],
  ]);
  const [boards, pipelines, testPlans] = done.dataTypes ?? [];
  expect(boards?.created[0]).toMatch(/^\d+ work item\(s\) with their history$/);
  expect(pipelines?.created).toContain("buildDefinition fiber-ci");
  expect(pipelines?.failed).toEqual([]);
  expect(testPlans?.created).toContain("plan Fiber 2.0");

  // In the target: the definitions and the work items.
  expect(definitionNames()).toEqual(expect.arrayContaining(["fiber-ci", "fiber-nightly"]));
  const restored = [...boardsOf(h.emulator.state).items.values()].filter(
    (w) => w.projectId === MOBILE_APP,
  );
  expect(restored.length).toBe(Number(/^\d+/.exec(boards?.created[0] ?? "")?.[0]));

  // Recorded in the history with the data types restored.
  const history = (await h.call(users.devon, "/history", undefined, "GET"))
    .json as unknown as Wire.HistoryPage;
  expect(history.records[0]).toMatchObject({
    by: { id: users.avery },
    restore: { restoreId, dataTypes: chosen.dataTypes, target: { projectName: "Mobile App" } },
  });
}, 240_000);
