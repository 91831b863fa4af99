// The Test Plans areas of the emulated organization (testplan and test, on the main origin). The
// server mounts them with one line; tests reach a running emulator's state through testPlansOf.
// The state is made for the emulator's projects map, so reset() brings back the seed (made again
// at once, as at mount: its test cases' work items are in the Boards before anything reads them).
import type { OriginName } from "../server/areas";
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { seededPerEmulator } from "../pipelines/seeded-per-emulator";
import { addTestPlanRoutes } from "./plan-routes";
import { addTestRunRoutes } from "./run-routes";
import { seedTestPlans } from "./seed";
import { TestPlansState } from "./state";

export { TestPlansState } from "./state";

/** The Test Plans of a running emulator (seeded on first use and after a reset). */
export const testPlansOf: (state: EmulatorState) => TestPlansState = seededPerEmulator(
  () => new TestPlansState(),
  seedTestPlans,
);

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
