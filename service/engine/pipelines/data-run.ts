// One data type's backup of one project as a job can call it: read the previous snapshot's index,
// back up (the data type's own function), store the index, write the manifest last. The service's
// run calls one of these per project and data type (Pipelines, Test Plans, Artifacts).
import type { ProjectRef, AuthorizationSource } from "../azure-devops/repos-api";
import { newRunId } from "../snapshot";
import { ContentStore, type StorageCounters } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import { AreaClient } from "./area-client";
import {
  DATA_SNAPSHOT_FORMAT,
  latestDataSnapshot,
  writeDataSnapshot,
  type SnapshotDataType,
} from "./data-snapshot";

export interface DataBackupOptions {
  organizationUrl: string;
  authorization: AuthorizationSource;
  store: ObjectStore;
  project: ProjectRef;
  runId?: string;
}

export interface DataBackupResult {
  snapshotKey: string;
  runId: string;
  storage: StorageCounters;
  /** REST requests this backup made (the incremental measure beside bytes stored). */
  requests: number;
  notes: string[];
}

export async function runDataBackup<I extends { notes: string[] }>(
  dataType: SnapshotDataType,
  options: DataBackupOptions,
  backup: (client: AreaClient, content: ContentStore, previous: I | undefined) => Promise<I>,
): Promise<DataBackupResult> {
  const startedAt = new Date().toISOString();
  const runId = options.runId ?? newRunId();
  const content = new ContentStore(options.store);
  const client = new AreaClient(options.organizationUrl, options.authorization);
  const last = await latestDataSnapshot(options.store, dataType, options.project.id);
  const previous = last ? await content.getJson<I>(last.snapshot.index) : undefined;
  const index = await backup(client, content, previous);
  const snapshotKey = await writeDataSnapshot(options.store, content, {
    format: DATA_SNAPSHOT_FORMAT,
    dataType,
    runId,
    organizationUrl: options.organizationUrl,
    project: { id: options.project.id, name: options.project.name },
    startedAt,
    completedAt: new Date().toISOString(),
    index: await content.putJson(index),
  });
  return {
    snapshotKey,
    runId,
    storage: content.counters,
    requests: client.transport.stats.requests,
    notes: index.notes,
  };
}
