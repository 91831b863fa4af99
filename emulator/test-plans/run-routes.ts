// The test area's runs and their results (`$top`/`$skip` paging), in the shapes of
// learn.microsoft.com/rest/api/azure/devops/test/runs and /results, 7.1. See CONTRACT.md "Test Plans".
import type { RouteTable } from "../server/http";
import { PROJECT_APIS, identityRef, listReply } from "../pipelines/rest-helpers";
import { configurationName, missing, testPlansRoutes, type TestPlansDeps } from "./route-support";
import type { Json, ProjectTestPlans, TestRunRecord } from "./state";

export function addTestRunRoutes(routes: RouteTable, deps: TestPlansDeps): void {
  const { state } = deps;
  const { withProject } = testPlansRoutes(deps);
  const configName = configurationName;
  const runJson = (pp: ProjectTestPlans, r: TestRunRecord): Json => ({
    id: r.id,
    name: r.name,
    isAutomated: r.isAutomated,
    state: r.state,
    plan: { id: String(r.planId), name: pp.plans.get(r.planId)?.name },
    startedDate: r.startedDate,
    completedDate: r.completedDate,
    totalTests: r.results.length,
    passedTests: r.results.filter((x) => x.outcome === "Passed").length,
    unanalyzedTests: r.results.filter((x) => x.outcome === "Failed").length,
    owner: identityRef(state, r.ownerId),
  });
  routes.add(
    "GET",
    new RegExp(`${PROJECT_APIS}/test/runs/?$`, "i"),
    withProject((ctx, _p, pp) => {
      const skip = Number(ctx.url.searchParams.get("$skip") ?? 0);
      const top = Math.min(Number(ctx.url.searchParams.get("$top") ?? 100), 100);
      return listReply(
        ctx,
        [...pp.runs.values()].slice(skip, skip + top).map((r) => runJson(pp, r)),
      );
    }),
  );
  routes.add(
    "GET",
    new RegExp(`${PROJECT_APIS}/test/runs/(?<run>\\d+)/results/?$`, "i"),
    withProject((ctx, _p, pp) => {
      const run = pp.runs.get(Number(ctx.params.run));
      if (!run) return missing("test run", ctx.params.run ?? "");
      const skip = Number(ctx.url.searchParams.get("$skip") ?? 0);
      const top = Math.min(Number(ctx.url.searchParams.get("$top") ?? 1000), 1000);
      return listReply(
        ctx,
        run.results.slice(skip, skip + top).map((x) => ({
          id: x.id,
          testCase: { id: String(x.testCaseId), name: x.testCaseTitle },
          testCaseTitle: x.testCaseTitle,
          testCaseReferenceId: x.testCaseId,
          ...(x.pointId ? { testPoint: { id: String(x.pointId) } } : {}),
          configuration: { id: String(x.configurationId), name: configName(pp, x.configurationId) },
          outcome: x.outcome,
          state: "Completed",
          durationInMs: x.durationInMs,
          ...(x.errorMessage ? { errorMessage: x.errorMessage } : {}),
          ...(x.comment ? { comment: x.comment } : {}),
          completedDate: x.completedDate,
          runBy: identityRef(state, x.runById),
          testRun: { id: String(run.id), name: run.name },
        })),
      );
    }),
  );
}
