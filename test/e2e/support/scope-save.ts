// The body of a scope save (POST /scope/changes) that changes one project, as the hub sends it:
// what a test saves through the service before it looks at what the hub or a run does with it.
import type { SaveScopeRequest } from "../../../src/core/service-api";
import type { ScopeChoice } from "../../../src/core/scope";

/** A save of one project's choice; `seenOpId` names the entry the saver saw (absent: none). */
export function projectSave(
  opId: string,
  project: { id: string; name: string },
  after: ScopeChoice,
  seenOpId?: string,
): SaveScopeRequest {
  return {
    opId,
    changes: [
      { projectId: project.id, name: project.name, ...(seenOpId ? { seenOpId } : {}), after },
    ],
  };
}
