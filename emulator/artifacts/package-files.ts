// What the routes of package files (downloads, promote, delete, publish) share on the pkgs
// origin: the feed a path names, a live version of a package, the download answer, and what a
// client's publish records and answers when the version is already there.
import { errorReply, type Reply, type RouteContext } from "../server/http";
import type { ArtifactsDeps } from "./feed-routes";
import type { FeedRecord, PackageRecord, VersionRecord } from "./state";

/** `[/{project}]/_apis/packaging/feeds/{feed}`: the REST paths of a feed's packages. */
export const API_FEED = String.raw`^(?:/(?<project>[^/]+))?/_apis/packaging/feeds/(?<feed>[^/]+)`;
/** `[/{project}]/_packaging/{feed}`: where the package clients publish. */
export const PUBLISH_FEED = String.raw`^(?:/(?<project>[^/]+))?/_packaging/(?<feed>[^/]+)`;
export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

export function feedMissing(name: string): Reply {
  return errorReply(
    404,
    `VS800055: Feed with id '${name}' doesn't exist.`,
    "FeedIdNotFoundException",
  );
}

export function packageMissing(what: string): Reply {
  return errorReply(404, `VS800052: ${what} doesn't exist.`, "PackageNotFoundException");
}

/** The feed a route's `feed` (and optional `project`) params name; none when the project does not exist. */
export function feedOfRoute(deps: ArtifactsDeps, ctx: RouteContext): FeedRecord | undefined {
  const projectId = ctx.params.project ? deps.state.findProject(ctx.params.project)?.id : undefined;
  if (ctx.params.project && !projectId) return undefined;
  return deps.artifacts().findFeed(ctx.params.feed ?? "", projectId);
}

/** A handler for a feed's path: 404 when the feed (or its project) does not exist. */
export function withFeed(
  deps: ArtifactsDeps,
  handler: (ctx: RouteContext, feed: FeedRecord) => Reply | Promise<Reply>,
): (ctx: RouteContext) => Reply | Promise<Reply> {
  return (ctx) => {
    const f = feedOfRoute(deps, ctx);
    return f ? handler(ctx, f) : feedMissing(ctx.params.feed ?? "");
  };
}

/** A version (not in the recycle bin) of a package, names and versions compared as the feed does: ignoring case. */
export function liveVersion(
  f: FeedRecord,
  protocol: PackageRecord["protocolType"],
  name: string,
  version: string,
): VersionRecord | undefined {
  return [...f.packages.values()]
    .find((p) => p.protocolType === protocol && p.name.toLowerCase() === name.toLowerCase())
    ?.versions.find((v) => v.version.toLowerCase() === version.toLowerCase() && !v.isDeleted);
}

/** A package file's bytes, as an attachment under its own name. */
export function fileDownload(file: { name: string; content: Buffer }): Reply {
  return {
    status: 200,
    body: file.content,
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename="${file.name}"`,
    },
  };
}

/** What a client's publish records about a new version: listed, live, published now. */
export function publishedNow(
  description: string,
): Pick<VersionRecord, "isListed" | "isDeleted" | "publishDate" | "description"> {
  return { isListed: true, isDeleted: false, publishDate: new Date().toISOString(), description };
}

/** Versions are immutable: a second publish of one is refused with 409. */
export function versionExists(message: string): Reply {
  return errorReply(409, message, "PackageVersionAlreadyExistsException");
}
