// The Pipelines areas of the emulated organization: Build, DistributedTask and ServiceEndpoint on
// the main origin, Release on vsrm. The server mounts them with one line; tests reach the state of
// a running emulator through pipelinesOf. The state is made for the emulator's projects map, so
// reset() (which gives the state a new map) brings back the seed.
import type { OriginName } from "../server/areas";
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { seededPerEmulator } from "./seeded-per-emulator";
import { addBuildRoutes } from "./build-routes";
import { addDistributedTaskRoutes } from "./distributed-task-routes";
import { addReleaseRoutes } from "./release-routes";
import { seedPipelines } from "./seed";
import { PipelinesState } from "./state";

export { PipelinesState, DEFAULT_RETENTION, latest } from "./state";

/** The Pipelines of a running emulator (seeded on first use and after a reset). */
export const pipelinesOf: (state: EmulatorState) => PipelinesState = seededPerEmulator(
  () => new PipelinesState(),
  seedPipelines,
);

export function mountPipelines(
  routesOf: Record<OriginName, RouteTable>,
  state: EmulatorState,
): void {
  const deps = { state, pipelines: () => pipelinesOf(state) };
  addBuildRoutes(routesOf.core, deps);
  addDistributedTaskRoutes(routesOf.core, deps);
  addReleaseRoutes(routesOf.vsrm, deps);
}
