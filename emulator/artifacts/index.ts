// Azure Artifacts in the emulated organization: the Packaging area on the feeds origin, package
// files on pkgs. The server mounts them with one line; tests reach the state through artifactsOf.
import type { OriginName } from "../server/areas";
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { addFeedRoutes } from "./feed-routes";
import { addPackageRoutes } from "./package-routes";
import { seedArtifacts } from "./seed";
import { ArtifactsState } from "./state";

export { ArtifactsState } from "./state";
export { nupkg, npmTarball } from "./fixture-packages";

const mounted = new WeakMap<EmulatorState, ArtifactsState>();

export function mountArtifacts(
  routesOf: Record<OriginName, RouteTable>,
  state: EmulatorState,
): ArtifactsState {
  const artifacts = new ArtifactsState();
  seedArtifacts(artifacts, state);
  addFeedRoutes(routesOf.feeds, { state, artifacts });
  addPackageRoutes(routesOf.pkgs, { state, artifacts });
  mounted.set(state, artifacts);
  return artifacts;
}

export function artifactsOf(state: EmulatorState): ArtifactsState {
  const a = mounted.get(state);
  if (!a) throw new Error("This emulator has no Artifacts areas mounted.");
  return a;
}
