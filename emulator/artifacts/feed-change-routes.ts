// A feed's packages and change tracking on the feeds origin, in the shapes of
// learn.microsoft.com/rest/api/azure/devops/artifacts (artifact details, change tracking), 7.1:
// feeds whose own settings changed after a feed continuation token (package changes do not move
// it; each feed change carries latestPackageContinuationToken); a feed's package changes after a
// package continuation token, the most recent change of each version, `batchSize` (default 1000,
// at most 2000) at a time. See CONTRACT.md "Artifacts".
import { errorReply, type RouteContext, type RouteTable } from "../server/http";
import { listReply } from "../pipelines/rest-helpers";
import { feedJson, packageJson, versionJson } from "./feed-json";
import { FEED, PACKAGING, projectIdOf, type ArtifactsDeps } from "./feed-routes";
import { withFeed } from "./package-files";

/** A change tracking page: after `continuationToken`, at most `batchSize`. */
function page(ctx: RouteContext): { after: number; batch: number } {
  const after = Number(ctx.url.searchParams.get("continuationToken") ?? 0);
  const batch = Math.min(Number(ctx.url.searchParams.get("batchSize") ?? 1000), 2000);
  return { after, batch };
}

/** A feed's packages (the latest version, or all with includeAllVersions) and one package's versions. */
function addPackages(routes: RouteTable, deps: ArtifactsDeps): void {
  routes.add(
    "GET",
    new RegExp(`${FEED}/packages/?$`, "i"),
    withFeed(deps, (ctx, f) => {
      const all = ctx.url.searchParams.get("includeAllVersions") === "true";
      return listReply(
        ctx,
        [...f.packages.values()].map((p) => packageJson(f, p, all)),
      );
    }),
  );
  routes.add(
    "GET",
    new RegExp(`${FEED}/packages/(?<pkg>[^/]+)/versions/?$`, "i"),
    withFeed(deps, (ctx, f) => {
      const p = f.packages.get(ctx.params.pkg ?? "");
      if (!p)
        return errorReply(
          404,
          `VS800052: Package ${ctx.params.pkg ?? ""} doesn't exist in feed ${f.name}.`,
          "PackageNotFoundException",
        );
      return { status: 200, body: packageJson(f, p, true).versions };
    }),
  );
}

function addFeedChanges(routes: RouteTable, deps: ArtifactsDeps): void {
  routes.add("GET", new RegExp(`${PACKAGING}/feedchanges/?$`, "i"), (ctx) => {
    const projectId = projectIdOf(deps, ctx) ?? undefined;
    const { after, batch } = page(ctx);
    const changed = [...deps.artifacts().feeds.values()]
      .filter((f) => f.projectId === projectId && f.feedToken > after)
      .sort((a, b) => a.feedToken - b.feedToken)
      .slice(0, batch);
    return {
      status: 200,
      body: {
        count: changed.length,
        feedChanges: changed.map((f) => ({
          changeType: "addOrUpdate",
          feed: feedJson(deps.state, f),
          feedContinuationToken: f.feedToken,
          latestPackageContinuationToken: f.packageToken,
        })),
        nextFeedContinuationToken:
          changed.length > 0 ? changed[changed.length - 1]?.feedToken : after,
      },
    };
  });
}

function addPackageChanges(routes: RouteTable, deps: ArtifactsDeps): void {
  routes.add(
    "GET",
    new RegExp(`${FEED}/packagechanges/?$`, "i"),
    withFeed(deps, (ctx, f) => {
      const { after, batch } = page(ctx);
      const changes = [...f.packages.values()]
        .flatMap((p) => p.versions.map((v) => ({ p, v })))
        .filter(({ v }) => v.token > after)
        .sort((a, b) => a.v.token - b.v.token)
        .slice(0, batch);
      return {
        status: 200,
        body: {
          count: changes.length,
          packageChanges: changes.map(({ p, v }) => ({
            package: packageJson(f, p, false),
            packageVersionChange: {
              changeType: v.isDeleted ? "delete" : "addOrUpdate",
              continuationToken: v.token,
              packageVersion: versionJson(f, v, false),
            },
          })),
          nextPackageContinuationToken:
            changes.length > 0 ? changes[changes.length - 1]?.v.token : after,
        },
      };
    }),
  );
}

export function addFeedChangeRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  addPackages(routes, deps);
  addFeedChanges(routes, deps);
  addPackageChanges(routes, deps);
}
