// GET _apis/projects (paged by $top, $skip and the continuation token: CONTRACT.md "Projects
// paging") and GET _apis/projects/{id or name}.
import { errorReply, type RouteTable } from "./http";
import { caller, list, nonNegativeInt, orgUrl, uuidFrom, type RestDeps } from "./rest-replies";
import { compareProjects, type ProjectRecord } from "./state";

/** Default page size of GET _apis/projects, as documented. */
export const DEFAULT_PROJECTS_TOP = 100;
/**
 * Largest page GET _apis/projects answers; a larger $top is clamped. Our assumption about the
 * real service (its documentation gives no maximum): code must page by continuation token, never
 * trust that one request returns everything.
 */
export const MAX_PROJECTS_TOP = 1000;

function clampTop(raw: string | null): number {
  const n = nonNegativeInt(raw, "$top");
  if (n === undefined || n === 0) return DEFAULT_PROJECTS_TOP;
  return Math.min(n, MAX_PROJECTS_TOP);
}

/** A project as the list and the one-project answer show it. */
function projectReference(
  deps: RestDeps,
  p: ProjectRecord,
  stateName = "wellFormed",
): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    ...(p.description ? { description: p.description } : {}),
    url: `${orgUrl(deps)}/_apis/projects/${p.id}`,
    state: stateName,
    revision: p.revision,
    visibility: "private",
    lastUpdateTime: p.lastUpdateTime,
  };
}

export function addProjectRoutes(routes: RouteTable, deps: RestDeps): void {
  const { state } = deps;
  routes.add("GET", /^\/_apis\/projects\/?$/i, (ctx) => {
    caller(ctx, deps);
    const q = ctx.url.searchParams;
    const top = clampTop(q.get("$top"));
    const skip = nonNegativeInt(q.get("$skip"), "$skip") ?? 0;
    const stateFilter = (q.get("stateFilter") ?? "wellFormed").toLowerCase();
    let source: ProjectRecord[];
    let stateName = "wellFormed";
    if (stateFilter === "deleted") {
      source = [...state.deletedProjects.values()].sort(compareProjects);
      stateName = "deleted";
    } else if (stateFilter === "wellformed" || stateFilter === "all")
      source = state.sortedProjects();
    else source = [];
    // The continuation token is the offset of the next page (Azure DevOps Server's
    // ProjectsController), and $skip adds to it: a project created or deleted between two pages
    // shifts the offsets, so a caller can see one twice or miss one (callers de-duplicate).
    const start = (nonNegativeInt(q.get("continuationToken"), "continuationToken") ?? 0) + skip;
    const page = source.slice(start, start + top);
    const headers: Record<string, string> = {};
    if (page.length > 0 && start + top < source.length)
      headers["x-ms-continuationtoken"] = String(start + top);
    const reply = list(
      ctx,
      page.map((p) => projectReference(deps, p, stateName)),
      headers,
    );
    const churn = deps.settings.projectsChurn;
    if (churn.create > 0 || churn.remove > 0) state.churnProjects(churn.create, churn.remove);
    return reply;
  });

  routes.add("GET", /^\/_apis\/projects\/(?<id>[^/]+)\/?$/i, (ctx) => {
    caller(ctx, deps);
    const p = state.findProject(ctx.params.id ?? "");
    if (!p) {
      return errorReply(
        404,
        `TF200016: The following project does not exist: ${ctx.params.id}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
        "ProjectDoesNotExistWithNameException",
      );
    }
    return {
      status: 200,
      body: {
        ...projectReference(deps, p),
        capabilities: {
          versioncontrol: { sourceControlType: "Git", gitEnabled: "true", tfvcEnabled: "false" },
          processTemplate: {
            templateName: "Agile",
            templateTypeId: "adcc42ab-9882-485e-a3ed-7678f01f66bc",
          },
        },
        defaultTeam: {
          id: uuidFrom(p.id, "team"),
          name: `${p.name} Team`,
          url: `${orgUrl(deps)}/_apis/projects/${p.id}/teams/${uuidFrom(p.id, "team")}`,
        },
      },
    };
  });
}
