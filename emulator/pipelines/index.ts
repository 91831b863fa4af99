// The Pipelines areas of the emulated organization: Build, DistributedTask and ServiceEndpoint on
// the main origin, Release on vsrm. The server mounts them with one line; tests reach the state of
// a running emulator through pipelinesOf.
import type { OriginName } from "../server/areas";
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { addBuildRoutes } from "./build-routes";
import { addDistributedTaskRoutes } from "./distributed-task-routes";
import { addReleaseRoutes } from "./release-routes";
import { seedPipelines } from "./seed";
import { PipelinesState } from "./state";

export { PipelinesState, DEFAULT_RETENTION, latest } from "./state";

const mounted = new WeakMap<EmulatorState, PipelinesState>();

export function mountPipelines(
  routesOf: Record<OriginName, RouteTable>,
  state: EmulatorState,
): PipelinesState {
  const pipelines = new PipelinesState();
  seedPipelines(pipelines, state);
  const deps = { state, pipelines };
  addBuildRoutes(routesOf.core, deps);
  addDistributedTaskRoutes(routesOf.core, deps);
  addReleaseRoutes(routesOf.vsrm, deps);
  mounted.set(state, pipelines);
  return pipelines;
}

export function pipelinesOf(state: EmulatorState): PipelinesState {
  const p = mounted.get(state);
  if (!p) throw new Error("This emulator has no Pipelines areas mounted.");
  return p;
}
