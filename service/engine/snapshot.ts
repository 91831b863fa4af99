// The snapshot manifest: one per run and project, written last (the commit point). It names every
// content object the snapshot needs, so a reader needs nothing else, and it is the next run's
// starting point (previous ref tips, LFS objects, pull-request watermark).
import { randomBytes } from "node:crypto";
import type { BoardsSnapshot } from "./boards/boards-snapshot";
import type { SnapshotDataType } from "./pipelines/data-snapshot";
import type { ObjectStore } from "./storage/object-store";

export const SNAPSHOT_FORMAT = 1;

export interface LfsObjectEntry {
  oid: string;
  size: number;
}

export interface PullRequestsEntry {
  /** Latest closedDate seen: closed pull requests up to it are carried over, not fetched again. */
  watermark?: string;
  /** Pull request id → content object of {pullRequest, threads, iterations}. */
  items: Record<string, { object: string; status: string; closedDate?: string }>;
}

export interface RepositorySnapshot {
  id: string;
  name: string;
  defaultBranch?: string;
  /** Every ref (never refs/pull/*) → object id. Empty for an empty repository. */
  refs: Record<string, string>;
  /**
   * Whole packs (what a fetch into an empty mirror received, stored as it is): each holds every
   * object it needs, so they are indexed before any bundle. The refs are `refs`. Absent from
   * older snapshots.
   */
  packs?: string[];
  /** Git bundles, oldest first; each needs the packs and the bundles before it. */
  bundles: string[];
  lfs: LfsObjectEntry[];
  /**
   * Every LFS object the refs need was fetched (no LFS note). With it, a later run that finds the
   * same refs on the server carries this copy over without fetching. Absent from older snapshots.
   */
  lfsComplete?: boolean;
  pullRequests: PullRequestsEntry;
  /** Content object of the repository's settings as listed (and branch policies when offered). */
  settings: string;
}

export interface WikiSnapshot {
  id: string;
  name: string;
  type: "projectWiki" | "codeWiki";
  repositoryId: string;
  mappedPath: string;
  version?: string;
}

export type ItemKind =
  "repository" | "wiki" | "pullRequests" | "lfs" | "policies" | "boards" | SnapshotDataType;

/** What a run did not back up, and why: never a reason to stop the run. */
export interface ItemNote {
  kind: ItemKind;
  id: string;
  name: string;
  reason: string;
}

export interface ProjectSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  runId: string;
  organizationUrl: string;
  project: { id: string; name: string };
  startedAt: string;
  completedAt: string;
  repositories: RepositorySnapshot[];
  wikis: WikiSnapshot[];
  /** Content object of the project's policy configurations (branch policies), when offered. */
  policies?: string;
  /** Boards: work items with their history, the structure, the reporting watermark. */
  boards?: BoardsSnapshot;
  /**
   * Pipelines, Test Plans, Artifacts: each data type's own manifest (data-snapshots/…), this run's
   * or, when this run's backup of it failed, the previous one's.
   */
  dataSnapshots?: Partial<Record<SnapshotDataType, string>>;
  /** Disabled, empty or missing: recorded, not failures. */
  skipped: ItemNote[];
  /** Could not be backed up this run; the previous snapshot's copy is carried over when there is one. */
  failed: ItemNote[];
}

/**
 * Run ids sort in time order. The suffix starts with the milliseconds (3 hex digits) and ends
 * random: a second run with nothing to do can finish within the same second as the one before it,
 * and the newest snapshot must still sort last. The shape (…Z-6 hex digits) is what the service
 * accepts as a run id.
 */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const ms = now.getUTCMilliseconds().toString(16).padStart(3, "0");
  return `${stamp}-${ms}${randomBytes(2).toString("hex").slice(0, 3)}`;
}

export function snapshotKey(projectId: string, runId: string): string {
  return `snapshots/${projectId}/${runId}.json`;
}

export async function writeSnapshot(store: ObjectStore, s: ProjectSnapshot): Promise<number> {
  const data = Buffer.from(JSON.stringify(s));
  const written = await store.putOnce(snapshotKey(s.project.id, s.runId), data);
  if (!written) throw new Error(`Snapshot ${s.runId} of ${s.project.name} already exists.`);
  return data.length;
}

export async function readSnapshot(store: ObjectStore, key: string): Promise<ProjectSnapshot> {
  const s = JSON.parse((await store.get(key)).toString("utf8")) as ProjectSnapshot;
  if (s.format !== SNAPSHOT_FORMAT) throw new Error(`${key}: unknown snapshot format ${s.format}.`);
  return s;
}

export interface SnapshotListing {
  key: string;
  projectId: string;
  runId: string;
}

/** Every committed snapshot (of one project, if given), oldest first. */
export async function listSnapshots(
  store: ObjectStore,
  projectId?: string,
): Promise<SnapshotListing[]> {
  const keys = await store.list(projectId ? `snapshots/${projectId}/` : "snapshots/");
  return keys
    .map((key) => {
      const m = /^snapshots\/([^/]+)\/([^/]+)\.json$/.exec(key);
      return m ? { key, projectId: m[1] as string, runId: m[2] as string } : undefined;
    })
    .filter((x): x is SnapshotListing => x !== undefined)
    .sort((a, b) => a.runId.localeCompare(b.runId));
}

/** The newest committed snapshot of a project, or undefined before its first run. */
export async function latestSnapshot(
  store: ObjectStore,
  projectId: string,
): Promise<ProjectSnapshot | undefined> {
  const mine = (await listSnapshots(store, projectId)).filter((s) => s.projectId === projectId);
  const last = mine[mine.length - 1];
  return last ? readSnapshot(store, last.key) : undefined;
}
