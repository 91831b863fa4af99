// Test Plans: back up the seeded plan (suite tree, test cases with steps, shared steps, points,
// configurations, runs and results); restore the Boards (test cases and shared steps are work
// items) and then the Test Plans into an empty project of another organization with the Boards'
// work item map, and compare field by field: the suites list the restored Test Case work items with
// their steps, which call the restored shared steps. Results are compared as the text the plan
// keeps. A second run with nothing changed stores under 1%.
import { boardsOf, seedBoards } from "../../emulator/boards";
import { testPlansOf } from "../../emulator/test-plans";
import { SHARED_STEPS, TEST_CASE, workItemsOfType } from "../../emulator/test-plans/work-items";
import { AdoTransport } from "../../src/ado/transport";
import { BoardsApi } from "../../service/engine/boards/boards-api";
import { backupBoards } from "../../service/engine/boards/backup-boards";
import { applyBoardsRestore } from "../../service/engine/boards/restore-apply";
import { planBoardsRestore } from "../../service/engine/boards/restore-plan";
import { AreaClient } from "../../service/engine/pipelines/area-client";
import type { DataBackupResult } from "../../service/engine/pipelines/data-run";
import { ContentStore } from "../../service/engine/storage/content-store";
import {
  backupTestPlans,
  describeTestPlansPlan,
  restoreTestPlans,
} from "../../service/engine/test-plans";
import { callingSharedSteps } from "../../service/engine/test-plans/restore-apply";
import {
  STEPS,
  TestPlansApi,
  type Json,
  type SuiteInfo,
} from "../../service/engine/test-plans/test-plans-api";
import type { EmulatorHandle } from "../../emulator/server";
import { bearer, useEngineRig, RECOVERED, restoreTarget } from "./support";

jest.setTimeout(60_000);

let sourceApi: TestPlansApi;
let targetApi: TestPlansApi;
const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };
/** What the Boards restore handed over: source work item id → its id in the target. */
let workItems: Record<string, number> = {};

function boardsApiOf(e: EmulatorHandle): BoardsApi {
  return new BoardsApi(e.orgUrl, new AdoTransport({ authorizationHeader: bearer(e) }));
}

const rig = useEngineRig("test-plans");

beforeAll(async () => {
  // A small Boards project (the Test Plans seed adds its test cases to it), so the Boards
  // round trip this file needs is quick; the Test Plans, seeded again after the reset, join it.
  rig.source.reset();
  seedBoards(rig.source.state, FIBER.name, { workItems: 12, revisionsPerItem: 2, seed: 7 });
  testPlansOf(rig.source.state);
  sourceApi = new TestPlansApi(new AreaClient(rig.source.orgUrl, bearer(rig.source)));
  targetApi = new TestPlansApi(new AreaClient(rig.target.orgUrl, bearer(rig.target)));
});

const backup = (): Promise<DataBackupResult> =>
  backupTestPlans({
    organizationUrl: rig.source.orgUrl,
    authorization: bearer(rig.source),
    store: rig.store,
    project: FIBER,
  });

const restoreToRecovered = () =>
  restoreTestPlans({
    store: rig.store,
    sourceProjectId: FIBER.id,
    target: restoreTarget(rig),
    mapping: { workItems },
  });

let first: DataBackupResult;

test("the seeded suites list Test Case work items of the Boards, whose steps call a Shared Steps work item", async () => {
  const [sharedSteps] = workItemsOfType(rig.source.state, FIBER.id, SHARED_STEPS);
  const testCases = workItemsOfType(rig.source.state, FIBER.id, TEST_CASE);
  expect(testCases).toHaveLength(8);
  for (const tc of testCases)
    expect(String(tc.fields[STEPS])).toContain(`<compref id="2" ref="${sharedSteps?.id ?? ""}"/>`);
  const [plan] = await sourceApi.plans(FIBER.name);
  const listed = [];
  for (const s of await sourceApi.suites(FIBER.name, plan?.id ?? 0))
    if (s.suiteType === "staticTestSuite")
      listed.push(...(await sourceApi.suiteTestCases(FIBER.name, plan?.id ?? 0, s.id)));
  expect(listed.map((c) => c.workItem.id).sort()).toEqual(testCases.map((c) => c.id).sort());
  // A suite takes only a test case: another type of work item is refused.
  const story = workItemsOfType(rig.source.state, FIBER.id, "User Story")[0];
  await expect(
    sourceApi.addTestCases(FIBER.name, plan?.id ?? 0, plan?.rootSuite.id ?? 0, [
      { workItem: { id: story?.id ?? 0 } },
    ]),
  ).rejects.toThrow(/not a Test Case/);
});

test("a first run keeps the plan, its suites, test cases with the shared steps they call, and the results as a record", async () => {
  const [sharedSteps] = workItemsOfType(rig.source.state, FIBER.id, SHARED_STEPS);
  first = await backup();
  expect(first.notes).toEqual([
    `Test cases and shared steps are work items: their history is in the Boards backup; suites keep their ids, titles and steps (shared steps ${sharedSteps?.id ?? ""}).`,
    "Test runs and results of the last 90 days are kept as a record (3 run(s), 48 result(s)).",
  ]);
});

test("a second run with nothing changed stores under 1% and does not read test cases or results again", async () => {
  const second = await backup();
  expect(second.storage.objectsWritten).toBe(0);
  expect(second.storage.bytesWritten / first.storage.bytesWritten).toBeLessThan(0.01);
  expect(second.requests).toBeLessThan(first.requests);
});

test("a test case added to one suite is the only suite read again", async () => {
  const [plan] = await sourceApi.plans(FIBER.name);
  const checkout = (await sourceApi.suites(FIBER.name, plan?.id ?? 0)).find(
    (x) => x.name === "Checkout",
  );
  const giftCard = await new AreaClient(rig.source.orgUrl, bearer(rig.source)).send<{ id: number }>(
    "POST",
    `${encodeURIComponent(FIBER.name)}/_apis/wit/workitems/$Test%20Case`,
    [
      { op: "add", path: "/fields/System.Title", value: "Pay with a gift card" },
      { op: "add", path: `/fields/${STEPS}`, value: '<steps id="0" last="1"></steps>' },
    ],
    undefined,
    "application/json-patch+json",
  );
  await sourceApi.addTestCases(FIBER.name, plan?.id ?? 0, checkout?.id ?? 0, [
    { workItem: { id: giftCard.id } },
  ]);
  const third = await backup();
  expect(third.storage.objectsWritten).toBe(4); // the suite, its test cases, its points, the index
});

/** A suite tree as a user sees it: path → type, query, test case titles, points per configuration. */
async function tree(
  api: TestPlansApi,
  project: string,
  mapIds: (id: number) => number,
): Promise<Record<string, Json>> {
  const [plan] = await api.plans(project);
  const suites = await api.suites(project, plan?.id ?? 0);
  const pathOf = (s: SuiteInfo): string => {
    const parent = suites.find((x) => x.id === s.parentSuite?.id);
    return parent ? `${pathOf(parent)}/${s.name}` : "";
  };
  const out: Record<string, Json> = {};
  for (const s of suites) {
    const cases =
      s.suiteType === "staticTestSuite"
        ? await api.suiteTestCases(project, plan?.id ?? 0, s.id)
        : [];
    const points = await api.testPoints(project, plan?.id ?? 0, s.id);
    out[pathOf(s) || "(root)"] = {
      suiteType: s.suiteType,
      queryString: s.queryString,
      requirementId: s.requirementId === undefined ? undefined : mapIds(s.requirementId),
      testCases: cases.map((c) => ({
        id: mapIds(c.workItem.id),
        name: c.workItem.name,
        // Steps call shared steps by id: compared with the ids mapped.
        fields: c.workItem.workItemFields?.map((f) =>
          f[STEPS] === undefined ? f : { [STEPS]: callingSharedSteps(f[STEPS], mapIds) },
        ),
      })),
      points: points
        .map(
          (p) =>
            `${String((p.testCaseReference as Json).name)} × ${String((p.configuration as Json).name)}`,
        )
        .sort(),
    };
  }
  return out;
}

test("the Boards restore brings the test cases and shared steps back as work items, under new ids", async () => {
  const content = new ContentStore(rig.store);
  const { snapshot } = await backupBoards({
    api: boardsApiOf(rig.source),
    content,
    project: FIBER,
  });
  const api = boardsApiOf(rig.target);
  const mapping = { users: {} };
  const plan = await planBoardsRestore(content, snapshot, api, {
    sourceProject: FIBER.name,
    targetProject: RECOVERED,
    mapping,
  });
  const result = await applyBoardsRestore(plan, { api, content, snapshot, mapping });
  expect(result.failed).toEqual([]);
  workItems = Object.fromEntries([...result.workItems].map(([from, to]) => [String(from), to]));
  const [sharedSteps] = workItemsOfType(rig.source.state, FIBER.id, SHARED_STEPS);
  expect(workItems[String(sharedSteps?.id)]).not.toBe(sharedSteps?.id);
  expect(workItemsOfType(rig.target.state, RECOVERED.id, TEST_CASE)).toHaveLength(9);
});

test("restore: the plan says what cannot come back, then apply recreates plans, suites, test cases and points", async () => {
  const restore = await restoreToRecovered();
  const text = describeTestPlansPlan(restore.plan);
  expect(text).toContain("Test runs and results cannot be recreated");
  expect(text).toContain('use existing configuration "Windows 10"');
  expect(await targetApi.plans(RECOVERED.id)).toEqual([]); // the dry run changed nothing

  // Every result is in the text the plan keeps, as a user reads it.
  const runs = await sourceApi.runs(FIBER.name);
  for (const run of runs)
    for (const r of await sourceApi.results(FIBER.name, run.id))
      expect(restore.plan.resultsText).toContain(
        `${String(r.outcome)}: test case ${String(r.testCase?.id)} "${String(r.testCaseTitle)}" [${String(r.configuration?.name)}]`,
      );

  const result = await restore.apply();
  expect(result.failed).toEqual([]);

  const [was] = await sourceApi.plans(FIBER.name);
  const [now] = await targetApi.plans(RECOVERED.name);
  for (const f of ["name", "description", "state", "startDate", "endDate"])
    expect(now?.[f]).toEqual(was?.[f]);
  expect(now?.areaPath).toBe("Recovered\\Web");
  expect(now?.iteration).toBe("Recovered\\Release 2.0");

  const before = await tree(sourceApi, FIBER.name, (id) => workItems[String(id)] ?? -1);
  const after = await tree(targetApi, RECOVERED.name, (id) => id);
  expect(after).toEqual(before);

  // Each test case is a Test Case work item of the target, its steps calling the restored shared steps.
  const target = boardsOf(rig.target.state);
  for (const source of workItemsOfType(rig.source.state, FIBER.id, TEST_CASE)) {
    const item = target.items.get(workItems[String(source.id)] ?? -1);
    const fields = item ? target.fieldsAt(item, target.latestRev(item)) : {};
    expect(fields["System.WorkItemType"]).toBe(TEST_CASE);
    expect(fields["System.Title"]).toBe(source.fields["System.Title"]);
    expect(fields[STEPS]).toBe(
      callingSharedSteps(String(source.fields[STEPS]), (id) => workItems[String(id)]),
    );
  }

  const configs = (await targetApi.configurations(RECOVERED.name)).map((c) => ({
    name: c.name,
    values: c.values,
  }));
  const sourceConfigs = (await sourceApi.configurations(FIBER.name)).map((c) => ({
    name: c.name,
    values: c.values,
  }));
  expect(configs).toEqual(sourceConfigs);
});

test("a second restore never overwrites: the plan is created beside the first", async () => {
  const again = await restoreToRecovered();
  expect(again.plan.items.find((i) => i.kind === "plan")?.name).toBe("Fiber 2.0 (restored)");
  expect((await again.apply()).failed).toEqual([]);
  expect((await targetApi.plans(RECOVERED.name)).map((p) => p.name).sort()).toEqual([
    "Fiber 2.0",
    "Fiber 2.0 (restored)",
  ]);
});
