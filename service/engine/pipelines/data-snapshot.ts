// One manifest per run, project and data type (Pipelines, Test Plans, Artifacts), written last:
// the commit point, like the Repos snapshot. The manifest itself is tiny; what it holds (the
// index of items with their revisions, etags or watermarks) is a content object, so a run that
// changed nothing writes the same index again for free and stores only the manifest.
import type { ObjectStore } from "../storage/object-store";
import type { ContentStore } from "../storage/content-store";

export const DATA_SNAPSHOT_FORMAT = 1;

export type SnapshotDataType = "pipelines" | "testPlans" | "artifacts";

export interface DataSnapshot {
  format: typeof DATA_SNAPSHOT_FORMAT;
  dataType: SnapshotDataType;
  runId: string;
  organizationUrl: string;
  project: { id: string; name: string };
  startedAt: string;
  completedAt: string;
  /** Content object of the data type's index (its own shape: PipelinesIndex, …). */
  index: string;
}

export function dataSnapshotKey(
  dataType: SnapshotDataType,
  projectId: string,
  runId: string,
): string {
  return `data-snapshots/${dataType}/${projectId}/${runId}.json`;
}

export async function writeDataSnapshot(
  store: ObjectStore,
  content: ContentStore,
  s: DataSnapshot,
): Promise<string> {
  const key = dataSnapshotKey(s.dataType, s.project.id, s.runId);
  const data = Buffer.from(JSON.stringify(s));
  if (!(await store.putOnce(key, data))) throw new Error(`Snapshot ${key} already exists.`);
  content.countWritten(data.length);
  return key;
}

export async function readDataSnapshot(store: ObjectStore, key: string): Promise<DataSnapshot> {
  const s = JSON.parse((await store.get(key)).toString("utf8")) as DataSnapshot;
  if (s.format !== DATA_SNAPSHOT_FORMAT)
    throw new Error(`${key}: unknown snapshot format ${s.format}.`);
  return s;
}

/** The newest committed snapshot of one data type of a project, or undefined before its first run. */
export async function latestDataSnapshot(
  store: ObjectStore,
  dataType: SnapshotDataType,
  projectId: string,
): Promise<{ key: string; snapshot: DataSnapshot } | undefined> {
  const keys = (await store.list(`data-snapshots/${dataType}/${projectId}/`)).sort();
  const newest = keys[keys.length - 1];
  if (!newest) return undefined;
  // Run ids start with a stamp to the second: runs of the same second are told apart by completedAt.
  const stamp = (k: string): string => (k.split("/").pop() ?? "").split("-")[0] ?? "";
  const sameSecond = keys.filter((k) => stamp(k) === stamp(newest));
  const read = await Promise.all(
    sameSecond.map(async (key) => ({ key, snapshot: await readDataSnapshot(store, key) })),
  );
  return read.sort((a, b) => a.snapshot.completedAt.localeCompare(b.snapshot.completedAt)).pop();
}
