// Carries out a Boards restore plan in dependency order: areas and iterations, teams, attachments,
// work items (each revision replayed), then links, comments and queries. A failed item is
// reported and the rest goes on; nothing on the target is deleted or overwritten.
import { mapBounded } from "../concurrency";
import type { ContentStore } from "../storage/content-store";
import type { BoardsApi, Fields, NodeValue, Relation } from "./boards-api";
import {
  fullRevisions,
  getBytes,
  type BoardsSnapshot,
  type BoardsStructure,
  type StoredWorkItem,
} from "./boards-snapshot";
import type { BoardsRestorePlan } from "./restore-plan";
import { Rewriter, attachmentIdOf, isWritten, workItemIdOf, type UserMapping } from "./rewrite";

export interface BoardsRestoreResult {
  /** Source work item id → the id it has on the target. */
  workItems: Map<number, number>;
  created: {
    nodes: number;
    teams: number;
    attachments: number;
    links: number;
    comments: number;
    queries: number;
  };
  failed: { name: string; reason: string }[];
}

export interface BoardsRestoreContext {
  api: BoardsApi;
  content: ContentStore;
  snapshot: BoardsSnapshot;
  mapping: UserMapping;
  /** Work items restored at once; default 4 (each one's revisions stay in order). */
  concurrency?: number;
}

function when(iso: string | undefined): string {
  return iso
    ? iso
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC")
        .replace(/Z$/, " UTC")
    : "an unknown time";
}

export function restoredCommentHtml(
  author: string | undefined,
  createdDate: string | undefined,
  text: string,
): string {
  return `<p><i>Originally written by ${author ?? "an unknown user"} on ${when(createdDate)}:</i></p>${text}`;
}

function patchOf(fields: Fields): { op: string; path: string; value?: unknown }[] {
  return Object.entries(fields).map(([k, v]) =>
    v === null
      ? { op: "remove", path: `/fields/${k}` }
      : { op: "add", path: `/fields/${k}`, value: v },
  );
}

/** Canonical key of a link between two work items, so a pair is added once (the service adds the reverse). */
function linkKey(a: number, b: number, rel: string): string {
  const forward = rel.replace(/-Reverse$/, "-Forward");
  const [from, to] = rel.endsWith("-Reverse")
    ? [b, a]
    : rel.endsWith("-Forward")
      ? [a, b]
      : [Math.min(a, b), Math.max(a, b)];
  return `${from}>${to}:${forward}`;
}

function nodePaths(node: NodeValue, out = new Map<string, string>()): Map<string, string> {
  // "\Project\Iteration\Release 1" → "Project\Release 1"
  const parts = node.path.split("\\").filter((p) => p !== "");
  out.set([parts[0], ...parts.slice(2)].join("\\").toLowerCase(), node.identifier);
  for (const c of node.children ?? []) nodePaths(c, out);
  return out;
}

export async function applyBoardsRestore(
  plan: BoardsRestorePlan,
  ctx: BoardsRestoreContext,
): Promise<BoardsRestoreResult> {
  const { api, content, snapshot } = ctx;
  const target = plan.targetProject;
  const structure = await content.getJson<BoardsStructure>(snapshot.structure);
  const rewriter = new Rewriter(plan.sourceProject, target.name, ctx.mapping);
  const result: BoardsRestoreResult = {
    workItems: new Map(),
    created: { nodes: 0, teams: 0, attachments: 0, links: 0, comments: 0, queries: 0 },
    failed: [],
  };
  const attempt = async (name: string, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (e) {
      result.failed.push({ name, reason: (e as Error).message });
    }
  };

  // 1. Areas and iterations, parents first (the plan lists them in that order).
  for (const n of plan.nodes)
    await attempt(`${n.group} ${n.parent}\\${n.name}`, async () => {
      await api.createNode(target.id, n.group, n.parent, {
        name: n.name,
        ...(n.attributes ? { attributes: n.attributes } : {}),
      });
      result.created.nodes++;
    });

  // 2. Teams that do not exist yet, with their settings, area values and iterations.
  const iterationIds = new Map<string, string>();
  for (const root of await api.classificationNodes(target.id))
    if (root.structureType === "iteration") nodePaths(root, iterationIds);
  for (const [i, t] of plan.teams.entries()) {
    const source = structure.teams[i];
    if (!t.create || !source) continue;
    await attempt(`team ${t.name}`, async () => {
      await api.createTeam(target.id, {
        name: t.name,
        ...(source.description ? { description: source.description } : {}),
      });
      const { backlogIteration: _b, defaultIteration: _d, ...settings } = source.settings;
      await api.updateTeamSettings(target.id, t.name, settings);
      const values =
        (source.fieldValues.values as { value: string; includeChildren: boolean }[] | undefined) ??
        [];
      await api.updateTeamFieldValues(target.id, t.name, {
        defaultValue: rewriter.path(String(source.fieldValues.defaultValue ?? plan.sourceProject)),
        values: values.map((v) => ({ ...v, value: rewriter.path(v.value) })),
      });
      for (const it of source.iterations) {
        const id = iterationIds.get(rewriter.path(it.path).toLowerCase());
        if (id) await api.addTeamIteration(target.id, t.name, id);
      }
      result.created.teams++;
    });
  }

  // 3. Attachments and inline images, re-uploaded; their new URLs rewrite links and HTML.
  await mapBounded(Object.entries(snapshot.attachments), ctx.concurrency ?? 4, ([id, a]) =>
    attempt(`attachment ${a.name}`, async () => {
      const uploaded = await api.uploadAttachment(
        target.id,
        a.name,
        await getBytes(content, a.object),
      );
      rewriter.attachmentUrls.set(id, uploaded.url);
      result.created.attachments++;
    }),
  );

  // 4. Work items, each revision replayed in order with its original date and author.
  await mapBounded(plan.workItems, ctx.concurrency ?? 4, (item) =>
    attempt(`work item ${item.id}`, async () => {
      result.workItems.set(item.id, await replay(api, target.id, rewriter, item));
    }),
  );

  // 5. Links and attachments, once both ends exist; then 6. comments.
  const added = new Set<string>();
  for (const item of plan.workItems) {
    const id = result.workItems.get(item.id);
    if (id === undefined) continue;
    const relations: Relation[] = [];
    for (const r of item.relations ?? []) {
      const other = workItemIdOf(r.url);
      if (other !== undefined) {
        const otherNew = result.workItems.get(other);
        const key = linkKey(item.id, other, r.rel);
        if (otherNew === undefined || added.has(key)) continue;
        added.add(key);
        relations.push({
          rel: r.rel,
          url: `${api.organizationUrl.replace(/\/$/, "")}/_apis/wit/workItems/${otherNew}`,
          ...(r.attributes ? { attributes: r.attributes } : {}),
        });
        continue;
      }
      const attachment = attachmentIdOf(r.url);
      if (attachment) {
        const url = rewriter.attachmentUrls.get(attachment);
        if (url)
          relations.push({
            rel: r.rel,
            url,
            ...(r.attributes ? { attributes: r.attributes } : {}),
          });
        continue;
      }
      relations.push(r);
    }
    if (relations.length > 0)
      await attempt(`links of work item ${item.id}`, async () => {
        await api.updateWorkItem(
          target.id,
          id,
          relations.map((value) => ({ op: "add", path: "/relations/-", value })),
        );
        result.created.links += relations.length;
      });
  }
  await mapBounded(plan.workItems, ctx.concurrency ?? 4, async (item) => {
    const id = result.workItems.get(item.id);
    if (id === undefined) return;
    for (const c of item.comments.filter((x) => !x.isDeleted))
      await attempt(`comment ${c.id} of work item ${item.id}`, async () => {
        const author = c.createdBy?.displayName ?? c.createdBy?.uniqueName;
        await api.addComment(
          target.id,
          id,
          restoredCommentHtml(author, c.createdDate, rewriter.html(c.text)),
        );
        result.created.comments++;
      });
  });

  // 7. Shared queries, folders before what they hold.
  for (const q of plan.queries)
    await attempt(`query ${q.parent}/${q.name}`, async () => {
      await api.createQuery(target.id, q.parent, {
        name: q.name,
        ...(q.isFolder ? { isFolder: true } : { wiql: q.wiql ?? "" }),
      });
      result.created.queries++;
    });
  return result;
}

async function replay(
  api: BoardsApi,
  project: string,
  rewriter: Rewriter,
  item: StoredWorkItem,
): Promise<number> {
  const revisions = fullRevisions(item);
  const first = revisions[0];
  if (!first) throw new Error("no revisions were backed up");
  const type = String(first.fields["System.WorkItemType"] ?? "Task");
  const { "System.WorkItemType": _type, ...fields } = rewriter.fields(first.fields);
  const created = await api.createWorkItem(project, type, patchOf(fields));
  let before = rewriter.fields(first.fields);
  for (const r of revisions.slice(1)) {
    const now = rewriter.fields(r.fields);
    const changes: Fields = {};
    for (const [k, v] of Object.entries(now))
      if (JSON.stringify(before[k]) !== JSON.stringify(v)) changes[k] = v;
    for (const k of Object.keys(before)) if (!(k in now) && isWritten(k)) changes[k] = null;
    changes["System.ChangedDate"] = now["System.ChangedDate"];
    changes["System.ChangedBy"] = now["System.ChangedBy"];
    delete changes["System.WorkItemType"];
    await api.updateWorkItem(project, created.id, patchOf(changes));
    before = now;
  }
  return created.id;
}
