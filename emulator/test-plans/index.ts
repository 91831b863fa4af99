// The Test Plans areas of the emulated organization (testplan and test, on the main origin). The
// server mounts them with one line; tests reach a running emulator's state through testPlansOf.
import type { OriginName } from "../server/areas";
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { addTestPlanRoutes } from "./plan-routes";
import { addTestRunRoutes } from "./run-routes";
import { seedTestPlans } from "./seed";
import { TestPlansState } from "./state";

export { TestPlansState } from "./state";

const mounted = new WeakMap<EmulatorState, TestPlansState>();

export function mountTestPlans(
  routesOf: Record<OriginName, RouteTable>,
  state: EmulatorState,
): TestPlansState {
  const testPlans = new TestPlansState();
  seedTestPlans(testPlans, state);
  addTestPlanRoutes(routesOf.core, { state, testPlans });
  addTestRunRoutes(routesOf.core, { state, testPlans });
  mounted.set(state, testPlans);
  return testPlans;
}

export function testPlansOf(state: EmulatorState): TestPlansState {
  const t = mounted.get(state);
  if (!t) throw new Error("This emulator has no Test Plans areas mounted.");
  return t;
}
