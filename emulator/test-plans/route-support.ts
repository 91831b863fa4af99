// What the Test Plans routes share: their dependencies, the project a path names with its Test
// Plans state, and the "not found" answer.
import { errorReply, type Reply } from "../server/http";
import type { EmulatorState } from "../server/state";
import { projectAreaRoutes, type ProjectAreaRoutes } from "../pipelines/rest-helpers";
import type { ProjectTestPlans, TestPlansState } from "./state";

export interface TestPlansDeps {
  state: EmulatorState;
  /** The emulator's Test Plans now (a reset makes them again from the seed). */
  testPlans: () => TestPlansState;
}

/** The deps, and a handler for a project-level path given the project and its Test Plans. */
export const testPlansRoutes = (deps: TestPlansDeps): TestPlansRoutes =>
  projectAreaRoutes(deps, (id) => deps.testPlans().project(id));
export type TestPlansRoutes = TestPlansDeps & ProjectAreaRoutes<ProjectTestPlans>;

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
