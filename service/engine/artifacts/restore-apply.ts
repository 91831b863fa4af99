// Applies an Artifacts restore plan: creates each feed, its views and permissions, then republishes
// each version's files as its client would (npm's package document, NuGet's push, Maven's PUT of
// each file, twine's upload of each distribution), oldest first, and promotes it to the views it
// was in. A failed step is recorded and the rest goes on.
import { ObjectDamagedError, sha256Of, type ContentStore } from "../storage/content-store";
import { contentKey, type ObjectStore } from "../storage/object-store";
import {
  isPublishedProtocol,
  type ArtifactsApi,
  type FeedInfo,
  type FeedView,
  type PackageVersionInfo,
} from "./artifacts-api";
import type { ArtifactsIndex, FeedEntry } from "./artifacts-index";
import type { ArtifactsRestorePlan, PlannedFeed, PlannedVersion } from "./restore-plan";

export interface ArtifactsRestoreResult {
  feeds: { sourceName: string; targetName: string; id: string }[];
  republished: number;
  failed: { what: string; reason: string }[];
}

export class ArtifactsRestorer {
  private readonly result: ArtifactsRestoreResult = { feeds: [], republished: 0, failed: [] };

  constructor(
    private readonly plan: ArtifactsRestorePlan,
    private readonly index: ArtifactsIndex,
    private readonly store: ObjectStore,
    private readonly content: ContentStore,
    private readonly api: ArtifactsApi,
  ) {}

  async run(): Promise<ArtifactsRestoreResult> {
    for (const planned of this.plan.feeds) {
      const entry = this.index.feeds.find((f) => f.id === planned.sourceId);
      if (entry) await this.feed(planned, entry);
    }
    return this.result;
  }

  private get scope(): string {
    return this.plan.target.scope;
  }

  private async attempt(what: string, work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (e) {
      this.result.failed.push({ what, reason: (e as Error).message });
      return false;
    }
  }

  private async feed(planned: PlannedFeed, entry: FeedEntry): Promise<void> {
    let created: FeedInfo | undefined;
    await this.attempt(`feed ${planned.sourceName}`, async () => {
      const source = await this.content.getJson<FeedInfo>(entry.object);
      created = await this.api.createFeed(this.scope, {
        name: planned.targetName,
        description: source.description,
        upstreamEnabled: planned.upstreamSources.length > 0,
        upstreamSources: planned.upstreamSources,
        hideDeletedPackageVersions: source.hideDeletedPackageVersions,
        badgesEnabled: source.badgesEnabled,
      });
    });
    if (!created) return;
    const feed = created;
    this.result.feeds.push({ sourceName: planned.sourceName, targetName: feed.name, id: feed.id });
    const sourceViews = await this.content.getJson<FeedView[]>(entry.views);
    for (const name of planned.views) {
      const visibility = sourceViews.find((x) => x.name === name)?.visibility ?? "collection";
      await this.attempt(`view ${name} of ${feed.name}`, () =>
        this.api.createView(this.scope, feed.id, { name, type: "release", visibility }),
      );
    }
    if (planned.permissions.length > 0)
      await this.attempt(`permissions of ${feed.name}`, () =>
        this.api.setPermissions(this.scope, feed.id, planned.permissions),
      );
    for (const v of planned.versions)
      if (v.action === "republish") await this.version(feed, entry, v);
  }

  private async version(feed: FeedInfo, entry: FeedEntry, v: PlannedVersion): Promise<void> {
    const kept = entry.packages
      .find((p) => p.name === v.name && p.protocolType === v.protocolType)
      ?.versions.find((x) => x.version === v.version);
    const files = kept?.files ?? (kept?.file ? [kept.file] : []);
    if (!kept || files.length === 0) return;
    const protocol = v.protocolType.toLowerCase();
    // The plan republishes only these; anything else stays a file in the snapshot.
    if (!isPublishedProtocol(protocol)) return;
    const published = await this.attempt(`${v.name} ${v.version}`, async () => {
      const listed = await this.content.getJson<PackageVersionInfo>(kept.object);
      const description =
        typeof listed.packageDescription === "string" ? listed.packageDescription : "";
      for (const file of files) {
        const bytes = await this.store.get(contentKey(file.object));
        const actual = sha256Of(bytes);
        if (actual !== file.object) throw new ObjectDamagedError(file.object, actual);
        await this.api.publish(protocol, {
          scope: this.scope,
          feedName: feed.name,
          name: v.name,
          version: v.version,
          fileName: file.name,
          bytes,
          description,
        });
      }
    });
    if (!published) return;
    this.result.republished++;
    for (const view of v.views)
      await this.attempt(`${v.name} ${v.version} into ${view}`, () =>
        this.api.promote(this.scope, feed.id, v.protocolType, v.name, v.version, view),
      );
  }
}
