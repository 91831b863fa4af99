// What the restores of the data types read over REST (Pipelines, Test Plans, Artifacts) share:
// their options, the snapshot they restore (the newest of the project unless one is named) with
// its index, a client for the target organization, and whether source and target are one
// organization (ids and identities carry over as they are only then).
import type { AuthorizationSource, ProjectRef } from "../azure-devops/repos-api";
import { AreaClient } from "../pipelines/area-client";
import {
  latestDataSnapshot,
  readDataSnapshot,
  type DataSnapshot,
} from "../pipelines/data-snapshot";
import { ContentStore } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";

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

export interface OpenedDataRestore<I> {
  content: ContentStore;
  key: string;
  snapshot: DataSnapshot;
  index: I;
  client: AreaClient;
  sameOrganization: boolean;
}

export async function openDataRestore<I>(
  options: DataRestoreOptions<unknown>,
  dataType: DataSnapshot["dataType"],
): Promise<OpenedDataRestore<I>> {
  const content = new ContentStore(options.store);
  const { key, snapshot } = await loadDataSnapshot(
    options.store,
    dataType,
    options.sourceProjectId,
    options.snapshotKey,
  );
  const { organizationUrl, authorization } = options.target;
  return {
    content,
    key,
    snapshot,
    index: await content.getJson<I>(snapshot.index),
    client: new AreaClient(organizationUrl, authorization),
    sameOrganization:
      organizationUrl.replace(/\/$/, "") === snapshot.organizationUrl.replace(/\/$/, ""),
  };
}
