// The Test Plans areas of the emulated organization (testplan and test, on the main origin). The
// server mounts them with one line; tests reach a running emulator's state through testPlansOf.
// Test cases are Boards work items, so the Test Plans are made for the Boards they were seeded
// into: a reset (new Boards from their seed) or seedBoards (Boards replaced) brings the seed back,
// at once after a reset, as at mount, so the Boards hold the test cases before anything reads them.
import { boardsOf, type BoardsOrganization } from "../boards";
import type { OriginName } from "../server/areas";
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { addTestPlanRoutes } from "./plan-routes";
import { addTestRunRoutes } from "./run-routes";
import { seedTestPlans } from "./seed";
import { TestPlansState } from "./state";

export { TestPlansState } from "./state";

const made = new WeakMap<
  EmulatorState,
  { testPlans: TestPlansState; madeFor: BoardsOrganization }
>();

/** The Test Plans of a running emulator, seeded into its current Boards. */
export function testPlansOf(state: EmulatorState): TestPlansState {
  const boards = boardsOf(state);
  const kept = made.get(state);
  if (kept && kept.madeFor === boards) return kept.testPlans;
  const testPlans = new TestPlansState();
  made.set(state, { testPlans, madeFor: boards });
  seedTestPlans(testPlans, state);
  return testPlans;
}

/**
 * Seeds the Test Plans now, not on first use: the seed makes its test cases' work items in the
 * Boards, which a Boards backup may read before any Test Plans route is asked. At mount and after
 * every reset.
 */
export function seedTestPlansNow(state: EmulatorState): void {
  testPlansOf(state);
}

export function mountTestPlans(
  routesOf: Record<OriginName, RouteTable>,
  state: EmulatorState,
): void {
  seedTestPlansNow(state);
  const deps = { state, testPlans: () => testPlansOf(state) };
  addTestPlanRoutes(routesOf.core, deps);
  addTestRunRoutes(routesOf.core, deps);
}
