// Artifacts restore as a job or the command line calls it: read the snapshot, plan against the
// target scope (a project, or ORGANIZATION_SCOPE; a dry run: nothing changes), apply when asked.
// Feed permissions name identities: kept as they are within one organization, through the
// mapping file's `users` into another.
import { openDataRestore, type DataRestoreOptions } from "../data-types/data-restore";
import { freeName } from "../restore/free-name";
import { ORGANIZATION_SCOPE, ArtifactsApi } from "./artifacts-api";
import type { ArtifactsIndex } from "./artifacts-index";
import { ArtifactsRestorer, type ArtifactsRestoreResult } from "./restore-apply";
import {
  planFeed,
  type ArtifactsMapping,
  type ArtifactsRestorePlan,
  type PlannedFeed,
} from "./restore-plan";

export async function restoreArtifacts(
  options: DataRestoreOptions<ArtifactsMapping> & { targetScope?: string },
): Promise<{ plan: ArtifactsRestorePlan; apply: () => Promise<ArtifactsRestoreResult> }> {
  const { content, key, index, client, sameOrganization } = await openDataRestore<ArtifactsIndex>(
    options,
    "artifacts",
  );
  const api = new ArtifactsApi(client);
  const scope = options.targetScope ?? options.target.project.id;
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
  return {
    plan,
    apply: () => new ArtifactsRestorer(plan, index, options.store, content, api).run(),
  };
}
