// Package files on the pkgs origin: downloads per protocol (npm and NuGet package content, the
// Universal package version's metadata; Maven and Python files: maven-python-routes.ts), promoting
// and deleting versions of every protocol, from learn.microsoft.com/rest/api/azure/devops/artifactspackagetypes,
// and publishing the way the clients do: `npm publish` (PUT of the package document with the
// tarball attached, base64) and `nuget push` (PUT multipart/form-data of the .nupkg to /nuget/v2).
// See CONTRACT.md "Artifacts".
import {
  BadRequest,
  errorReply,
  readBody,
  type Reply,
  type RouteContext,
  type RouteTable,
} from "../server/http";
import type { ArtifactsDeps } from "./feed-routes";
import type { ArtifactsState, FeedRecord, PackageRecord, VersionRecord } from "./state";
import { readZipEntry } from "./zip";

const API_FEED = String.raw`^(?:/(?<project>[^/]+))?/_apis/packaging/feeds/(?<feed>[^/]+)`;
const PUBLISH_FEED = String.raw`^(?:/(?<project>[^/]+))?/_packaging/(?<feed>[^/]+)`;
const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

function notFound(what: string): Reply {
  return errorReply(404, `VS800052: ${what} doesn't exist.`, "PackageNotFoundException");
}

export function addPackageRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  const { state } = deps;
  const artifacts = (): ArtifactsState => deps.artifacts();
  const feedOf = (ctx: RouteContext): FeedRecord | undefined => {
    const projectId = ctx.params.project ? state.findProject(ctx.params.project)?.id : undefined;
    if (ctx.params.project && !projectId) return undefined;
    return artifacts().findFeed(ctx.params.feed ?? "", projectId);
  };
  const versionOf = (
    f: FeedRecord,
    protocol: PackageRecord["protocolType"],
    name: string,
    version: string,
  ): VersionRecord | undefined => {
    const p = [...f.packages.values()].find(
      (x) => x.protocolType === protocol && x.name.toLowerCase() === name.toLowerCase(),
    );
    return p?.versions.find(
      (v) => v.version.toLowerCase() === version.toLowerCase() && !v.isDeleted,
    );
  };
  const content =
    (protocol: PackageRecord["protocolType"]) =>
    (ctx: RouteContext): Reply => {
      const f = feedOf(ctx);
      if (!f)
        return errorReply(
          404,
          `VS800055: Feed with id '${ctx.params.feed ?? ""}' doesn't exist.`,
          "FeedIdNotFoundException",
        );
      const v = versionOf(f, protocol, ctx.params.name ?? "", ctx.params.version ?? "");
      const file = v?.files[0];
      if (!file) return notFound(`Package ${ctx.params.name ?? ""} ${ctx.params.version ?? ""}`);
      return {
        status: 200,
        body: file.content,
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Disposition": `attachment; filename="${file.name}"`,
        },
      };
    };
  routes.add(
    "GET",
    new RegExp(
      `${API_FEED}/npm/packages/(?<name>@[^/]+/[^/]+|[^/@][^/]*)/versions/(?<version>[^/]+)/content/?$`,
      "i",
    ),
    content("npm"),
  );
  routes.add(
    "GET",
    new RegExp(
      `${API_FEED}/nuget/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/content/?$`,
      "i",
    ),
    content("NuGet"),
  );
  routes.add(
    "GET",
    new RegExp(`${API_FEED}/upack/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/?$`, "i"),
    (ctx) => {
      const f = feedOf(ctx);
      const v = f && versionOf(f, "UPack", ctx.params.name ?? "", ctx.params.version ?? "");
      if (!v) return notFound(`Package ${ctx.params.name ?? ""} ${ctx.params.version ?? ""}`);
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

  // Update Package Version (npm, NuGet): promote to a view ({views: {op: "add", path: "/views/-", value}}) or list/unlist.
  // Maven names a package "groupId:artifactId"; its paths carry the two apart.
  const nameOf = (ctx: RouteContext): string =>
    ctx.params.group ? `${ctx.params.group}:${ctx.params.artifact ?? ""}` : (ctx.params.name ?? "");
  const update =
    (protocol: PackageRecord["protocolType"]) =>
    async (ctx: RouteContext): Promise<Reply> => {
      const f = feedOf(ctx);
      const v = f && versionOf(f, protocol, nameOf(ctx), ctx.params.version ?? "");
      if (!f || !v) return notFound(`Package ${nameOf(ctx)} ${ctx.params.version ?? ""}`);
      const body = (await ctx.body()) as
        { views?: { op?: string; value?: string }; listed?: boolean } | undefined;
      if (body?.views) {
        const view = f.views.find(
          (x) =>
            x.name.toLowerCase() === String(body.views?.value).toLowerCase() ||
            x.id === body.views?.value,
        );
        if (!view || body.views.op !== "add")
          throw new BadRequest(
            `View ${String(body.views.value)} does not exist in feed ${f.name}.`,
            404,
            "FeedViewNotFoundException",
          );
        if (!v.viewIds.includes(view.id)) v.viewIds.push(view.id);
      }
      if (typeof body?.listed === "boolean") v.isListed = body.listed;
      artifacts().touchVersion(f, v);
      return { status: 202 };
    };
  routes.add(
    "PATCH",
    new RegExp(
      `${API_FEED}/npm/(?:packages/)?(?<name>@[^/]+/[^/]+|[^/@][^/]*)/versions/(?<version>[^/]+)/?$`,
      "i",
    ),
    update("npm"),
  );
  routes.add(
    "PATCH",
    new RegExp(`${API_FEED}/nuget/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/?$`, "i"),
    update("NuGet"),
  );

  const MAVEN_VERSION = `${API_FEED}/maven/groups/(?<group>[^/]+)/artifacts/(?<artifact>[^/]+)/versions/(?<version>[^/]+)/?$`;
  const PYPI_VERSION = `${API_FEED}/pypi/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/?$`;
  routes.add("PATCH", new RegExp(MAVEN_VERSION, "i"), update("Maven"));
  routes.add("PATCH", new RegExp(PYPI_VERSION, "i"), update("PyPI"));

  // Unpublish (npm) and Delete Package Version (NuGet, Maven, Python): the version goes to the
  // feed's recycle bin.
  const remove =
    (protocol: PackageRecord["protocolType"]) =>
    (ctx: RouteContext): Reply => {
      const f = feedOf(ctx);
      const v = f && versionOf(f, protocol, nameOf(ctx), ctx.params.version ?? "");
      if (!f || !v) return notFound(`Package ${nameOf(ctx)} ${ctx.params.version ?? ""}`);
      v.isDeleted = true;
      artifacts().touchVersion(f, v);
      return { status: 202 };
    };
  routes.add(
    "DELETE",
    new RegExp(
      `${API_FEED}/npm/(?:packages/)?(?<name>@[^/]+/[^/]+|[^/@][^/]*)/versions/(?<version>[^/]+)/?$`,
      "i",
    ),
    remove("npm"),
  );
  routes.add(
    "DELETE",
    new RegExp(`${API_FEED}/nuget/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/?$`, "i"),
    remove("NuGet"),
  );

  routes.add("DELETE", new RegExp(MAVEN_VERSION, "i"), remove("Maven"));
  routes.add("DELETE", new RegExp(PYPI_VERSION, "i"), remove("PyPI"));

  // npm publish: the package document with one version and its tarball in _attachments.
  routes.add(
    "PUT",
    new RegExp(`${PUBLISH_FEED}/npm/registry/(?<name>.+?)/?$`, "i"),
    async (ctx) => {
      const f = feedOf(ctx);
      if (!f)
        return errorReply(
          404,
          `VS800055: Feed with id '${ctx.params.feed ?? ""}' doesn't exist.`,
          "FeedIdNotFoundException",
        );
      const doc = (await ctx.body()) as
        | {
            name?: string;
            versions?: Record<string, { version?: string; description?: string }>;
            _attachments?: Record<string, { data?: string }>;
          }
        | undefined;
      const [version] = Object.values(doc?.versions ?? {});
      const [attachment] = Object.entries(doc?._attachments ?? {});
      if (!doc?.name || !version?.version || !attachment?.[1].data)
        throw new BadRequest("The npm package document has no version or no tarball.");
      const published = artifacts().publish(f, "npm", doc.name, {
        version: version.version,
        isListed: true,
        isDeleted: false,
        publishDate: new Date().toISOString(),
        description: version.description ?? "",
        files: [
          {
            name: attachment[0].split("/").pop() ?? attachment[0],
            content: Buffer.from(attachment[1].data, "base64"),
          },
        ],
      });
      if (!published)
        return errorReply(
          409,
          `VS800067: The version ${version.version} of ${doc.name} already exists in feed ${f.name}; versions are immutable.`,
          "PackageVersionAlreadyExistsException",
        );
      return { status: 200, body: { success: true } };
    },
  );

  // nuget push: multipart/form-data with the .nupkg; its .nuspec names the id and version.
  routes.add("PUT", new RegExp(`${PUBLISH_FEED}/nuget/v2/?$`, "i"), async (ctx) => {
    const f = feedOf(ctx);
    if (!f)
      return errorReply(
        404,
        `VS800055: Feed with id '${ctx.params.feed ?? ""}' doesn't exist.`,
        "FeedIdNotFoundException",
      );
    const boundary = /boundary="?([^";]+)"?/i.exec(ctx.req.headers["content-type"] ?? "")?.[1];
    const raw = await readBody(ctx.req, MAX_PACKAGE_BYTES);
    const nupkg = boundary ? filePart(raw, boundary) : raw;
    const nuspec =
      nupkg &&
      readZipEntry(nupkg, (n) => n.endsWith(".nuspec") && !n.includes("/"))?.toString("utf8");
    const id = nuspec && /<id>([^<]+)<\/id>/.exec(nuspec)?.[1];
    const version = nuspec && /<version>([^<]+)<\/version>/.exec(nuspec)?.[1];
    if (!nupkg || !id || !version)
      throw new BadRequest(
        "The body is not a NuGet package (no .nuspec with an id and a version).",
      );
    const description = /<description>([^<]*)<\/description>/.exec(nuspec)?.[1] ?? "";
    const published = artifacts().publish(f, "NuGet", id, {
      version,
      isListed: true,
      isDeleted: false,
      publishDate: new Date().toISOString(),
      description,
      files: [{ name: `${id.toLowerCase()}.${version.toLowerCase()}.nupkg`, content: nupkg }],
    });
    if (!published)
      return errorReply(
        409,
        `Response status code does not indicate success: 409 (Conflict - The feed already contains '${id} ${version}'.)`,
        "PackageVersionAlreadyExistsException",
      );
    return { status: 202, body: "" };
  });
}

/** The first file part of a multipart/form-data body. */
function filePart(body: Buffer, boundary: string): Buffer | undefined {
  const marker = Buffer.from(`--${boundary}`);
  const start = body.indexOf(marker);
  if (start < 0) return undefined;
  const headersEnd = body.indexOf("\r\n\r\n", start);
  const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
  if (headersEnd < 0 || next < 0) return undefined;
  return body.subarray(headersEnd + 4, next);
}
