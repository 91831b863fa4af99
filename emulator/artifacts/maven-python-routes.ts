// Maven and Python package files on the pkgs origin. Downloads as the REST API serves them
// (learn.microsoft.com/rest/api/azure/devops/artifactspackagetypes: Maven "Download Package",
// Python "Download Package"), one file of a version per request; publishing the way the clients
// do: `mvn deploy` PUTs each file under the feed's Maven repository (`_packaging/{feed}/maven/v1`),
// `twine upload` POSTs each distribution as multipart/form-data to `_packaging/{feed}/pypi/upload/`
// (the legacy upload API, docs.pypi.org/api/upload). See CONTRACT.md "Artifacts".
import { createHash } from "node:crypto";
import { BadRequest, errorReply, readBody, type Reply, type RouteTable } from "../server/http";
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
import type { FeedRecord, PackageRecord } from "./state";

/** What Maven uploads beside a version's files; the feed computes its own, so they are accepted and dropped. */
const MAVEN_SIDE_FILES = /(^maven-metadata\.xml.*|\.(md5|sha1|sha256|sha512|asc))$/i;

export function addMavenPythonRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  const fileReply = (
    f: FeedRecord,
    protocol: PackageRecord["protocolType"],
    name: string,
    version: string,
    fileName: string,
  ): Reply => {
    const file = liveVersion(f, protocol, name, version)?.files.find(
      (x) => x.name.toLowerCase() === fileName.toLowerCase(),
    );
    if (!file)
      return errorReply(
        404,
        `VS800052: File ${fileName} of package ${name} ${version} doesn't exist.`,
        "PackageNotFoundException",
      );
    return fileDownload(file);
  };

  // Maven: GET …/maven/{groupId}/{artifactId}/{version}/{fileName}/content
  routes.add(
    "GET",
    new RegExp(
      `${API_FEED}/maven/(?<group>[^/]+)/(?<artifact>[^/]+)/(?<version>[^/]+)/(?<file>[^/]+)/content/?$`,
      "i",
    ),
    (ctx) => {
      const f = feedOfRoute(deps, ctx);
      if (!f) return feedMissing(ctx.params.feed ?? "");
      const { group = "", artifact = "", version = "", file = "" } = ctx.params;
      return fileReply(f, "Maven", `${group}:${artifact}`, version, file);
    },
  );
  // Python: GET …/pypi/packages/{packageName}/versions/{packageVersion}/{fileName}/content
  routes.add(
    "GET",
    new RegExp(
      `${API_FEED}/pypi/packages/(?<name>[^/]+)/versions/(?<version>[^/]+)/(?<file>[^/]+)/content/?$`,
      "i",
    ),
    (ctx) => {
      const f = feedOfRoute(deps, ctx);
      if (!f) return feedMissing(ctx.params.feed ?? "");
      const { name = "", version = "", file = "" } = ctx.params;
      return fileReply(f, "PyPI", name, version, file);
    },
  );

  // mvn deploy: PUT {group path}/{artifactId}/{version}/{file}, one request per file.
  routes.add("PUT", new RegExp(`${PUBLISH_FEED}/maven/v1/(?<path>.+)$`, "i"), async (ctx) => {
    const f = feedOfRoute(deps, ctx);
    if (!f) return feedMissing(ctx.params.feed ?? "");
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
    const published = deps.artifacts().publishFile(
      f,
      "Maven",
      name,
      {
        version,
        isListed: true,
        isDeleted: false,
        publishDate: new Date().toISOString(),
        description: "",
      },
      { name: fileName, content },
    );
    if (!published)
      return errorReply(
        409,
        `VS800067: The file ${fileName} of ${name} ${version} already exists in feed ${f.name}; versions are immutable.`,
        "PackageVersionAlreadyExistsException",
      );
    return { status: 201 };
  });

  // twine upload: POST multipart/form-data with ":action" file_upload, name, version and content.
  routes.add("POST", new RegExp(`${PUBLISH_FEED}/pypi/upload/?$`, "i"), async (ctx) => {
    const f = feedOfRoute(deps, ctx);
    if (!f) return feedMissing(ctx.params.feed ?? "");
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
    const published = deps.artifacts().publishFile(
      f,
      "PyPI",
      name,
      {
        version,
        isListed: true,
        isDeleted: false,
        publishDate: new Date().toISOString(),
        description: field("summary") ?? "",
      },
      { name: content.fileName, content: Buffer.from(content.data) },
    );
    if (!published)
      return errorReply(
        409,
        `VS800067: The file ${content.fileName} of ${name} ${version} already exists in feed ${f.name}; versions are immutable.`,
        "PackageVersionAlreadyExistsException",
      );
    return { status: 200, body: "" };
  });
}
