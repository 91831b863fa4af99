// Test Plans: back up the seeded plan (suite tree, test cases with steps, shared steps, points,
// configurations, runs and results), restore into an empty project of another organization with a
// work item map (what the Boards restore produced) and compare field by field; results are
// compared as the text the plan keeps. A second run with nothing changed stores under 1%.
import { AreaClient } from "../../service/engine/pipelines/area-client";
import type { DataBackupResult } from "../../service/engine/pipelines/data-run";
import {
  backupTestPlans,
  describeTestPlansPlan,
  restoreTestPlans,
} from "../../service/engine/test-plans";
import {
  TestPlansApi,
  type Json,
  type SuiteInfo,
} from "../../service/engine/test-plans/test-plans-api";
import { bearer, useEngineRig, RECOVERED, restoreTarget } from "./support";

jest.setTimeout(60_000);

let sourceApi: TestPlansApi;
let targetApi: TestPlansApi;
const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };
/** What the Boards restore would hand over: source work item id → new id in the target. */
const WORK_ITEMS = Object.fromEntries(
  [501, 502, 503, 504, 505, 506, 507, 508, 509, 1].map((id) => [String(id), id + 9000]),
);

const rig = useEngineRig("test-plans");

beforeAll(async () => {
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
    mapping: { workItems: WORK_ITEMS },
  });

let first: DataBackupResult;

test("a first run keeps the plan, its suites, test cases with the shared steps they call, and the results as a record", async () => {
  first = await backup();
  expect(first.notes).toEqual([
    "Test cases and shared steps are work items: their history is in the Boards backup; suites keep their ids, titles and steps (shared steps 520).",
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
  await sourceApi.addTestCases(FIBER.name, plan?.id ?? 0, checkout?.id ?? 0, [
    {
      workItem: {
        id: 509,
        name: "Pay with a gift card",
        workItemFields: [{ "System.Title": "Pay with a gift card" }],
      },
    },
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
        fields: c.workItem.workItemFields,
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

  const before = await tree(sourceApi, FIBER.name, (id) => WORK_ITEMS[String(id)] ?? -1);
  const after = await tree(targetApi, RECOVERED.name, (id) => id);
  expect(after).toEqual(before);

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
