// What Azure Artifacts holds for the organization: feeds (organization- or project-scoped) with
// views, permissions and upstream sources, packages with their versions and files, and the change
// sequence behind feed change tracking (feedchanges, packagechanges and their continuation tokens).
import { randomBytes, randomUUID } from "node:crypto";

export type Json = Record<string, unknown>;

export interface ViewRecord {
  id: string;
  name: string;
  type: "implicit" | "release";
  visibility: string;
}

export interface PermissionRecord {
  role: "administrator" | "contributor" | "collaborator" | "reader";
  identityDescriptor: string;
  displayName: string;
}

export interface VersionRecord {
  id: string;
  version: string;
  isListed: boolean;
  isDeleted: boolean;
  publishDate: string;
  description: string;
  viewIds: string[];
  files: { name: string; content: Buffer }[];
  /** The feed's package change sequence number of this version's last change. */
  token: number;
}

export interface PackageRecord {
  id: string;
  name: string;
  protocolType: "npm" | "NuGet" | "Maven" | "PyPI" | "UPack";
  versions: VersionRecord[];
}

export interface FeedRecord {
  id: string;
  name: string;
  description: string;
  projectId?: string;
  upstreamEnabled: boolean;
  upstreamSources: Json[];
  hideDeletedPackageVersions: boolean;
  badgesEnabled: boolean;
  views: ViewRecord[];
  permissions: PermissionRecord[];
  packages: Map<string, PackageRecord>;
  /** Organization-wide feed change sequence at this feed's last change. */
  feedToken: number;
  /** Last package change sequence number of this feed. */
  packageToken: number;
}

/** How long a signed blob URL a download hands out stays valid (our choice: a SAS of minutes). */
const BLOB_URL_LIFETIME_MS = 15 * 60_000;

export interface SignedBlob {
  file: { name: string; content: Buffer };
  expiresAtEpochMs: number;
}

export class ArtifactsState {
  readonly feeds = new Map<string, FeedRecord>();
  /** Signature → the file a signed blob URL serves (a Maven download answers with one). */
  readonly blobs = new Map<string, SignedBlob>();
  private feedSequence = 0;

  /** A new signature for a file's blob URL, valid for BLOB_URL_LIFETIME_MS. */
  signBlob(file: { name: string; content: Buffer }): string {
    const signature = randomBytes(16).toString("hex");
    this.blobs.set(signature, { file, expiresAtEpochMs: Date.now() + BLOB_URL_LIFETIME_MS });
    return signature;
  }

  createFeed(
    fields: Omit<FeedRecord, "id" | "views" | "packages" | "feedToken" | "packageToken">,
  ): FeedRecord {
    const feed: FeedRecord = {
      ...fields,
      id: randomUUID(),
      // Every feed starts with its Local view and the Prerelease and Release views.
      views: [
        { id: randomUUID(), name: "Local", type: "implicit", visibility: "private" },
        { id: randomUUID(), name: "Prerelease", type: "release", visibility: "collection" },
        { id: randomUUID(), name: "Release", type: "release", visibility: "collection" },
      ],
      packages: new Map(),
      feedToken: ++this.feedSequence,
      packageToken: 0,
    };
    this.feeds.set(feed.id, feed);
    return feed;
  }

  /** A feed setting changed (views, permissions, upstreams): its feed continuation token moves. */
  touchFeed(feed: FeedRecord): void {
    feed.feedToken = ++this.feedSequence;
  }

  findFeed(idOrName: string, projectId: string | undefined): FeedRecord | undefined {
    const key = idOrName.toLowerCase();
    return [...this.feeds.values()].find(
      (f) => (f.id === key || f.name.toLowerCase() === key) && f.projectId === projectId,
    );
  }

  /** Publishes a version (a new package when the name is new); false when the version exists. */
  publish(
    feed: FeedRecord,
    protocolType: PackageRecord["protocolType"],
    name: string,
    version: Omit<VersionRecord, "id" | "token" | "viewIds">,
  ): boolean {
    let pkg = [...feed.packages.values()].find(
      (p) => p.protocolType === protocolType && p.name.toLowerCase() === name.toLowerCase(),
    );
    if (!pkg) {
      pkg = { id: randomUUID(), name, protocolType, versions: [] };
      feed.packages.set(pkg.id, pkg);
    }
    if (pkg.versions.some((v) => v.version.toLowerCase() === version.version.toLowerCase()))
      return false;
    const local = feed.views.find((v) => v.type === "implicit");
    pkg.versions.push({
      ...version,
      id: randomUUID(),
      viewIds: local ? [local.id] : [],
      token: ++feed.packageToken,
    });
    // feedchanges reports changes to the feed itself; package changes move only its package token.
    return true;
  }

  /**
   * Adds one file to a version, publishing the version with its first file (Maven and Python
   * clients upload a version's files one request each); false when the file is already there.
   */
  publishFile(
    feed: FeedRecord,
    protocolType: PackageRecord["protocolType"],
    name: string,
    version: Omit<VersionRecord, "id" | "token" | "viewIds" | "files">,
    file: { name: string; content: Buffer },
  ): boolean {
    const pkg = [...feed.packages.values()].find(
      (p) => p.protocolType === protocolType && p.name.toLowerCase() === name.toLowerCase(),
    );
    const existing = pkg?.versions.find(
      (v) => v.version.toLowerCase() === version.version.toLowerCase(),
    );
    if (!existing) return this.publish(feed, protocolType, name, { ...version, files: [file] });
    if (existing.files.some((f) => f.name.toLowerCase() === file.name.toLowerCase())) return false;
    existing.files.push(file);
    this.touchVersion(feed, existing);
    return true;
  }

  /** A version's listing, deletion or views changed. */
  touchVersion(feed: FeedRecord, version: VersionRecord): void {
    version.token = ++feed.packageToken;
  }
}
