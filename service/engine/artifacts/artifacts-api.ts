// The Azure Artifacts REST calls: feeds and their change tracking (feeds host), views, permissions,
// package version files per protocol, and publishing as the npm, NuGet, Maven and Python clients do
// (pkgs host).
// A scope is a project (project-scoped feeds) or the organization (ORGANIZATION_SCOPE).
import { createHash } from "node:crypto";
import { AREA_IDS, type AreaClient } from "../pipelines/area-client";

export type Json = Record<string, unknown>;

/** Stands for the organization where a project would be: its feeds are organization-scoped. */
export const ORGANIZATION_SCOPE = "_organization";

export interface FeedInfo extends Json {
  id: string;
  name: string;
  upstreamSources?: Json[];
}

export interface FeedChange {
  changeType: "addOrUpdate" | "delete";
  feed: FeedInfo;
  feedContinuationToken: number;
  latestPackageContinuationToken: number;
}

export interface PackageVersionInfo extends Json {
  id: string;
  version: string;
  isListed?: boolean;
  isDeleted?: boolean;
  views?: { id: string; name: string; type?: string }[];
  files?: { name: string }[];
}

export interface PackageChange {
  package: { id: string; name: string; protocolType: string };
  packageVersionChange: {
    changeType: "addOrUpdate" | "delete";
    continuationToken: number;
    packageVersion: PackageVersionInfo;
  };
}

export interface FeedView extends Json {
  id: string;
  name: string;
  type: string;
}

export interface FeedPermission extends Json {
  role: string;
  identityDescriptor: string;
  displayName?: string;
}

/** A package name in a path: a scoped npm name keeps its "@scope/" (as npm and the REST paths write it). */
function packagePath(protocol: string, name: string): string {
  if (protocol !== "npm" || !name.startsWith("@")) return encodeURIComponent(name);
  return name
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/^%40/, "@"))
    .join("/");
}

const PACKAGE_CHANGES_BATCH = 1000;
const FEED_CHANGES_BATCH = 1000;
const PKGS = "b3be7473-68ea-4a81-bfc7-9530baaa19ad"; // the nuget area: the pkgs host, like npm's
const MAVEN = "6f7f8c07-ff36-473c-bcf3-bd6cc9b6c066";
const PYPI = "92f0314b-06c5-46e0-abe7-15fd9d13276a";

/** Protocols whose version holds several files, each downloaded and published on its own. */
export const MULTI_FILE_PROTOCOLS = new Set(["maven", "pypi"]);

/** A Maven package's name is "groupId:artifactId". */
function mavenCoordinates(name: string): { groupId: string; artifactId: string } {
  const at = name.lastIndexOf(":");
  return { groupId: name.slice(0, at), artifactId: name.slice(at + 1) };
}

/** One package file to publish into a feed of `scope` (a project id, or the organization). */
export interface PackageFileToPublish {
  scope: string;
  feedName: string;
  name: string;
  version: string;
  fileName: string;
  bytes: Buffer;
  /** The version's description (npm's and Python's metadata carry it). */
  description: string;
}

/** A request to the feed's own path: `[{project}/]_packaging/{feed}/{path}` on the area's host. */
type ToFeed = (path: string, areaId: string, init: RequestInit) => Promise<void>;

export type PublishedProtocol = "npm" | "nuget" | "maven" | "pypi";

/** Each protocol's client request: what `npm publish`, `nuget push`, `mvn deploy` and `twine upload` send. */
const PUBLISHERS: Readonly<
  Record<PublishedProtocol, (file: PackageFileToPublish, toFeed: ToFeed) => Promise<void>>
> = {
  // The package document with the tarball attached.
  npm: ({ name, version, bytes, description }, toFeed) => {
    const file = `${name.split("/").pop() ?? name}-${version}.tgz`;
    return toFeed(`npm/registry/${name.replace("/", "%2f")}`, AREA_IDS.npm, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        _id: name,
        name,
        "dist-tags": { latest: version },
        versions: {
          [version]: { name, version, description, dist: { tarball: `${name}/-/${file}` } },
        },
        _attachments: {
          [file]: {
            content_type: "application/octet-stream",
            data: bytes.toString("base64"),
            length: bytes.length,
          },
        },
      }),
    });
  },
  // The feed's v2 endpoint: multipart/form-data with the .nupkg.
  nuget: ({ fileName, bytes }, toFeed) => {
    const form = new FormData();
    form.append("package", new Blob([new Uint8Array(bytes)]), fileName);
    return toFeed("nuget/v2/", PKGS, { method: "PUT", body: form });
  },
  // A PUT of one file under the feed's Maven repository (group path/artifact/version).
  maven: ({ name, version, fileName, bytes }, toFeed) => {
    const { groupId, artifactId } = mavenCoordinates(name);
    const path = [...groupId.split("."), artifactId, version, fileName]
      .map(encodeURIComponent)
      .join("/");
    return toFeed(`maven/v1/${path}`, MAVEN, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream" },
      body: new Uint8Array(bytes),
    });
  },
  // One distribution as multipart/form-data to the feed's upload endpoint.
  pypi: ({ name, version, fileName, bytes, description }, toFeed) => {
    const wheel = fileName.endsWith(".whl");
    const form = new FormData();
    form.append(":action", "file_upload");
    form.append("protocol_version", "1");
    form.append("metadata_version", "2.1");
    form.append("name", name);
    form.append("version", version);
    form.append("summary", description);
    form.append("filetype", wheel ? "bdist_wheel" : "sdist");
    form.append("pyversion", wheel ? "py3" : "source");
    form.append("sha256_digest", createHash("sha256").update(bytes).digest("hex"));
    form.append("content", new Blob([new Uint8Array(bytes)]), fileName);
    return toFeed("pypi/upload/", PYPI, { method: "POST", body: form });
  },
};

/** The protocols a restore publishes again (Universal packages cannot be: no REST serves their files). */
export function isPublishedProtocol(protocol: string): protocol is PublishedProtocol {
  return Object.hasOwn(PUBLISHERS, protocol);
}

export class ArtifactsApi {
  constructor(readonly client: AreaClient) {}

  private prefix(scope: string): string {
    return scope === ORGANIZATION_SCOPE ? "" : `${this.client.p(scope)}/`;
  }
  private feedPath(scope: string, feedId: string): string {
    return `${this.prefix(scope)}_apis/packaging/feeds/${encodeURIComponent(feedId)}`;
  }

  async feedChanges(scope: string): Promise<FeedChange[]> {
    const all: FeedChange[] = [];
    let token = 0;
    for (;;) {
      const page = await this.client.get<{
        feedChanges: FeedChange[];
        nextFeedContinuationToken: number;
      }>(
        `${this.prefix(scope)}_apis/packaging/feedchanges`,
        { includeDeleted: true, continuationToken: token, batchSize: FEED_CHANGES_BATCH },
        AREA_IDS.packaging,
      );
      all.push(...page.feedChanges);
      if (page.feedChanges.length < FEED_CHANGES_BATCH || page.nextFeedContinuationToken === token)
        return all;
      token = page.nextFeedContinuationToken;
    }
  }

  /** Every package change after `after`, oldest first, and the token to start from next time. */
  async packageChanges(
    scope: string,
    feedId: string,
    after: number,
  ): Promise<{ changes: PackageChange[]; next: number }> {
    const changes: PackageChange[] = [];
    let token = after;
    for (;;) {
      const page = await this.client.get<{
        packageChanges: PackageChange[];
        nextPackageContinuationToken: number;
      }>(
        `${this.feedPath(scope, feedId)}/packagechanges`,
        { continuationToken: token, batchSize: PACKAGE_CHANGES_BATCH },
        AREA_IDS.packaging,
      );
      changes.push(...page.packageChanges);
      if (page.packageChanges.length > 0) token = page.nextPackageContinuationToken;
      if (page.packageChanges.length < PACKAGE_CHANGES_BATCH) return { changes, next: token };
    }
  }

  views(scope: string, feedId: string): Promise<FeedView[]> {
    return this.client.get(`${this.feedPath(scope, feedId)}/views`, {}, AREA_IDS.packaging);
  }
  permissions(scope: string, feedId: string): Promise<FeedPermission[]> {
    return this.client.get(`${this.feedPath(scope, feedId)}/permissions`, {}, AREA_IDS.packaging);
  }
  feeds(scope: string): Promise<FeedInfo[]> {
    return this.client.get(`${this.prefix(scope)}_apis/packaging/feeds`, {}, AREA_IDS.packaging);
  }

  /** A version's file, for the protocols whose REST serves one (npm, NuGet); undefined for others. */
  async download(
    scope: string,
    feedId: string,
    protocol: string,
    name: string,
    version: string,
  ): Promise<Buffer | undefined> {
    const p = protocol.toLowerCase();
    if (p !== "npm" && p !== "nuget") return undefined;
    const encoded = packagePath(p, name);
    return this.client.bytes(
      `${this.feedPath(scope, feedId)}/${p}/packages/${encoded}/versions/${encodeURIComponent(version)}/content`,
      {},
      AREA_IDS.npm,
    );
  }

  /** One file of a Maven or Python version (Maven, Python: Download Package). */
  downloadFile(
    scope: string,
    feedId: string,
    protocol: string,
    name: string,
    version: string,
    fileName: string,
  ): Promise<Buffer> {
    const feed = this.feedPath(scope, feedId);
    const v = encodeURIComponent(version);
    const file = encodeURIComponent(fileName);
    if (protocol.toLowerCase() === "maven") {
      const { groupId, artifactId } = mavenCoordinates(name);
      return this.client.bytes(
        `${feed}/maven/${encodeURIComponent(groupId)}/${encodeURIComponent(artifactId)}/${v}/${file}/content`,
        {},
        MAVEN,
      );
    }
    return this.client.bytes(
      `${feed}/pypi/packages/${encodeURIComponent(name)}/versions/${v}/${file}/content`,
      {},
      PYPI,
    );
  }

  createFeed(scope: string, body: Json): Promise<FeedInfo> {
    return this.client.send(
      "POST",
      `${this.prefix(scope)}_apis/packaging/feeds`,
      body,
      AREA_IDS.packaging,
    );
  }
  createView(scope: string, feedId: string, body: Json): Promise<FeedView> {
    return this.client.send(
      "POST",
      `${this.feedPath(scope, feedId)}/views`,
      body,
      AREA_IDS.packaging,
    );
  }
  setPermissions(scope: string, feedId: string, body: Json[]): Promise<unknown> {
    return this.client.send(
      "PATCH",
      `${this.feedPath(scope, feedId)}/permissions`,
      body,
      AREA_IDS.packaging,
    );
  }

  /** A client's request to the feed's own path, `[{project}/]_packaging/{feed}/{path}`. */
  private async toFeed(
    scope: string,
    feedName: string,
    path: string,
    areaId: string,
    init: RequestInit,
  ): Promise<void> {
    const url = await this.client.url(
      `${this.prefix(scope)}_packaging/${encodeURIComponent(feedName)}/${path}`,
      {},
      areaId,
    );
    await this.client.transport.request(url, init);
  }

  /** A kept file published again as its own client does (npm, NuGet, Maven, Python). */
  publish(protocol: PublishedProtocol, file: PackageFileToPublish): Promise<void> {
    return PUBLISHERS[protocol](file, (path, areaId, init) =>
      this.toFeed(file.scope, file.feedName, path, areaId, init),
    );
  }

  /** Update Package Version: add a version to a view (promote). */
  promote(
    scope: string,
    feedId: string,
    protocol: string,
    name: string,
    version: string,
    view: string,
  ): Promise<unknown> {
    const p = protocol.toLowerCase();
    const { groupId, artifactId } = mavenCoordinates(name);
    const pkg =
      p === "maven"
        ? `maven/groups/${encodeURIComponent(groupId)}/artifacts/${encodeURIComponent(artifactId)}`
        : `${p}/packages/${packagePath(p, name)}`;
    return this.client.send(
      "PATCH",
      `${this.feedPath(scope, feedId)}/${pkg}/versions/${encodeURIComponent(version)}`,
      { views: { op: "add", path: "/views/-", value: view } },
      AREA_IDS.npm,
    );
  }
}
