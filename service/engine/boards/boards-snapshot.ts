// What a Boards backup keeps, and where: work items in buckets of 100 ids (content objects, so an
// unchanged bucket is never written again), attachments and inline images as content objects by
// their SHA-256, the project's structure as one object, and the reporting watermark the next run
// starts from. The BoardsSnapshot goes into the project's snapshot manifest.
import { contentKey } from "../storage/object-store";
import { sha256Of, ObjectDamagedError, type ContentStore } from "../storage/content-store";
import type {
  CommentValue,
  DeletedValue,
  Fields,
  NodeValue,
  QueryValue,
  Relation,
} from "./boards-api";

/** Work items per bucket object. */
export const BUCKET_SIZE = 100;

export interface StoredRevision {
  rev: number;
  /** The first revision: every field. Later ones: the fields that changed (null: cleared). */
  fields: Fields;
}

export interface StoredWorkItem {
  id: number;
  revisions: StoredRevision[];
  /** Links, attachments and hyperlinks as last read (undefined: never readable, e.g. deleted). */
  relations?: Relation[];
  comments: CommentValue[];
}

/** Bucket number → stored work items of that bucket, by id. */
export type StoredBucket = Record<string, StoredWorkItem>;

export interface StoredAttachment {
  object: string;
  name: string;
  size: number;
}

export interface BoardsStructure {
  nodes: NodeValue[];
  teams: {
    id: string;
    name: string;
    description?: string;
    settings: Fields;
    fieldValues: Fields;
    iterations: { id: string; path: string }[];
  }[];
  sharedQueries?: QueryValue;
  tags: string[];
  /** Snapshots before BoardsSettings: the process the project used and its work item types (recorded only). */
  process?: { typeId: string; process: Fields; workItemTypes: Fields[] };
  /** Each team's dashboards with their widgets (recorded, not recreated). */
  dashboards?: { team: string; dashboards: Fields[] }[];
}

/** A type an inherited process derives or adds, with everything on it (as the API answers). */
export interface StoredWorkItemType {
  type: Fields;
  states: Fields[];
  fields: Fields[];
  rules: Fields[];
  layout: Fields;
  behaviors: Fields[];
}

/** The process the project uses; for an inherited one, what it adds to its system parent. */
export interface StoredProcess {
  process: Fields;
  parentName?: string;
  workItemTypes: StoredWorkItemType[];
  /** Backlog levels it adds. */
  behaviors: Fields[];
  /** The organization fields its types add (System and Microsoft fields exist everywhere). */
  fieldDefinitions: Fields[];
  /** The picklists of those fields, with their items. */
  picklists: Fields[];
}

export interface StoredBoard {
  /** The backlog level: "Stories", "Features", "Epics". */
  name: string;
  columns: Fields[];
  rows: Fields[];
  cards: Fields;
}

/** The project's process customisations, each team's boards and the delivery plans. */
export interface BoardsSettings {
  process?: StoredProcess;
  teamBoards: { team: string; boards: StoredBoard[] }[];
  plans: Fields[];
}

export interface BoardsSnapshot {
  format: 1;
  /** The reporting API's continuation token after the last revision read. */
  watermark: string;
  buckets: Record<string, string>;
  /** Attachment id (GUID, lower case) → its content object. */
  attachments: Record<string, StoredAttachment>;
  structure: string;
  /** BoardsSettings (absent in snapshots made before they were backed up). */
  settings?: string;
  /** Work items in the recycle bin when the run read it: kept, not restored by default. */
  deleted: DeletedValue[];
  counts: { workItems: number; revisions: number; comments: number; attachments: number };
}

/** Every content object a Boards snapshot needs (for verify). */
export function boardsObjects(b: BoardsSnapshot): string[] {
  return [
    b.structure,
    ...(b.settings ? [b.settings] : []),
    ...Object.values(b.buckets),
    ...Object.values(b.attachments).map((a) => a.object),
  ];
}

export function bucketOf(id: number): string {
  return String(Math.floor(id / BUCKET_SIZE));
}

/** Stores bytes as a content object (named by their SHA-256), counted like every other object. */
export async function putBytes(content: ContentStore, data: Buffer): Promise<string> {
  const sha = sha256Of(data);
  if (await content.store.has(contentKey(sha))) {
    content.counters.objectsReused++;
    return sha;
  }
  if (await content.store.putOnce(contentKey(sha), data)) {
    content.counters.objectsWritten++;
    content.counters.bytesWritten += data.length;
  } else content.counters.objectsReused++;
  return sha;
}

export async function getBytes(content: ContentStore, sha: string): Promise<Buffer> {
  const data = await content.store.get(contentKey(sha));
  const actual = sha256Of(data);
  if (actual !== sha) throw new ObjectDamagedError(sha, actual);
  return data;
}

/** Every field of a stored work item as of each revision, oldest first. */
export function fullRevisions(item: StoredWorkItem): { rev: number; fields: Fields }[] {
  const out: { rev: number; fields: Fields }[] = [];
  let state: Fields = {};
  for (const r of item.revisions) {
    state = applyChanges(state, r.fields);
    out.push({ rev: r.rev, fields: state });
  }
  return out;
}

/** History belongs to the revision that set it; every other field carries on until changed. */
export function applyChanges(before: Fields, changes: Fields): Fields {
  const next: Fields = { ...before };
  delete next["System.History"];
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** The fields that differ from `before` (null for one that is gone). */
export function changesFrom(before: Fields, after: Fields): Fields {
  const changes: Fields = {};
  for (const [k, v] of Object.entries(after))
    if (k === "System.History" || !sameValue(before[k], v)) changes[k] = v;
  for (const k of Object.keys(before))
    if (!(k in after) && k !== "System.History") changes[k] = null;
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
