// Artifacts restore: a plan first (dry run), then apply: each feed is created (a taken name gets
// "-restored"; nothing is overwritten) with its public upstream sources, its own views and the
// permissions whose identities exist in the target; then each version's file is republished the
// way its client publishes (npm, NuGet), oldest first, and promoted to the views it was in.
// What cannot come back (Universal packages without a file, deleted versions, unmapped people,
// internal upstreams) is said in the plan.
import type { ProjectRef } from "../azure-devops/repos-api";
import { AreaClient } from "../pipelines/area-client";
import { loadDataSnapshot, type DataRestoreOptions } from "../pipelines/restore";
import { ContentStore, ObjectDamagedError, sha256Of } from "../storage/content-store";
import { contentKey } from "../storage/object-store";
import {
  ORGANIZATION_SCOPE,
  ArtifactsApi,
  type FeedInfo,
  type FeedPermission,
  type FeedView,
  type Json,
  type PackageVersionInfo,
} from "./artifacts-api";
import type { ArtifactsIndex, FeedEntry } from "./artifacts-index";

export interface ArtifactsMapping {
  /** Source identity descriptor → target identity descriptor (feed permissions). */
  users?: Record<string, string>;
}

const DEFAULT_VIEWS = new Set(["local", "prerelease", "release"]);
const REPUBLISHED = new Set(["npm", "nuget"]);

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

export interface ArtifactsRestoreResult {
  feeds: { sourceName: string; targetName: string; id: string }[];
  republished: number;
  failed: { what: string; reason: string }[];
}

function freeName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 1; taken.has(candidate.toLowerCase()); n++)
    candidate = n === 1 ? `${name}-restored` : `${name}-restored-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

async function planFeed(
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
        : !v.file
          ? "its files were not readable by REST (Universal packages need the Artifact tool)"
          : !REPUBLISHED.has(p.protocolType.toLowerCase())
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

export async function restoreArtifacts(
  options: DataRestoreOptions<ArtifactsMapping> & { targetScope?: string },
): Promise<{
  plan: ArtifactsRestorePlan;
  apply: () => Promise<ArtifactsRestoreResult>;
}> {
  const content = new ContentStore(options.store);
  const { key, snapshot } = await loadDataSnapshot(
    options.store,
    "artifacts",
    options.sourceProjectId,
    options.snapshotKey,
  );
  const index = await content.getJson<ArtifactsIndex>(snapshot.index);
  const api = new ArtifactsApi(
    new AreaClient(options.target.organizationUrl, options.target.authorization),
  );
  const scope = options.targetScope ?? options.target.project.id;
  const sameOrganization =
    options.target.organizationUrl.replace(/\/$/, "") ===
    snapshot.organizationUrl.replace(/\/$/, "");
  const userOf = (d: string): string | undefined =>
    options.mapping?.users?.[d] ?? (sameOrganization ? d : undefined);
  const taken = new Set((await api.feeds(scope)).map((f) => f.name.toLowerCase()));
  const notRestored: string[] = [];
  const feeds: PlannedFeed[] = [];
  for (const f of index.feeds)
    feeds.push(await planFeed(content, f, freeName(f.name, taken), userOf, notRestored));
  notRestored.push(
    "Package versions are republished with new publish dates; download counts and provenance start again.",
  );
  const plan: ArtifactsRestorePlan = {
    snapshotKey: key,
    target: {
      organizationUrl: options.target.organizationUrl,
      scope,
      ...(scope === ORGANIZATION_SCOPE ? {} : { project: options.target.project }),
    },
    feeds,
    notRestored,
  };

  async function apply(): Promise<ArtifactsRestoreResult> {
    const result: ArtifactsRestoreResult = { feeds: [], republished: 0, failed: [] };
    for (const planned of plan.feeds) {
      const entry = index.feeds.find((f) => f.id === planned.sourceId);
      if (!entry) continue;
      let created: FeedInfo;
      try {
        const source = await content.getJson<FeedInfo>(entry.object);
        created = await api.createFeed(scope, {
          name: planned.targetName,
          description: source.description,
          upstreamEnabled: planned.upstreamSources.length > 0,
          upstreamSources: planned.upstreamSources,
          hideDeletedPackageVersions: source.hideDeletedPackageVersions,
          badgesEnabled: source.badgesEnabled,
        });
      } catch (e) {
        result.failed.push({ what: `feed ${planned.sourceName}`, reason: (e as Error).message });
        continue;
      }
      result.feeds.push({
        sourceName: planned.sourceName,
        targetName: created.name,
        id: created.id,
      });
      const attempt = async (what: string, work: () => Promise<unknown>): Promise<boolean> => {
        try {
          await work();
          return true;
        } catch (e) {
          result.failed.push({ what, reason: (e as Error).message });
          return false;
        }
      };
      const sourceViews = await content.getJson<FeedView[]>(entry.views);
      for (const name of planned.views) {
        const v = sourceViews.find((x) => x.name === name);
        await attempt(`view ${name} of ${created.name}`, () =>
          api.createView(scope, created.id, {
            name,
            type: "release",
            visibility: v?.visibility ?? "collection",
          }),
        );
      }
      if (planned.permissions.length > 0)
        await attempt(`permissions of ${created.name}`, () =>
          api.setPermissions(scope, created.id, planned.permissions),
        );
      for (const v of planned.versions) {
        if (v.action !== "republish") continue;
        const kept = entry.packages
          .find((p) => p.name === v.name && p.protocolType === v.protocolType)
          ?.versions.find((x) => x.version === v.version);
        const file = kept?.file;
        if (!kept || !file) continue;
        const published = await attempt(`${v.name} ${v.version}`, async () => {
          const bytes = await options.store.get(contentKey(file.object));
          if (sha256Of(bytes) !== file.object)
            throw new ObjectDamagedError(file.object, sha256Of(bytes));
          if (v.protocolType.toLowerCase() === "npm") {
            const listed = await content.getJson<PackageVersionInfo>(kept.object);
            const description =
              typeof listed.packageDescription === "string" ? listed.packageDescription : "";
            await api.publishNpm(scope, created.name, v.name, v.version, bytes, description);
          } else await api.pushNuget(scope, created.name, bytes, file.name);
        });
        if (!published) continue;
        result.republished++;
        for (const view of v.views)
          await attempt(`${v.name} ${v.version} into ${view}`, () =>
            api.promote(scope, created.id, v.protocolType, v.name, v.version, view),
          );
      }
    }
    return result;
  }
  return { plan, apply };
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
