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
import { boundaryOf, formParts } from "./multipart";
import {
  API_FEED,
  MAX_PACKAGE_BYTES,
  PUBLISH_FEED,
  feedMissing,
  feedOfRoute,
  fileDownload,
  liveVersion,
} from "./package-files";
import type { ArtifactsState, PackageRecord } from "./state";
import { readZipEntry } from "./zip";

/** The npm and NuGet paths of one version, for promoting and deleting it. */
const NPM_VERSION = `${API_FEED}/npm/(?:packages/)?(?<name>@[^/]+/[^/]+|[^/@][^/]*)/versions/(?<version>[^/]+)/?$`;
const NUGET_VERSION = `${API_FEED}/nuget/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/?$`;

function notFound(what: string): Reply {
  return errorReply(404, `VS800052: ${what} doesn't exist.`, "PackageNotFoundException");
}

export function addPackageRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  const artifacts = (): ArtifactsState => deps.artifacts();
  const content =
    (protocol: PackageRecord["protocolType"]) =>
    (ctx: RouteContext): Reply => {
      const f = feedOfRoute(deps, ctx);
      if (!f) return feedMissing(ctx.params.feed ?? "");
      const v = liveVersion(f, protocol, ctx.params.name ?? "", ctx.params.version ?? "");
      const file = v?.files[0];
      if (!file) return notFound(`Package ${ctx.params.name ?? ""} ${ctx.params.version ?? ""}`);
      return fileDownload(file);
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
      const f = feedOfRoute(deps, ctx);
      const v = f && liveVersion(f, "UPack", ctx.params.name ?? "", ctx.params.version ?? "");
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
      const f = feedOfRoute(deps, ctx);
      const v = f && liveVersion(f, protocol, nameOf(ctx), ctx.params.version ?? "");
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
  routes.add("PATCH", new RegExp(NPM_VERSION, "i"), update("npm"));
  routes.add("PATCH", new RegExp(NUGET_VERSION, "i"), update("NuGet"));

  const MAVEN_VERSION = `${API_FEED}/maven/groups/(?<group>[^/]+)/artifacts/(?<artifact>[^/]+)/versions/(?<version>[^/]+)/?$`;
  const PYPI_VERSION = `${API_FEED}/pypi/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/?$`;
  routes.add("PATCH", new RegExp(MAVEN_VERSION, "i"), update("Maven"));
  routes.add("PATCH", new RegExp(PYPI_VERSION, "i"), update("PyPI"));

  // Unpublish (npm) and Delete Package Version (NuGet, Maven, Python): the version goes to the
  // feed's recycle bin.
  const remove =
    (protocol: PackageRecord["protocolType"]) =>
    (ctx: RouteContext): Reply => {
      const f = feedOfRoute(deps, ctx);
      const v = f && liveVersion(f, protocol, nameOf(ctx), ctx.params.version ?? "");
      if (!f || !v) return notFound(`Package ${nameOf(ctx)} ${ctx.params.version ?? ""}`);
      v.isDeleted = true;
      artifacts().touchVersion(f, v);
      return { status: 202 };
    };
  routes.add("DELETE", new RegExp(NPM_VERSION, "i"), remove("npm"));
  routes.add("DELETE", new RegExp(NUGET_VERSION, "i"), remove("NuGet"));

  routes.add("DELETE", new RegExp(MAVEN_VERSION, "i"), remove("Maven"));
  routes.add("DELETE", new RegExp(PYPI_VERSION, "i"), remove("PyPI"));

  // npm publish: the package document with one version and its tarball in _attachments.
  routes.add(
    "PUT",
    new RegExp(`${PUBLISH_FEED}/npm/registry/(?<name>.+?)/?$`, "i"),
    async (ctx) => {
      const f = feedOfRoute(deps, ctx);
      if (!f) return feedMissing(ctx.params.feed ?? "");
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
    const f = feedOfRoute(deps, ctx);
    if (!f) return feedMissing(ctx.params.feed ?? "");
    const boundary = boundaryOf(ctx.req.headers["content-type"]);
    const raw = await readBody(ctx.req, MAX_PACKAGE_BYTES);
    const nupkg = boundary ? formParts(raw, boundary)[0]?.data : raw;
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
