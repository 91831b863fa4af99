// What each Pipelines route registration takes: the emulator's state, its Pipelines now, and a
// handler for a project-level path given the project and its Pipelines (404 for a project that
// does not exist).
import type { Reply, RouteContext } from "../server/http";
import type { EmulatorState, ProjectRecord } from "../server/state";
import { withProjectIn } from "./rest-helpers";
import type { PipelinesState, ProjectPipelines } from "./state";

export interface PipelinesDeps {
  state: EmulatorState;
  /** The emulator's Pipelines now (a reset makes them again from the seed). */
  pipelines: () => PipelinesState;
}

export type ProjectPipelinesHandler = (
  ctx: RouteContext,
  p: ProjectRecord,
  pp: ProjectPipelines,
) => Reply | Promise<Reply>;

export interface PipelinesRoutes extends PipelinesDeps {
  withProject: (handler: ProjectPipelinesHandler) => (ctx: RouteContext) => Reply | Promise<Reply>;
}

export function pipelinesRoutes(deps: PipelinesDeps): PipelinesRoutes {
  return { ...deps, withProject: withProjectIn(deps.state, (id) => deps.pipelines().project(id)) };
}
