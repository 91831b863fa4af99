// Azure Artifacts in the emulated organization: the Packaging area on the feeds origin, package
// files on pkgs. The server mounts them with one line; tests reach the state through artifactsOf.
// The state is made for the emulator's projects map, so reset() brings back the seed.
import type { OriginName } from "../server/areas";
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { seededPerEmulator } from "../pipelines/seeded-per-emulator";
import { BLOB_ORIGIN, addBlobRoutes } from "./blob-routes";
import { addFeedChangeRoutes } from "./feed-change-routes";
import { addFeedRoutes } from "./feed-routes";
import { addPackageDownloadRoutes } from "./package-downloads";
import { addPackagePublishRoutes } from "./package-publishing";
import { addPackageVersionRoutes } from "./package-versions";
import { seedArtifacts } from "./seed";
import { ArtifactsState } from "./state";

export { ArtifactsState } from "./state";
export { mavenFiles, nupkg, npmTarball, pythonFiles } from "./fixture-packages";

/** The Artifacts of a running emulator (seeded on first use and after a reset). */
export const artifactsOf: (state: EmulatorState) => ArtifactsState = seededPerEmulator(
  () => new ArtifactsState(),
  seedArtifacts,
);

export function mountArtifacts(
  routesOf: Record<OriginName, RouteTable>,
  state: EmulatorState,
  orgUrlOf: (origin: OriginName) => string,
): void {
  const deps = { state, artifacts: () => artifactsOf(state), orgUrlOf };
  addFeedRoutes(routesOf.feeds, deps);
  addFeedChangeRoutes(routesOf.feeds, deps);
  addBlobRoutes(routesOf[BLOB_ORIGIN], deps);
  addPackageDownloadRoutes(routesOf.pkgs, deps);
  addPackageVersionRoutes(routesOf.pkgs, deps);
  addPackagePublishRoutes(routesOf.pkgs, deps);
}
