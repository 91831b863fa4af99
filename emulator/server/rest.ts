// The organization's REST API (`/{org}/_apis/...`), in the shapes the real service answers and the
// azure-devops-extension-api clients expect (docs/platform.md#rest-requests). Paths here are relative
// to `/{org}`; each area's routes live in a module of their own.
import { RouteTable } from "./http";
import { addConnectionDataRoute } from "./rest-connection-data";
import { addGraphRoutes } from "./rest-graph";
import { addPermissionRoutes } from "./rest-permissions";
import { addProjectRoutes } from "./rest-projects";
import type { RestDeps } from "./rest-replies";

export { NAMESPACE_COLLECTION } from "./permissions";
export { DEFAULT_PROJECTS_TOP, MAX_PROJECTS_TOP } from "./rest-projects";
export type { RestDeps } from "./rest-replies";

/**
 * Largest extension-data document accepted by default: about 5 MB, past which Azure DevOps answers
 * 500 MaximumDocumentSizeException (docs/platform.md#extension-data; the documentation states no limit).
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export function createRestApi(deps: RestDeps): RouteTable {
  const routes = new RouteTable();
  addConnectionDataRoute(routes, deps);
  addProjectRoutes(routes, deps);
  addPermissionRoutes(routes, deps);
  addGraphRoutes(routes, deps);
  return routes;
}
