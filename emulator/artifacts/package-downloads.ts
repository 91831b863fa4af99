// Package downloads on the pkgs origin, one route per protocol, as
// learn.microsoft.com/rest/api/azure/devops/artifactspackagetypes serves them: npm and NuGet
// package content, the Universal package version's metadata (its files are not served by REST),
// one file of a Maven version (Maven: Download Package, answered on Azure DevOps Services with a
// 303 to the file's signed blob URL: blob-routes.ts) and of a Python version (Python: Download
// Package, the stream). See CONTRACT.md "Artifacts".
import type { RouteContext, RouteTable } from "../server/http";
import { blobRedirect } from "./blob-routes";
import type { ArtifactsDeps } from "./feed-routes";
import {
  API_FEED,
  feedOfRoute,
  fileDownload,
  liveVersion,
  packageMissing,
  withFeed,
} from "./package-files";
import type { FeedRecord, PackageRecord } from "./state";

/** An npm package name in a path: scoped (`@scope/name`) or not. */
export const NPM_NAME = "@[^/]+/[^/]+|[^/@][^/]*";

/** A version's file by its name (as the feed compares names: ignoring case). */
function versionFile(
  f: FeedRecord,
  protocol: PackageRecord["protocolType"],
  name: string,
  version: string,
  fileName: string,
): { name: string; content: Buffer } | undefined {
  return liveVersion(f, protocol, name, version)?.files.find(
    (x) => x.name.toLowerCase() === fileName.toLowerCase(),
  );
}

function fileMissing(ctx: RouteContext, name: string) {
  const { version = "", file = "" } = ctx.params;
  return packageMissing(`File ${file} of package ${name} ${version}`);
}

/** npm and NuGet: GET …/{npm|nuget}/packages/{name}/versions/{version}/content, the one file. */
function addPackageContent(routes: RouteTable, deps: ArtifactsDeps): void {
  const content = (protocol: PackageRecord["protocolType"]) =>
    withFeed(deps, (ctx, f) => {
      const file = liveVersion(f, protocol, ctx.params.name ?? "", ctx.params.version ?? "")
        ?.files[0];
      if (!file)
        return packageMissing(`Package ${ctx.params.name ?? ""} ${ctx.params.version ?? ""}`);
      return fileDownload(file);
    });
  const contentPath = (protocol: string, name: string): RegExp =>
    new RegExp(
      `${API_FEED}/${protocol}/packages/(?<name>${name})/versions/(?<version>[^/]+)/content/?$`,
      "i",
    );
  routes.add("GET", contentPath("npm", NPM_NAME), content("npm"));
  routes.add("GET", contentPath("nuget", "[^/]+"), content("NuGet"));
}

/** Universal: GET …/upack/packages/{name}/versions/{version}, the version's metadata only. */
function addUniversalVersion(routes: RouteTable, deps: ArtifactsDeps): void {
  routes.add(
    "GET",
    new RegExp(`${API_FEED}/upack/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/?$`, "i"),
    (ctx) => {
      const f = feedOfRoute(deps, ctx);
      const v = f && liveVersion(f, "UPack", ctx.params.name ?? "", ctx.params.version ?? "");
      if (!v) return packageMissing(`Package ${ctx.params.name ?? ""} ${ctx.params.version ?? ""}`);
      return {
        status: 200,
        body: {
          id: v.id,
          version: v.version,
          normalizedVersion: v.version,
          isListed: v.isListed,
          publishDate: v.publishDate,
          packageDescription: v.description,
        },
      };
    },
  );
}

/** Maven: GET …/maven/{groupId}/{artifactId}/{version}/{fileName}/content → 303 to the signed blob. */
function addMavenFile(routes: RouteTable, deps: ArtifactsDeps): void {
  routes.add(
    "GET",
    new RegExp(
      `${API_FEED}/maven/(?<group>[^/]+)/(?<artifact>[^/]+)/(?<version>[^/]+)/(?<file>[^/]+)/content/?$`,
      "i",
    ),
    withFeed(deps, (ctx, f) => {
      const { group = "", artifact = "", version = "", file = "" } = ctx.params;
      const name = `${group}:${artifact}`;
      const found = versionFile(f, "Maven", name, version, file);
      return found ? blobRedirect(deps, found) : fileMissing(ctx, name);
    }),
  );
}

/** Python: GET …/pypi/packages/{packageName}/versions/{packageVersion}/{fileName}/content, the stream. */
function addPythonFile(routes: RouteTable, deps: ArtifactsDeps): void {
  routes.add(
    "GET",
    new RegExp(
      `${API_FEED}/pypi/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/(?<file>[^/]+)/content/?$`,
      "i",
    ),
    withFeed(deps, (ctx, f) => {
      const { name = "", version = "", file = "" } = ctx.params;
      const found = versionFile(f, "PyPI", name, version, file);
      return found ? fileDownload(found) : fileMissing(ctx, name);
    }),
  );
}

export function addPackageDownloadRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  addPackageContent(routes, deps);
  addUniversalVersion(routes, deps);
  addMavenFile(routes, deps);
  addPythonFile(routes, deps);
}
