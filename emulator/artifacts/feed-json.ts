// How the Packaging area answers a feed, a package and a package version, in the shapes of
// learn.microsoft.com/rest/api/azure/devops/artifacts (feed management, artifact details), 7.1.
import type { EmulatorState } from "../server/state";
import { orgUrlOf } from "../pipelines/rest-helpers";
import type { FeedRecord, Json, PackageRecord, VersionRecord } from "./state";

export function feedJson(state: EmulatorState, f: FeedRecord): Json {
  const project = f.projectId ? state.findProject(f.projectId) : undefined;
  const base = `${orgUrlOf(state).replace("https://", "https://feeds.")}${project ? `/${project.id}` : ""}/_apis/Packaging/Feeds/${f.id}`;
  return {
    id: f.id,
    name: f.name,
    description: f.description,
    url: base,
    _links: {
      self: { href: base },
      packages: { href: `${base}/Packages` },
      permissions: { href: `${base}/Permissions` },
    },
    ...(project ? { project: { id: project.id, name: project.name, visibility: "private" } } : {}),
    fullyQualifiedName: f.name,
    fullyQualifiedId: f.id,
    upstreamEnabled: f.upstreamEnabled,
    upstreamSources: f.upstreamSources,
    hideDeletedPackageVersions: f.hideDeletedPackageVersions,
    badgesEnabled: f.badgesEnabled,
    capabilities: "defaultCapabilities",
    isReadOnly: false,
  };
}

export function versionJson(feed: FeedRecord, v: VersionRecord, latest: boolean): Json {
  return {
    id: v.id,
    version: v.version,
    normalizedVersion: v.version.toLowerCase(),
    isLatest: latest,
    isListed: v.isListed,
    isDeleted: v.isDeleted,
    publishDate: v.publishDate,
    packageDescription: v.description,
    views: feed.views
      .filter((view) => v.viewIds.includes(view.id))
      .map((view) => ({ id: view.id, name: view.name, type: view.type })),
    files: v.files.map((f) => ({
      name: f.name,
      protocolMetadata: { schemaVersion: 1, data: { size: f.content.length } },
    })),
  };
}

export function packageJson(feed: FeedRecord, p: PackageRecord, withVersions: boolean): Json {
  const live = p.versions.filter((v) => !v.isDeleted);
  const latest = live[live.length - 1];
  return {
    id: p.id,
    name: p.name,
    normalizedName: p.name.toLowerCase(),
    protocolType: p.protocolType,
    versions: (withVersions ? live : latest ? [latest] : []).map((v) =>
      versionJson(feed, v, v === latest),
    ),
  };
}
