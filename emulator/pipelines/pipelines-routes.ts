// What each Pipelines route registration takes: the emulator's state, its Pipelines now, and a
// handler for a project-level path given the project and its Pipelines (404 for a project that
// does not exist).
import type { EmulatorState } from "../server/state";
import { projectAreaRoutes, type ProjectAreaRoutes } from "./rest-helpers";
import type { PipelinesState, ProjectPipelines } from "./state";

export interface PipelinesDeps {
  state: EmulatorState;
  /** The emulator's Pipelines now (a reset makes them again from the seed). */
  pipelines: () => PipelinesState;
}

export function pipelinesRoutes(deps: PipelinesDeps): PipelinesRoutes {
  return projectAreaRoutes(deps, (id) => deps.pipelines().project(id));
}

export type PipelinesRoutes = PipelinesDeps & ProjectAreaRoutes<ProjectPipelines>;
