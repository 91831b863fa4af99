// One project's Boards backup. Work items are enumerated through the reporting revisions API from
// the previous run's watermark (never WIQL, which refuses more than 20,000 results); the items that
// changed are read again in batches of at most 200 ids for their relations, and their comments and
// new attachments (files and images inside HTML fields) are fetched. Unchanged buckets of work
// items, attachments and structure are carried over by their content ids.
import { mapBounded } from "../concurrency";
import type { ContentStore } from "../storage/content-store";
import {
  BATCH_IDS,
  type BoardsApi,
  type CommentValue,
  type DeletedValue,
  type Fields,
  type Relation,
} from "./boards-api";
import {
  applyChanges,
  bucketOf,
  changesFrom,
  putBytes,
  type BoardsSnapshot,
  type StoredBucket,
  type StoredWorkItem,
} from "./boards-snapshot";
import { readSettings, readStructure } from "./structure";

/** Revisions asked for per reporting request: the most the API answers in one page. */
export const REPORTING_PAGE = 1000;

export interface BoardsBackupContext {
  api: BoardsApi;
  content: ContentStore;
  project: { id: string; name: string };
  previous?: BoardsSnapshot;
  /** Parallel requests for comments, attachments and batches; default 4. */
  concurrency?: number;
}

/** New revisions of one work item read this run: the first in full, later ones as changes. */
interface Incoming {
  revisions: { rev: number; fields: Fields }[];
  latest: Fields;
  /** A new revision added a comment or changed their count: read the comments again. */
  comments: boolean;
}

function commented(fields: Fields, before?: Fields): boolean {
  const history = fields["System.History"];
  if (typeof history === "string" && history !== "") return true;
  return before !== undefined && before["System.CommentCount"] !== fields["System.CommentCount"];
}

const ATTACHMENT_URL =
  /\/_apis\/wit\/attachments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\?[^"'\s<>]*)?/gi;

/** Attachments a set of fields points at (inline images in HTML fields). */
export function inlineAttachments(fields: Fields): { id: string; name: string }[] {
  const found: { id: string; name: string }[] = [];
  for (const v of Object.values(fields)) {
    if (typeof v !== "string" || !v.includes("/_apis/wit/attachments/")) continue;
    for (const m of v.matchAll(ATTACHMENT_URL)) {
      const name = /fileName=([^&"']+)/i.exec(m[2] ?? "")?.[1];
      found.push({
        id: (m[1] as string).toLowerCase(),
        name: name ? decodeURIComponent(name) : "image",
      });
    }
  }
  return found;
}

async function readRevisions(ctx: BoardsBackupContext): Promise<{
  incoming: Map<number, Incoming>;
  watermark: string;
  revisions: number;
}> {
  const incoming = new Map<number, Incoming>();
  let token = ctx.previous?.watermark;
  let revisions = 0;
  for (;;) {
    const batch = await ctx.api.reportingRevisions(ctx.project.id, token, REPORTING_PAGE);
    for (const v of batch.values) {
      revisions++;
      const seen = incoming.get(v.id);
      if (!seen)
        incoming.set(v.id, {
          revisions: [{ rev: v.rev, fields: v.fields }],
          latest: v.fields,
          comments: commented(v.fields),
        });
      else if (v.rev > (seen.revisions[seen.revisions.length - 1]?.rev ?? 0)) {
        seen.revisions.push({ rev: v.rev, fields: changesFrom(seen.latest, v.fields) });
        seen.comments ||= commented(v.fields, seen.latest);
        seen.latest = v.fields;
      }
    }
    token = batch.continuationToken;
    if (batch.isLastBatch || batch.values.length === 0) break;
  }
  return { incoming, watermark: token ?? "", revisions };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function readRelations(
  ctx: BoardsBackupContext,
  ids: number[],
): Promise<Map<number, Relation[]>> {
  const relations = new Map<number, Relation[]>();
  await mapBounded(chunks(ids, BATCH_IDS), ctx.concurrency ?? 4, async (chunk) => {
    for (const w of await ctx.api.workItemsBatch(ctx.project.id, chunk))
      if (w) relations.set(w.id, w.relations ?? []);
  });
  return relations;
}

async function readDeleted(ctx: BoardsBackupContext): Promise<DeletedValue[]> {
  const ids = (await ctx.api.recycleBin(ctx.project.id)).map((d) => d.id);
  const details: DeletedValue[] = [];
  for (const chunk of chunks(ids, BATCH_IDS))
    details.push(...(await ctx.api.recycleBinDetails(ctx.project.id, chunk)));
  return details.sort((a, b) => a.id - b.id);
}

/** Merges this run's revisions into the stored work item (a delta against what was kept). */
function merged(
  previous: StoredWorkItem | undefined,
  id: number,
  incoming: Incoming,
): StoredWorkItem {
  const item: StoredWorkItem = previous
    ? { ...previous, revisions: [...previous.revisions] }
    : { id, revisions: [], comments: [] };
  let last: Fields = {};
  for (const r of item.revisions) last = applyChanges(last, r.fields);
  const lastRev = item.revisions[item.revisions.length - 1]?.rev ?? 0;
  let full = last;
  for (const [i, r] of incoming.revisions.entries()) {
    full = i === 0 ? r.fields : applyChanges(full, r.fields);
    if (r.rev <= lastRev) continue;
    item.revisions.push({
      rev: r.rev,
      fields: item.revisions.length === 0 ? full : i === 0 ? changesFrom(last, full) : r.fields,
    });
  }
  return item;
}

export interface BoardsBackupResult {
  snapshot: BoardsSnapshot;
  /** Work items with new revisions this run. */
  changed: number;
  revisionsRead: number;
}

/** What this run read about the work items that changed. */
interface ChangedWorkItems {
  incoming: Map<number, Incoming>;
  relations: Map<number, Relation[]>;
  comments: Map<number, CommentValue[]>;
}

async function readComments(
  ctx: BoardsBackupContext,
  live: number[],
  incoming: Map<number, Incoming>,
): Promise<Map<number, CommentValue[]>> {
  const comments = new Map<number, CommentValue[]>();
  await mapBounded(
    live.filter((id) => incoming.get(id)?.comments),
    ctx.concurrency ?? 4,
    async (id) => comments.set(id, await ctx.api.comments(ctx.project.id, id)),
  );
  return comments;
}

/** Attachment files and inline images of the changed work items that are not stored yet. */
async function downloadAttachments(
  ctx: BoardsBackupContext,
  changed: ChangedWorkItems,
): Promise<BoardsSnapshot["attachments"]> {
  const attachments = { ...(ctx.previous?.attachments ?? {}) };
  const wanted = new Map<string, string>();
  for (const [id, incoming] of changed.incoming) {
    for (const r of changed.relations.get(id) ?? []) {
      const m = /\/_apis\/wit\/attachments\/([0-9a-f-]{36})/i.exec(r.url);
      if (r.rel === "AttachedFile" && m)
        wanted.set((m[1] as string).toLowerCase(), String(r.attributes?.name ?? "attachment"));
    }
    for (const r of incoming.revisions)
      for (const a of inlineAttachments(r.fields)) if (!wanted.has(a.id)) wanted.set(a.id, a.name);
  }
  const base = ctx.api.organizationUrl.replace(/\/$/, "");
  await mapBounded(
    [...wanted].filter(([id]) => !attachments[id]),
    ctx.concurrency ?? 4,
    async ([id, name]) => {
      const data = await ctx.api.download(`${base}/_apis/wit/attachments/${id}`);
      attachments[id] = { object: await putBytes(ctx.content, data), name, size: data.length };
    },
  );
  return attachments;
}

type Counts = Omit<BoardsSnapshot["counts"], "attachments">;

function countOf(bucket: StoredBucket): Counts {
  const counts: Counts = { workItems: 0, revisions: 0, comments: 0 };
  for (const item of Object.values(bucket)) {
    counts.workItems++;
    counts.revisions += item.revisions.length;
    counts.comments += item.comments.length;
  }
  return counts;
}

/** Rewrites the buckets that hold changed work items; the counts move by what changed in them. */
async function writeBuckets(
  ctx: BoardsBackupContext,
  changed: ChangedWorkItems,
): Promise<{ buckets: Record<string, string>; counts: Counts }> {
  const buckets = { ...(ctx.previous?.buckets ?? {}) };
  const counts: Counts = {
    workItems: ctx.previous?.counts.workItems ?? 0,
    revisions: ctx.previous?.counts.revisions ?? 0,
    comments: ctx.previous?.counts.comments ?? 0,
  };
  const byBucket = new Map<string, number[]>();
  for (const id of changed.incoming.keys())
    byBucket.set(bucketOf(id), [...(byBucket.get(bucketOf(id)) ?? []), id]);
  await mapBounded([...byBucket], ctx.concurrency ?? 4, async ([b, ids]) => {
    const sha = buckets[b];
    const before = sha ? await ctx.content.getJson<StoredBucket>(sha) : {};
    const bucket: StoredBucket = { ...before };
    for (const id of ids) {
      const item = merged(before[String(id)], id, changed.incoming.get(id) as Incoming);
      item.relations = changed.relations.get(id) ?? item.relations;
      item.comments = changed.comments.get(id) ?? item.comments;
      bucket[String(id)] = item;
    }
    buckets[b] = await ctx.content.putJson(bucket);
    const [was, is] = [countOf(before), countOf(bucket)];
    counts.workItems += is.workItems - was.workItems;
    counts.revisions += is.revisions - was.revisions;
    counts.comments += is.comments - was.comments;
  });
  return { buckets, counts };
}

export async function backupBoards(ctx: BoardsBackupContext): Promise<BoardsBackupResult> {
  const { incoming, watermark, revisions } = await readRevisions(ctx);
  const deleted = await readDeleted(ctx);
  const deletedIds = new Set(deleted.map((d) => d.id));
  const live = [...incoming.keys()].filter((id) => !deletedIds.has(id)).sort((a, b) => a - b);
  const changed: ChangedWorkItems = {
    incoming,
    relations: await readRelations(ctx, live),
    comments: await readComments(ctx, live, incoming),
  };
  const attachments = await downloadAttachments(ctx, changed);
  const { buckets, counts } = await writeBuckets(ctx, changed);
  const read = await readStructure(ctx.api, ctx.project.id);
  const structure = await ctx.content.putJson(read);
  const settings = await ctx.content.putJson(
    await readSettings(ctx.api, ctx.project.id, read.teams, {
      content: ctx.content,
      ...(ctx.previous?.settings ? { settings: ctx.previous.settings } : {}),
    }),
  );
  return {
    snapshot: {
      format: 1,
      watermark,
      buckets,
      attachments,
      structure,
      settings,
      deleted,
      counts: { ...counts, attachments: Object.keys(attachments).length },
    },
    changed: incoming.size,
    revisionsRead: revisions,
  };
}
