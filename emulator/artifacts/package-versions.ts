// A package version's state on the pkgs origin, for every protocol: Update Package Version
// (promote to a view with `{views: {op: "add", path: "/views/-", value}}`, list or unlist) and
// Unpublish (npm) / Delete Package Version (NuGet, Maven, Python), which moves the version to the
// feed's recycle bin (learn.microsoft.com/rest/api/azure/devops/artifactspackagetypes). Maven
// names a package "groupId:artifactId"; its paths carry the two apart. See CONTRACT.md "Artifacts".
import { BadRequest, type Reply, type RouteContext, type RouteTable } from "../server/http";
import type { ArtifactsDeps } from "./feed-routes";
import { NPM_NAME } from "./package-downloads";
import { API_FEED, feedOfRoute, liveVersion, packageMissing } from "./package-files";
import type { FeedRecord, PackageRecord, VersionRecord } from "./state";

/** The path of one version, per protocol. */
const VERSION_PATHS: [PackageRecord["protocolType"], string][] = [
  ["npm", `npm/(?:packages/)?(?<name>${NPM_NAME})/versions/(?<version>[^/]+)`],
  ["NuGet", "nuget/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)"],
  ["Maven", "maven/groups/(?<group>[^/]+)/artifacts/(?<artifact>[^/]+)/versions/(?<version>[^/]+)"],
  ["PyPI", "pypi/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)"],
];

function nameOf(ctx: RouteContext): string {
  return ctx.params.group
    ? `${ctx.params.group}:${ctx.params.artifact ?? ""}`
    : (ctx.params.name ?? "");
}

type VersionHandler = (
  ctx: RouteContext,
  f: FeedRecord,
  v: VersionRecord,
) => Reply | Promise<Reply>;

/** A handler for one version's path: 404 when the feed or the live version does not exist. */
function withVersion(
  deps: ArtifactsDeps,
  protocol: PackageRecord["protocolType"],
  handler: VersionHandler,
): (ctx: RouteContext) => Reply | Promise<Reply> {
  return (ctx) => {
    const f = feedOfRoute(deps, ctx);
    const v = f && liveVersion(f, protocol, nameOf(ctx), ctx.params.version ?? "");
    if (!f || !v) return packageMissing(`Package ${nameOf(ctx)} ${ctx.params.version ?? ""}`);
    return handler(ctx, f, v);
  };
}

/** Update Package Version: promote to a view, list or unlist. */
function updateVersion(deps: ArtifactsDeps): VersionHandler {
  return async (ctx, f, v) => {
    const body = (await ctx.body()) as
      { views?: { op?: string; value?: string }; listed?: boolean } | undefined;
    if (body?.views) {
      const wanted = String(body.views.value);
      const view = f.views.find(
        (x) => x.name.toLowerCase() === wanted.toLowerCase() || x.id === wanted,
      );
      if (!view || body.views.op !== "add")
        throw new BadRequest(
          `View ${wanted} does not exist in feed ${f.name}.`,
          404,
          "FeedViewNotFoundException",
        );
      if (!v.viewIds.includes(view.id)) v.viewIds.push(view.id);
    }
    if (typeof body?.listed === "boolean") v.isListed = body.listed;
    deps.artifacts().touchVersion(f, v);
    return { status: 202 };
  };
}

/** Unpublish / Delete Package Version: the version goes to the feed's recycle bin. */
function deleteVersion(deps: ArtifactsDeps): VersionHandler {
  return (_ctx, f, v) => {
    v.isDeleted = true;
    deps.artifacts().touchVersion(f, v);
    return { status: 202 };
  };
}

export function addPackageVersionRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  for (const [protocol, path] of VERSION_PATHS) {
    const route = new RegExp(`${API_FEED}/${path}/?$`, "i");
    routes.add("PATCH", route, withVersion(deps, protocol, updateVersion(deps)));
    routes.add("DELETE", route, withVersion(deps, protocol, deleteVersion(deps)));
  }
}
