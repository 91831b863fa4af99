// Backs up the feeds of a project (or of the organization): one feedchanges call lists every feed
// with its watermarks; a feed whose feed token is unchanged keeps its settings without a read, and
// only package changes after the previous package token are read, each new version's files
// downloaded once (version-files.ts). Deleted versions stay in the backup, marked deleted.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContentStore } from "../storage/content-store";
import type { ArtifactsApi, FeedChange, PackageVersionInfo } from "./artifacts-api";
import type { ArtifactsIndex, FeedEntry, PackageEntry, VersionEntry } from "./artifacts-index";
import { fetchVersionFiles, type FeedFilesContext } from "./version-files";

async function backupFeed(
  api: ArtifactsApi,
  scope: string,
  change: FeedChange,
  kept: FeedEntry | undefined,
  content: ContentStore,
  dir: string,
  notes: string[],
): Promise<FeedEntry> {
  const feed = change.feed;
  const settingsUnchanged = kept && kept.feedToken === change.feedContinuationToken;
  const entry: FeedEntry = {
    id: feed.id,
    name: feed.name,
    object: settingsUnchanged ? kept.object : await content.putJson(feed),
    views: settingsUnchanged ? kept.views : await content.putJson(await api.views(scope, feed.id)),
    permissions: settingsUnchanged
      ? kept.permissions
      : await content.putJson(await api.permissions(scope, feed.id)),
    feedToken: change.feedContinuationToken,
    packageToken: kept?.packageToken ?? 0,
    packages: structuredClone(kept?.packages ?? []),
  };
  const files: FeedFilesContext = {
    api,
    scope,
    feedId: feed.id,
    feedName: feed.name,
    content,
    dir,
    notes,
  };
  const tried = new Set<string>();
  if (entry.packageToken !== change.latestPackageContinuationToken) {
    const { changes, next } = await api.packageChanges(scope, feed.id, entry.packageToken);
    for (const c of changes) {
      let pkg: PackageEntry | undefined = entry.packages.find((p) => p.id === c.package.id);
      if (!pkg) {
        pkg = {
          id: c.package.id,
          name: c.package.name,
          protocolType: c.package.protocolType,
          versions: [],
        };
        entry.packages.push(pkg);
      }
      const v = c.packageVersionChange.packageVersion;
      const before = pkg.versions.find((x) => x.id === v.id);
      const version: VersionEntry = {
        id: v.id,
        version: v.version,
        object: await content.putJson(v),
        isDeleted: c.packageVersionChange.changeType === "delete" || v.isDeleted === true,
        ...(before?.file ? { file: before.file } : {}),
        ...(before?.files ? { files: before.files } : {}),
      };
      if (!version.isDeleted) {
        await fetchVersionFiles(files, pkg, version, v);
        tried.add(v.id);
      }
      if (before) Object.assign(before, version);
      else pkg.versions.push(version);
    }
    entry.packageToken = next;
  }
  // A version whose files could not be downloaded in an earlier run is tried again: no change
  // would bring it back to the change feed.
  for (const pkg of entry.packages)
    for (const v of pkg.versions)
      if (withoutFiles(v) && !tried.has(v.id) && pkg.protocolType.toLowerCase() !== "upack")
        await fetchVersionFiles(files, pkg, v, await content.getJson<PackageVersionInfo>(v.object));
  return entry;
}

/** A live version the backup holds no file of (not served by REST, or not downloaded yet). */
function withoutFiles(v: VersionEntry): boolean {
  return !v.isDeleted && !v.file && !v.files;
}

export async function backupArtifactsData(
  api: ArtifactsApi,
  scope: string,
  content: ContentStore,
  previous: ArtifactsIndex | undefined,
): Promise<ArtifactsIndex> {
  const notes: string[] = [];
  const before = new Map((previous?.feeds ?? []).map((f) => [f.id, f]));
  const dir = await mkdtemp(join(tmpdir(), "artifacts-backup-"));
  try {
    const feeds: FeedEntry[] = [];
    for (const change of await api.feedChanges(scope)) {
      const kept = before.get(change.feed.id);
      if (change.changeType === "delete") {
        // The feed is in the recycle bin: the last backup of it stays in the snapshot.
        if (kept) feeds.push(kept);
        notes.push(
          `Feed ${change.feed.name} is deleted (in the feed recycle bin); its last backup is kept.`,
        );
        continue;
      }
      try {
        feeds.push(await backupFeed(api, scope, change, kept, content, dir, notes));
      } catch (e) {
        notes.push(`Feed ${change.feed.name} could not be backed up: ${(e as Error).message}`);
        if (kept) feeds.push(kept);
      }
    }
    // Versions without a file were noted when first seen; say it again on every run.
    if (previous)
      for (const f of feeds)
        for (const p of f.packages)
          for (const v of p.versions)
            if (
              withoutFiles(v) &&
              !notes.some((n) => n.includes(`${p.name} ${v.version} in ${f.name}`))
            )
              notes.push(
                p.protocolType === "UPack"
                  ? `${p.protocolType} package ${p.name} ${v.version} in ${f.name}: its files are served only through the Artifact tool, not REST; the version is recorded without them.`
                  : `${p.protocolType} package ${p.name} ${v.version} in ${f.name}: its files could not be downloaded when it was first backed up; the version is recorded without them.`,
              );
    return { scope, feeds, notes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
