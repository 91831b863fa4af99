// The Artifacts restore plan (the dry run): each feed under a free name ("-restored" when taken;
// nothing is overwritten) with its public upstream sources, its own views and the permissions whose
// identities exist in the target, and each version: republished (npm, NuGet, Maven, Python) and
// promoted to the views it was in, or skipped with the reason (Universal packages without a file,
// deleted versions).
import type { ProjectRef } from "../azure-devops/repos-api";
import type { ContentStore } from "../storage/content-store";
import {
  isPublishedProtocol,
  type FeedInfo,
  type FeedPermission,
  type FeedView,
  type Json,
  type PackageVersionInfo,
} from "./artifacts-api";
import type { FeedEntry } from "./artifacts-index";

export interface ArtifactsMapping {
  /** Source identity descriptor → target identity descriptor (feed permissions). */
  users?: Record<string, string>;
}

const DEFAULT_VIEWS = new Set(["local", "prerelease", "release"]);
export interface PlannedVersion {
  protocolType: string;
  name: string;
  version: string;
  action: "republish" | "skip";
  views: string[];
  reason?: string;
}

export interface PlannedFeed {
  sourceId: string;
  sourceName: string;
  targetName: string;
  views: string[];
  upstreamSources: Json[];
  permissions: { role: string; identityDescriptor: string; displayName?: string }[];
  versions: PlannedVersion[];
}

export interface ArtifactsRestorePlan {
  snapshotKey: string;
  target: { organizationUrl: string; scope: string; project?: ProjectRef };
  feeds: PlannedFeed[];
  notRestored: string[];
}

export async function planFeed(
  content: ContentStore,
  f: FeedEntry,
  targetName: string,
  userOf: (descriptor: string) => string | undefined,
  notRestored: string[],
): Promise<PlannedFeed> {
  const feed = await content.getJson<FeedInfo>(f.object);
  const views = (await content.getJson<FeedView[]>(f.views))
    .map((v) => v.name)
    .filter((n) => !DEFAULT_VIEWS.has(n.toLowerCase()));
  const upstreamSources: Json[] = [];
  for (const u of feed.upstreamSources ?? []) {
    if (u.upstreamSourceType === "internal")
      notRestored.push(
        `Feed ${f.name}: the upstream ${String(u.name)} is another feed of the source organization; add it again by hand.`,
      );
    else
      upstreamSources.push({
        name: u.name,
        protocol: u.protocol,
        location: u.location,
        displayLocation: u.displayLocation,
        upstreamSourceType: u.upstreamSourceType,
      });
  }
  const permissions: PlannedFeed["permissions"] = [];
  for (const p of await content.getJson<FeedPermission[]>(f.permissions)) {
    const who = userOf(p.identityDescriptor);
    if (who)
      permissions.push({
        role: p.role,
        identityDescriptor: who,
        ...(p.displayName ? { displayName: p.displayName } : {}),
      });
    else
      notRestored.push(
        `Feed ${f.name}: ${p.displayName ?? p.identityDescriptor} (${p.role}) has no identity in the target: map it in the mapping file.`,
      );
  }
  const versions: PlannedVersion[] = [];
  for (const p of f.packages)
    for (const v of p.versions) {
      const listed = await content.getJson<PackageVersionInfo>(v.object);
      const inViews = (listed.views ?? [])
        .map((x) => x.name)
        .filter((n) => n.toLowerCase() !== "local");
      const reason = v.isDeleted
        ? "deleted in the source"
        : !v.file && !v.files
          ? "its files were not readable by REST (Universal packages need the Artifact tool)"
          : !isPublishedProtocol(p.protocolType.toLowerCase())
            ? `republishing ${p.protocolType} is not supported yet; its file is in the snapshot`
            : undefined;
      versions.push({
        protocolType: p.protocolType,
        name: p.name,
        version: v.version,
        action: reason ? "skip" : "republish",
        views: inViews,
        ...(reason ? { reason } : {}),
      });
      if (reason)
        notRestored.push(
          `${p.protocolType} ${p.name} ${v.version} (feed ${f.name}) is not republished: ${reason}.`,
        );
    }
  return {
    sourceId: f.id,
    sourceName: f.name,
    targetName,
    views,
    upstreamSources,
    permissions,
    versions,
  };
}

export function describeArtifactsPlan(plan: ArtifactsRestorePlan): string {
  const lines = [`Restore Artifacts from ${plan.snapshotKey} (nothing is overwritten):`];
  for (const f of plan.feeds) {
    lines.push(
      `  create feed "${f.targetName}"${f.targetName !== f.sourceName ? ` (was ${f.sourceName})` : ""}: ${f.upstreamSources.length} upstream(s), views ${f.views.join(", ") || "none of its own"}, ${f.permissions.length} permission(s)`,
    );
    for (const v of f.versions)
      lines.push(
        `    ${v.action} ${v.protocolType} ${v.name} ${v.version}${v.views.length ? ` → ${v.views.join(", ")}` : ""}${v.reason ? ` — ${v.reason}` : ""}`,
      );
  }
  lines.push("Not restored or restored differently:", ...plan.notRestored.map((n) => `  - ${n}`));
  return lines.join("\n");
}
