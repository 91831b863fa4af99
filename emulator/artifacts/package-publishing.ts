// Publishing on the pkgs origin the way each client does, one route per client: `npm publish`
// (PUT of the package document with the tarball attached, base64), `nuget push` (PUT
// multipart/form-data of the .nupkg to /nuget/v2), `mvn deploy` (a PUT of each file under the
// feed's Maven repository `_packaging/{feed}/maven/v1`), `twine upload` (a multipart/form-data POST
// of each distribution to `_packaging/{feed}/pypi/upload/`, the legacy upload API,
// docs.pypi.org/api/upload). Versions are immutable. See CONTRACT.md "Artifacts".
import { createHash } from "node:crypto";
import {
  BadRequest,
  readBody,
  type Reply,
  type RouteContext,
  type RouteTable,
} from "../server/http";
import type { ArtifactsDeps } from "./feed-routes";
import { boundaryOf, formParts } from "./multipart";
import {
  MAX_PACKAGE_BYTES,
  PUBLISH_FEED,
  publishedNow,
  versionExists,
  withFeed,
} from "./package-files";
import type { FeedRecord } from "./state";
import { readZipEntry } from "./zip";

type PublishHandler = (ctx: RouteContext, feed: FeedRecord) => Promise<Reply>;

/** A client's publish request on the feed's path under `[{project}/]_packaging/{feed}/`. */
function addPublish(
  routes: RouteTable,
  deps: ArtifactsDeps,
  route: [method: string, path: string],
  handler: PublishHandler,
): void {
  routes.add(route[0], new RegExp(`${PUBLISH_FEED}/${route[1]}`, "i"), withFeed(deps, handler));
}

/** What Maven uploads beside a version's files; the feed computes its own, so they are accepted and dropped. */
const MAVEN_SIDE_FILES = /(^maven-metadata\.xml.*|\.(md5|sha1|sha256|sha512|asc))$/i;

/** npm publish: the package document with one version and its tarball in _attachments. */
function addNpmPublish(routes: RouteTable, deps: ArtifactsDeps): void {
  addPublish(routes, deps, ["PUT", "npm/registry/(?<name>.+?)/?$"], async (ctx, f) => {
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
    const published = deps.artifacts().publish(f, "npm", doc.name, {
      version: version.version,
      ...publishedNow(version.description ?? ""),
      files: [
        {
          name: attachment[0].split("/").pop() ?? attachment[0],
          content: Buffer.from(attachment[1].data, "base64"),
        },
      ],
    });
    if (!published)
      return versionExists(
        `VS800067: The version ${version.version} of ${doc.name} already exists in feed ${f.name}; versions are immutable.`,
      );
    return { status: 200, body: { success: true } };
  });
}

/** nuget push: multipart/form-data with the .nupkg; its .nuspec names the id and version. */
function addNugetPush(routes: RouteTable, deps: ArtifactsDeps): void {
  addPublish(routes, deps, ["PUT", "nuget/v2/?$"], async (ctx, f) => {
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
    const published = deps.artifacts().publish(f, "NuGet", id, {
      version,
      ...publishedNow(description),
      files: [{ name: `${id.toLowerCase()}.${version.toLowerCase()}.nupkg`, content: nupkg }],
    });
    if (!published)
      return versionExists(
        `Response status code does not indicate success: 409 (Conflict - The feed already contains '${id} ${version}'.)`,
      );
    return { status: 202, body: "" };
  });
}

/** mvn deploy: PUT {group path}/{artifactId}/{version}/{file}, one request per file. */
function addMavenDeploy(routes: RouteTable, deps: ArtifactsDeps): void {
  addPublish(routes, deps, ["PUT", "maven/v1/(?<path>.+)$"], async (ctx, f) => {
    const segments = (ctx.params.path ?? "").split("/").map(decodeURIComponent);
    const fileName = segments[segments.length - 1] ?? "";
    const content = await readBody(ctx.req, MAX_PACKAGE_BYTES);
    if (MAVEN_SIDE_FILES.test(fileName)) return { status: 201 };
    const [version, artifactId] = [segments[segments.length - 2], segments[segments.length - 3]];
    const group = segments.slice(0, -3);
    if (!version || !artifactId || group.length === 0)
      throw new BadRequest(
        `${ctx.params.path ?? ""} is not {group path}/{artifactId}/{version}/{file}.`,
      );
    const name = `${group.join(".")}:${artifactId}`;
    const published = deps
      .artifacts()
      .publishFile(f, "Maven", name, { version, ...publishedNow("") }, { name: fileName, content });
    if (!published)
      return versionExists(
        `VS800067: The file ${fileName} of ${name} ${version} already exists in feed ${f.name}; versions are immutable.`,
      );
    return { status: 201 };
  });
}

/** twine upload: POST multipart/form-data with ":action" file_upload, name, version and content. */
function addTwineUpload(routes: RouteTable, deps: ArtifactsDeps): void {
  addPublish(routes, deps, ["POST", "pypi/upload/?$"], async (ctx, f) => {
    const boundary = boundaryOf(ctx.req.headers["content-type"]);
    if (!boundary) throw new BadRequest("The upload is not multipart/form-data.");
    const parts = formParts(await readBody(ctx.req, MAX_PACKAGE_BYTES), boundary);
    const field = (n: string): string | undefined =>
      parts.find((p) => p.name === n && p.fileName === undefined)?.data.toString("utf8");
    const content = parts.find((p) => p.name === "content" && p.fileName);
    const name = field("name");
    const version = field("version");
    if (field(":action") !== "file_upload" || !name || !version || !content?.fileName)
      throw new BadRequest("The upload has no file_upload action, name, version or content file.");
    const digest = field("sha256_digest");
    if (digest && createHash("sha256").update(content.data).digest("hex") !== digest.toLowerCase())
      throw new BadRequest(`The sha256_digest of ${content.fileName} does not match its content.`);
    const published = deps
      .artifacts()
      .publishFile(
        f,
        "PyPI",
        name,
        { version, ...publishedNow(field("summary") ?? "") },
        { name: content.fileName, content: Buffer.from(content.data) },
      );
    if (!published)
      return versionExists(
        `VS800067: The file ${content.fileName} of ${name} ${version} already exists in feed ${f.name}; versions are immutable.`,
      );
    return { status: 200, body: "" };
  });
}

export function addPackagePublishRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  addNpmPublish(routes, deps);
  addNugetPush(routes, deps);
  addMavenDeploy(routes, deps);
  addTwineUpload(routes, deps);
}
