// The testplan area: plans, suites, a suite's test cases and test points, configurations, in the
// shapes of learn.microsoft.com/rest/api/azure/devops/testplan, 7.1. See CONTRACT.md "Test Plans".
import { BadRequest, type RouteContext, type RouteTable } from "../server/http";
import type { EmulatorState, ProjectRecord } from "../server/state";
import {
  PROJECT_APIS,
  identityRef,
  listReply,
  objectBody,
  requiredName,
} from "../pipelines/rest-helpers";
import {
  configurationName,
  missing,
  testPlansRoutes,
  type TestPlansDeps,
  type TestPlansRoutes,
} from "./route-support";
import { DEFAULT_TEST_CASE_FIELDS, liveWorkItem, testCaseWorkItem } from "./work-items";
import type {
  ConfigurationRecord,
  Json,
  PlanRecord,
  ProjectTestPlans,
  SuiteRecord,
  TestPointRecord,
} from "./state";

const PLANS = `${PROJECT_APIS}/testplan/plans`;
const SUITE = `${PLANS}/(?<plan>\\d+)/suites/(?<suite>\\d+)`;

function ref(p: ProjectRecord): Json {
  return { id: p.id, name: p.name, state: "wellFormed", visibility: "private" };
}

function planJson(
  state: EmulatorState,
  p: ProjectRecord,
  pp: ProjectTestPlans,
  plan: PlanRecord,
): Json {
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description,
    areaPath: plan.areaPath,
    iteration: plan.iteration,
    state: plan.state,
    startDate: plan.startDate,
    endDate: plan.endDate,
    owner: identityRef(state, plan.ownerId),
    revision: plan.revision,
    updatedDate: plan.updatedDate,
    rootSuite: { id: plan.rootSuiteId, name: pp.suites.get(plan.rootSuiteId)?.name },
    project: ref(p),
  };
}

function suiteJson(p: ProjectRecord, pp: ProjectTestPlans, s: SuiteRecord): Json {
  const parent = s.parentId !== undefined ? pp.suites.get(s.parentId) : undefined;
  return {
    id: s.id,
    name: s.name,
    suiteType: s.suiteType,
    plan: { id: s.planId, name: pp.plans.get(s.planId)?.name },
    ...(parent ? { parentSuite: { id: parent.id, name: parent.name } } : {}),
    hasChildren: [...pp.suites.values()].some((c) => c.parentId === s.id),
    ...(s.queryString ? { queryString: s.queryString } : {}),
    ...(s.requirementId ? { requirementId: s.requirementId } : {}),
    inheritDefaultConfigurations: true,
    revision: s.revision,
    lastUpdatedDate: s.lastUpdatedDate,
    project: ref(p),
  };
}

/** The suite a path names, in the plan it names; 404 otherwise. */
function suiteOf(ctx: RouteContext, pp: ProjectTestPlans): SuiteRecord {
  const s = pp.suites.get(Number(ctx.params.suite));
  if (!s || s.planId !== Number(ctx.params.plan))
    throw new BadRequest(
      `Test suite ${ctx.params.suite ?? ""} does not exist in plan ${ctx.params.plan ?? ""}.`,
      404,
      "TestObjectNotFoundException",
    );
  return s;
}

function pointsOf(pp: ProjectTestPlans, s: SuiteRecord): TestPointRecord[] {
  return [...pp.points.values()].filter((pt) => pt.suiteId === s.id);
}

function configurationJson(p: ProjectRecord, c: ConfigurationRecord): Json {
  return {
    ...c,
    project: ref(p),
  };
}

/** Plans: list, one, create (with its root suite). */
function addPlans(routes: RouteTable, r: TestPlansRoutes): void {
  routes.add(
    "GET",
    new RegExp(`${PLANS}/?$`, "i"),
    r.withProject((ctx, p, pp) =>
      listReply(
        ctx,
        [...pp.plans.values()].map((plan) => planJson(r.state, p, pp, plan)),
      ),
    ),
  );
  routes.add(
    "GET",
    new RegExp(`${PLANS}/(?<plan>\\d+)/?$`, "i"),
    r.withProject((ctx, p, pp) => {
      const plan = pp.plans.get(Number(ctx.params.plan));
      return plan
        ? { status: 200, body: planJson(r.state, p, pp, plan) }
        : missing("test plan", ctx.params.plan ?? "");
    }),
  );
  routes.add(
    "POST",
    new RegExp(`${PLANS}/?$`, "i"),
    r.withProject(async (ctx, p, pp) => {
      const body = await objectBody(ctx);
      const now = new Date().toISOString();
      const plan = r.testPlans().createPlan(pp, {
        name: requiredName(body, "test plan"),
        description: (body.description as string | undefined) ?? "",
        areaPath: (body.areaPath as string | undefined) ?? p.name,
        iteration: (body.iteration as string | undefined) ?? p.name,
        state: (body.state as string | undefined) ?? "Active",
        startDate: (body.startDate as string | undefined) ?? now,
        endDate: (body.endDate as string | undefined) ?? now,
        ownerId: ((body.owner as { id?: string } | undefined)?.id ?? ctx.userId) || "",
        updatedDate: now,
      });
      return { status: 200, body: planJson(r.state, p, pp, plan) };
    }),
  );
}

/** Suites of a plan: the flat list, create (a child only under a static suite of the plan). */
function addSuites(routes: RouteTable, r: TestPlansRoutes): void {
  routes.add(
    "GET",
    new RegExp(`${PLANS}/(?<plan>\\d+)/suites/?$`, "i"),
    r.withProject((ctx, p, pp) => {
      if (!pp.plans.has(Number(ctx.params.plan)))
        return missing("test plan", ctx.params.plan ?? "");
      const suites = [...pp.suites.values()].filter((s) => s.planId === Number(ctx.params.plan));
      return listReply(
        ctx,
        suites.map((s) => suiteJson(p, pp, s)),
      );
    }),
  );
  routes.add(
    "POST",
    new RegExp(`${PLANS}/(?<plan>\\d+)/suites/?$`, "i"),
    r.withProject(async (ctx, p, pp) => {
      const plan = pp.plans.get(Number(ctx.params.plan));
      if (!plan) return missing("test plan", ctx.params.plan ?? "");
      const body = await objectBody(ctx);
      const parentId = Number(
        (body.parentSuite as { id?: number } | undefined)?.id ?? plan.rootSuiteId,
      );
      const parent = pp.suites.get(parentId);
      if (!parent || parent.planId !== plan.id || parent.suiteType !== "staticTestSuite")
        throw new BadRequest(
          `The parent suite ${parentId} is not a static suite of plan ${plan.id}.`,
          400,
          "InvalidPropertyException",
        );
      const suiteType = body.suiteType as SuiteRecord["suiteType"];
      if (!["staticTestSuite", "dynamicTestSuite", "requirementTestSuite"].includes(suiteType))
        throw new BadRequest(
          "suiteType must be staticTestSuite, dynamicTestSuite or requirementTestSuite.",
        );
      const s: SuiteRecord = {
        id: r.testPlans().nextId("suite"),
        planId: plan.id,
        name: requiredName(body, "test suite"),
        suiteType,
        parentId,
        ...(typeof body.queryString === "string" ? { queryString: body.queryString } : {}),
        ...(typeof body.requirementId === "number" ? { requirementId: body.requirementId } : {}),
        revision: 1,
        lastUpdatedDate: new Date().toISOString(),
        testCases: [],
      };
      pp.suites.set(s.id, s);
      return { status: 200, body: suiteJson(p, pp, s) };
    }),
  );
}

/** A static suite's test cases: list (the work items' fields), add (Test Case work items only). */
function addSuiteTestCases(routes: RouteTable, r: TestPlansRoutes): void {
  routes.add(
    "GET",
    new RegExp(`${SUITE}/testcase/?$`, "i"),
    r.withProject((ctx, p, pp) => {
      const s = suiteOf(ctx, pp);
      const points = pointsOf(pp, s);
      const asked = ctx.url.searchParams
        .get("witFields")
        ?.split(",")
        .filter((f) => f !== "");
      return listReply(
        ctx,
        s.testCases.flatMap((tc) => {
          // A test case whose work item was deleted is no longer listed.
          const fields = liveWorkItem(r.state, p.id, tc.workItemId)?.fields;
          if (!fields) return [];
          return [
            {
              workItem: {
                id: tc.workItemId,
                name: fields["System.Title"],
                workItemFields: (asked ?? DEFAULT_TEST_CASE_FIELDS)
                  .filter((f) => fields[f] !== undefined)
                  .map((f) => ({ [f]: fields[f] })),
              },
              pointAssignments: points
                .filter((pt) => pt.testCaseId === tc.workItemId)
                .map((pt) => ({
                  id: pt.id,
                  configurationId: pt.configurationId,
                  configurationName: configurationName(pp, pt.configurationId),
                })),
              order: tc.order,
              testPlan: { id: s.planId, name: pp.plans.get(s.planId)?.name },
              testSuite: { id: s.id, name: s.name },
              project: ref(p),
            },
          ];
        }),
      );
    }),
  );
  routes.add(
    "POST",
    new RegExp(`${SUITE}/testcase/?$`, "i"),
    r.withProject(async (ctx, p, pp) => {
      const s = suiteOf(ctx, pp);
      if (s.suiteType !== "staticTestSuite")
        throw new BadRequest(
          "Test cases can be added only to a static suite.",
          400,
          "InvalidPropertyException",
        );
      const body = await ctx.body();
      if (!Array.isArray(body))
        throw new BadRequest("The body must be a list of test cases to add.");
      const now = new Date().toISOString();
      const defaultConfig = [...pp.configurations.values()].find((c) => c.isDefault)?.id;
      for (const item of body as {
        workItem?: { id?: number };
        pointAssignments?: { configurationId: number }[];
      }[]) {
        const id = Number(item.workItem?.id);
        if (!Number.isInteger(id) || id <= 0)
          throw new BadRequest("Each test case names its work item id.");
        testCaseWorkItem(r.state, p.id, id);
        const configurationIds =
          item.pointAssignments?.map((a) => a.configurationId) ??
          (defaultConfig ? [defaultConfig] : []);
        for (const c of configurationIds)
          if (!pp.configurations.has(c))
            throw new BadRequest(
              `Test configuration ${c} does not exist.`,
              404,
              "TestObjectNotFoundException",
            );
        if (s.testCases.some((tc) => tc.workItemId === id)) continue;
        r.testPlans().addTestCase(
          pp,
          s,
          {
            workItemId: id,
            configurationIds,
            order: s.testCases.length + 1,
          },
          now,
        );
      }
      return { status: 200, body: { count: body.length } };
    }),
  );
}

/** A suite's test points. */
function addTestPoints(routes: RouteTable, r: TestPlansRoutes): void {
  routes.add(
    "GET",
    new RegExp(`${SUITE}/testpoint/?$`, "i"),
    r.withProject((ctx, p, pp) => {
      const s = suiteOf(ctx, pp);
      const points = pointsOf(pp, s);
      return listReply(
        ctx,
        points.map((pt) => ({
          id: pt.id,
          configuration: {
            id: pt.configurationId,
            name: configurationName(pp, pt.configurationId),
          },
          isAutomated: false,
          isActive: true,
          testCaseReference: {
            id: pt.testCaseId,
            name: liveWorkItem(r.state, p.id, pt.testCaseId)?.fields["System.Title"],
          },
          testSuite: { id: s.id, name: s.name },
          testPlan: { id: s.planId, name: pp.plans.get(s.planId)?.name },
          results: {
            outcome: pt.outcome,
            ...(pt.lastRunId ? { lastTestRunId: pt.lastRunId } : {}),
          },
          lastUpdatedDate: pt.lastUpdatedDate,
        })),
      );
    }),
  );
}

/** Configurations: list, create (a taken name is 409). */
function addConfigurations(routes: RouteTable, r: TestPlansRoutes): void {
  routes.add(
    "GET",
    new RegExp(`${PROJECT_APIS}/testplan/configurations/?$`, "i"),
    r.withProject((ctx, p, pp) =>
      listReply(
        ctx,
        [...pp.configurations.values()].map((c) => configurationJson(p, c)),
      ),
    ),
  );
  routes.add(
    "POST",
    new RegExp(`${PROJECT_APIS}/testplan/configurations/?$`, "i"),
    r.withProject(async (ctx, p, pp) => {
      const body = await objectBody(ctx);
      const name = requiredName(body, "test configuration");
      if ([...pp.configurations.values()].some((c) => c.name.toLowerCase() === name.toLowerCase()))
        throw new BadRequest(
          `A test configuration named ${name} already exists.`,
          409,
          "TestObjectAlreadyExistsException",
        );
      const c = r.testPlans().addConfiguration(pp, {
        name,
        description: (body.description as string | undefined) ?? "",
        isDefault: body.isDefault === true,
        state: body.state === "inactive" ? "inactive" : "active",
        values: (body.values as ConfigurationRecord["values"] | undefined) ?? [],
      });
      return { status: 200, body: configurationJson(p, c) };
    }),
  );
}

export function addTestPlanRoutes(routes: RouteTable, deps: TestPlansDeps): void {
  const r = testPlansRoutes(deps);
  addPlans(routes, r);
  addSuites(routes, r);
  addSuiteTestCases(routes, r);
  addTestPoints(routes, r);
  addConfigurations(routes, r);
}
