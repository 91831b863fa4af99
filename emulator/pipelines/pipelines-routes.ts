// What each Pipelines route registration takes: the emulator's state, its Pipelines now, and a
// handler for a project-level path given the project and its Pipelines (404 for a project that
// does not exist).
import type { EmulatorState } from "../server/state";
import { withProjectIn, type ProjectAreaRoutes } from "./rest-helpers";
import type { PipelinesState, ProjectPipelines } from "./state";

export interface PipelinesDeps {
  state: EmulatorState;
  /** The emulator's Pipelines now (a reset makes them again from the seed). */
  pipelines: () => PipelinesState;
}

export type PipelinesRoutes = PipelinesDeps & ProjectAreaRoutes<ProjectPipelines>;

export function pipelinesRoutes(deps: PipelinesDeps): PipelinesRoutes {
  return { ...deps, withProject: withProjectIn(deps.state, (id) => deps.pipelines().project(id)) };
}
