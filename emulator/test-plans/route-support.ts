// What the Test Plans routes share: their dependencies, the project a path names with its Test
// Plans state, and the "not found" answer.
import { errorReply, type Reply, type RouteContext } from "../server/http";
import type { EmulatorState, ProjectRecord } from "../server/state";
import { withProjectIn } from "../pipelines/rest-helpers";
import type { ProjectTestPlans, TestPlansState } from "./state";

export interface TestPlansDeps {
  state: EmulatorState;
  /** The emulator's Test Plans now (a reset makes them again from the seed). */
  testPlans: () => TestPlansState;
}

export type ProjectHandler = (
  ctx: RouteContext,
  p: ProjectRecord,
  pp: ProjectTestPlans,
) => Reply | Promise<Reply>;

/** A handler for a project-level path: 404 for a project that does not exist. */
export function withProjectOf(
  deps: TestPlansDeps,
): (handler: ProjectHandler) => (ctx: RouteContext) => Reply | Promise<Reply> {
  return withProjectIn(deps.state, (id) => deps.testPlans().project(id));
}

export interface TestPlansRoutes extends TestPlansDeps {
  withProject: (handler: ProjectHandler) => (ctx: RouteContext) => Reply | Promise<Reply>;
}

/** What each Test Plans route registration takes: the deps and the project-level handler wrapper. */
export function testPlansRoutes(deps: TestPlansDeps): TestPlansRoutes {
  return { ...deps, withProject: withProjectOf(deps) };
}

export function missing(what: string, id: string): Reply {
  return errorReply(
    404,
    `The ${what} with id ${id} does not exist or you do not have permission to read it.`,
    "TestObjectNotFoundException",
  );
}

export function configurationName(pp: ProjectTestPlans, id: number): string {
  return pp.configurations.get(id)?.name ?? "";
}
