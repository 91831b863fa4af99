// Backs up the feeds of a project (or of the organization): one feedchanges call lists every feed
// with its watermarks; a feed whose feed token is unchanged keeps its settings without a read, and
// only package changes after the previous package token are read, each new version's file (every
// file of a Maven or Python version) downloaded once (a content object). Deleted versions stay in the backup, marked deleted.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContentStore } from "../storage/content-store";
import type { ArtifactsIndex, FeedEntry, PackageEntry } from "./artifacts-index";
import { MULTI_FILE_PROTOCOLS, type ArtifactsApi, type FeedChange } from "./artifacts-api";

async function storeBytes(content: ContentStore, dir: string, data: Buffer): Promise<string> {
  const file = join(dir, "package-file");
  await writeFile(file, data);
  return content.putFile(file);
}

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
  if (entry.packageToken === change.latestPackageContinuationToken) return entry;
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
    const isDeleted = c.packageVersionChange.changeType === "delete" || v.isDeleted === true;
    let file = before?.file;
    let files = before?.files;
    if (MULTI_FILE_PROTOCOLS.has(pkg.protocolType.toLowerCase())) {
      // A Python version may gain a file later (another wheel): only files not kept are read.
      const kept = new Set((files ?? []).map((f) => f.name));
      const missing = (v.files ?? []).filter((f) => !kept.has(f.name));
      if (!isDeleted && (!files || missing.length > 0)) {
        try {
          const got = [...(files ?? [])];
          for (const { name } of missing) {
            const bytes = await api.downloadFile(
              scope,
              feed.id,
              pkg.protocolType,
              pkg.name,
              v.version,
              name,
            );
            got.push({ name, object: await storeBytes(content, dir, bytes), size: bytes.length });
          }
          files = got;
        } catch (e) {
          notes.push(
            `${pkg.name} ${v.version} in ${feed.name} could not be downloaded: ${(e as Error).message}`,
          );
        }
      }
    } else if (!file && !isDeleted) {
      try {
        const bytes = await api.download(scope, feed.id, pkg.protocolType, pkg.name, v.version);
        if (bytes)
          file = {
            name: v.files?.[0]?.name ?? `${pkg.name}-${v.version}`,
            object: await storeBytes(content, dir, bytes),
            size: bytes.length,
          };
        else
          notes.push(
            `${pkg.protocolType} package ${pkg.name} ${v.version} in ${feed.name}: its files are served only through the Artifact tool, not REST; the version is recorded without them.`,
          );
      } catch (e) {
        notes.push(
          `${pkg.name} ${v.version} in ${feed.name} could not be downloaded: ${(e as Error).message}`,
        );
      }
    }
    const version = {
      id: v.id,
      version: v.version,
      object: await content.putJson(v),
      isDeleted,
      ...(file ? { file } : {}),
      ...(files ? { files } : {}),
    };
    if (before) Object.assign(before, version);
    else pkg.versions.push(version);
  }
  entry.packageToken = next;
  return entry;
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
              !v.file &&
              !v.files &&
              !v.isDeleted &&
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
