// Downloads the files of one package version that the backup does not hold yet, each stored once
// as a content object: the one file of an npm or NuGet version, each file of a Maven or Python
// version by the names the version lists (a Python version may gain a wheel later: only that one is
// read). Universal packages have none REST serves; a failed download is noted and tried next run.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ContentStore } from "../storage/content-store";
import { MULTI_FILE_PROTOCOLS, type ArtifactsApi, type PackageVersionInfo } from "./artifacts-api";
import type { PackageEntry, VersionEntry } from "./artifacts-index";

export interface FeedFilesContext {
  api: ArtifactsApi;
  scope: string;
  feedId: string;
  feedName: string;
  content: ContentStore;
  /** A scratch folder for the bytes on their way into the store. */
  dir: string;
  notes: string[];
}

async function store(ctx: FeedFilesContext, data: Buffer): Promise<string> {
  const file = join(ctx.dir, "package-file");
  await writeFile(file, data);
  return ctx.content.putFile(file);
}

/** Fills `version.file` or `version.files` with what is missing; notes what cannot be read. */
export async function fetchVersionFiles(
  ctx: FeedFilesContext,
  pkg: PackageEntry,
  version: VersionEntry,
  listed: PackageVersionInfo,
): Promise<void> {
  const { api, scope, feedId } = ctx;
  try {
    if (MULTI_FILE_PROTOCOLS.has(pkg.protocolType.toLowerCase())) {
      const kept = new Set((version.files ?? []).map((f) => f.name));
      const missing = (listed.files ?? []).filter((f) => !kept.has(f.name));
      if (version.files && missing.length === 0) return;
      const got = [...(version.files ?? [])];
      for (const { name } of missing) {
        const bytes = await api.downloadFile(
          scope,
          feedId,
          pkg.protocolType,
          pkg.name,
          listed.version,
          name,
        );
        got.push({ name, object: await store(ctx, bytes), size: bytes.length });
      }
      version.files = got;
      return;
    }
    if (version.file) return;
    const bytes = await api.download(scope, feedId, pkg.protocolType, pkg.name, listed.version);
    if (bytes)
      version.file = {
        name: listed.files?.[0]?.name ?? `${pkg.name}-${listed.version}`,
        object: await store(ctx, bytes),
        size: bytes.length,
      };
    else
      ctx.notes.push(
        `${pkg.protocolType} package ${pkg.name} ${listed.version} in ${ctx.feedName}: its files are served only through the Artifact tool, not REST; the version is recorded without them.`,
      );
  } catch (e) {
    ctx.notes.push(
      `${pkg.name} ${listed.version} in ${ctx.feedName} could not be downloaded: ${(e as Error).message}`,
    );
  }
}
