// The Pipelines restore as a job or the command line calls it: read the snapshot (the newest of
// the project unless one is named), plan against the target project (a dry run: nothing changes),
// and apply only when asked.
import type { AuthorizationSource, ProjectRef } from "../azure-devops/repos-api";
import { ContentStore } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import { AreaClient } from "./area-client";
import { latestDataSnapshot, readDataSnapshot, type DataSnapshot } from "./data-snapshot";
import { PipelinesApi } from "./pipelines-api";
import type { PipelinesIndex } from "./pipelines-index";
import { applyPipelinesRestore, type PipelinesRestoreResult } from "./restore-apply";
import {
  planPipelinesRestore,
  type PipelinesMapping,
  type PipelinesRestorePlan,
} from "./restore-plan";

export interface RestoreTarget {
  organizationUrl: string;
  authorization: AuthorizationSource;
  project: ProjectRef;
}

export interface DataRestoreOptions<M> {
  store: ObjectStore;
  /** The source project whose newest snapshot is restored, unless snapshotKey names one. */
  sourceProjectId: string;
  snapshotKey?: string;
  target: RestoreTarget;
  mapping?: M;
}

export async function loadDataSnapshot(
  store: ObjectStore,
  dataType: DataSnapshot["dataType"],
  sourceProjectId: string,
  snapshotKey?: string,
): Promise<{ key: string; snapshot: DataSnapshot }> {
  if (snapshotKey)
    return { key: snapshotKey, snapshot: await readDataSnapshot(store, snapshotKey) };
  const latest = await latestDataSnapshot(store, dataType, sourceProjectId);
  if (!latest)
    throw new Error(`No ${dataType} snapshot of project ${sourceProjectId} in ${store.location}.`);
  return latest;
}

export async function restorePipelines(
  options: DataRestoreOptions<PipelinesMapping>,
): Promise<{ plan: PipelinesRestorePlan; apply: () => Promise<PipelinesRestoreResult> }> {
  const content = new ContentStore(options.store);
  const { key, snapshot } = await loadDataSnapshot(
    options.store,
    "pipelines",
    options.sourceProjectId,
    options.snapshotKey,
  );
  const index = await content.getJson<PipelinesIndex>(snapshot.index);
  const target = new PipelinesApi(
    new AreaClient(options.target.organizationUrl, options.target.authorization),
  );
  const plan = await planPipelinesRestore({
    content,
    snapshotKey: key,
    index,
    target,
    targetOrganizationUrl: options.target.organizationUrl,
    targetProject: options.target.project,
    ...(options.mapping ? { mapping: options.mapping } : {}),
  });
  return {
    plan,
    apply: () =>
      applyPipelinesRestore({ plan, index, content, target, sourceProjectId: snapshot.project.id }),
  };
}
