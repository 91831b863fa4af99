// Carries out a Boards restore plan in dependency order: areas and iterations, teams, attachments,
// work items (each revision replayed), then links, comments, queries and dashboards. A failed item is
// reported and the rest goes on; nothing on the target is deleted or overwritten.
import { mapBounded } from "../concurrency";
import type { ContentStore } from "../storage/content-store";
import type { BoardsApi, Fields, NodeValue, Relation } from "./boards-api";
import {
  fullRevisions,
  getBytes,
  type BoardsSettings,
  type BoardsSnapshot,
  type BoardsStructure,
  type StoredWorkItem,
} from "./boards-snapshot";
import { BoardSettingsApi } from "./board-settings";
import { planOnTarget, restoreBoard } from "./board-settings-restore";
import { ProcessApi } from "./process-api";
import { applyProcessRestore } from "./process-restore";
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
    dashboards: number;
    /** The inherited process, when one was created, and the customisations replayed on it. */
    processChanges: number;
    boards: number;
    plans: number;
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
  const structure = await ctx.content.getJson<BoardsStructure>(ctx.snapshot.structure);
  const settings = ctx.snapshot.settings
    ? await ctx.content.getJson<BoardsSettings>(ctx.snapshot.settings)
    : { teamBoards: [], plans: [] };
  const run = new BoardsRestoreRun(plan, ctx, structure);
  await run.process(settings);
  await run.nodes();
  await run.teams();
  await run.boards();
  await run.attachments();
  await run.workItems();
  await run.links();
  await run.comments();
  await run.queries();
  await run.dashboards();
  await run.plans();
  return run.result;
}

/** One restore under way: each step is a method; the result is what they created or failed. */
class BoardsRestoreRun {
  readonly result: BoardsRestoreResult = {
    workItems: new Map(),
    created: {
      nodes: 0,
      teams: 0,
      attachments: 0,
      links: 0,
      comments: 0,
      queries: 0,
      dashboards: 0,
      processChanges: 0,
      boards: 0,
      plans: 0,
    },
    failed: [],
  };
  private readonly rewriter: Rewriter;
  private readonly api: BoardsApi;
  private readonly target: string;
  private readonly concurrency: number;
  /** Backed-up query id → the id of the query created for it. */
  private readonly queryIds = new Map<string, string>();

  constructor(
    private readonly plan: BoardsRestorePlan,
    private readonly ctx: BoardsRestoreContext,
    private readonly structure: BoardsStructure,
  ) {
    this.rewriter = new Rewriter(plan.sourceProject, plan.targetProject.name, ctx.mapping);
    this.api = ctx.api;
    this.target = plan.targetProject.id;
    this.concurrency = ctx.concurrency ?? 4;
  }

  /** A failed item is reported and the rest goes on. */
  private async attempt(name: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (e) {
      this.result.failed.push({ name, reason: (e as Error).message });
    }
  }

  /** 0. The inherited process, when the target organization has none of that name. */
  async process(settings: BoardsSettings): Promise<void> {
    if (this.plan.process?.action !== "create" || !settings.process) return;
    const stored = settings.process;
    const attempt = this.attempt.bind(this);
    await this.attempt(`process ${this.plan.process.name}`, async () => {
      this.result.created.processChanges = await applyProcessRestore(
        new ProcessApi(this.api),
        this.plan.process as NonNullable<BoardsRestorePlan["process"]>,
        stored,
        attempt,
      );
    });
  }

  /** 1. Areas and iterations, parents first (the plan lists them in that order). */
  async nodes(): Promise<void> {
    for (const n of this.plan.nodes)
      await this.attempt(`${n.group} ${n.parent}\\${n.name}`, async () => {
        await this.api.createNode(this.target, n.group, n.parent, {
          name: n.name,
          ...(n.attributes ? { attributes: n.attributes } : {}),
        });
        this.result.created.nodes++;
      });
  }

  /** 2. Teams that do not exist yet, with their settings, area values and iterations. */
  async teams(): Promise<void> {
    const iterationIds = new Map<string, string>();
    for (const root of await this.api.classificationNodes(this.target))
      if (root.structureType === "iteration") nodePaths(root, iterationIds);
    for (const [i, t] of this.plan.teams.entries()) {
      const source = this.structure.teams[i];
      if (!t.create || !source) continue;
      await this.attempt(`team ${t.name}`, async () => {
        await this.api.createTeam(this.target, {
          name: t.name,
          ...(source.description ? { description: source.description } : {}),
        });
        // Iteration ids differ between projects: the team's iterations are added by path below.
        const { backlogIteration: _b, defaultIteration: _d, ...settings } = source.settings;
        await this.api.updateTeamSettings(this.target, t.name, settings);
        const values =
          (source.fieldValues.values as
            { value: string; includeChildren: boolean }[] | undefined) ?? [];
        await this.api.updateTeamFieldValues(this.target, t.name, {
          defaultValue: this.rewriter.path(
            String(source.fieldValues.defaultValue ?? this.plan.sourceProject),
          ),
          values: values.map((v) => ({ ...v, value: this.rewriter.path(v.value) })),
        });
        for (const it of source.iterations) {
          const id = iterationIds.get(this.rewriter.path(it.path).toLowerCase());
          if (id) await this.api.addTeamIteration(this.target, t.name, id);
        }
        this.result.created.teams++;
      });
    }
  }

  /** 2b. Columns, swimlanes and card fields of the boards of the teams this restore created. */
  async boards(): Promise<void> {
    const api = new BoardSettingsApi(this.api);
    for (const b of this.plan.boards.filter((x) => x.apply))
      await this.attempt(`board ${b.board.name} of ${b.team}`, async () => {
        await restoreBoard(api, this.target, b.team, b.board);
        this.result.created.boards++;
      });
  }

  /** 3. Attachments and inline images, re-uploaded; their new URLs rewrite links and HTML. */
  async attachments(): Promise<void> {
    await mapBounded(Object.entries(this.ctx.snapshot.attachments), this.concurrency, ([id, a]) =>
      this.attempt(`attachment ${a.name}`, async () => {
        const bytes = await getBytes(this.ctx.content, a.object);
        const uploaded = await this.api.uploadAttachment(this.target, a.name, bytes);
        this.rewriter.attachmentUrls.set(id, uploaded.url);
        this.result.created.attachments++;
      }),
    );
  }

  /** 4. Work items, each revision replayed in order with its original date and author. */
  async workItems(): Promise<void> {
    await mapBounded(this.plan.workItems, this.concurrency, (item) =>
      this.attempt(`work item ${item.id}`, async () => {
        this.result.workItems.set(
          item.id,
          await replay(this.api, this.target, this.rewriter, item),
        );
      }),
    );
  }

  /** 5. Links between restored work items (each pair once), attachments, hyperlinks. */
  async links(): Promise<void> {
    const added = new Set<string>();
    for (const item of this.plan.workItems) {
      const id = this.result.workItems.get(item.id);
      if (id === undefined) continue;
      const relations = (item.relations ?? []).flatMap((r) =>
        this.relationOnTarget(item.id, r, added),
      );
      if (relations.length === 0) continue;
      await this.attempt(`links of work item ${item.id}`, async () => {
        await this.api.updateWorkItem(
          this.target,
          id,
          relations.map((value) => ({ op: "add", path: "/relations/-", value })),
        );
        this.result.created.links += relations.length;
      });
    }
  }

  private relationOnTarget(from: number, r: Relation, added: Set<string>): Relation[] {
    const attributes = r.attributes ? { attributes: r.attributes } : {};
    const other = workItemIdOf(r.url);
    if (other !== undefined) {
      const otherNew = this.result.workItems.get(other);
      const key = linkKey(from, other, r.rel);
      if (otherNew === undefined || added.has(key)) return [];
      added.add(key);
      const base = this.api.organizationUrl.replace(/\/$/, "");
      return [{ rel: r.rel, url: `${base}/_apis/wit/workItems/${otherNew}`, ...attributes }];
    }
    const attachment = attachmentIdOf(r.url);
    if (attachment === undefined) return [r];
    const url = this.rewriter.attachmentUrls.get(attachment);
    return url ? [{ rel: r.rel, url, ...attributes }] : [];
  }

  /** 6. Comments, each beginning with its original author and time. */
  async comments(): Promise<void> {
    await mapBounded(this.plan.workItems, this.concurrency, async (item) => {
      const id = this.result.workItems.get(item.id);
      if (id === undefined) return;
      for (const c of item.comments.filter((x) => !x.isDeleted))
        await this.attempt(`comment ${c.id} of work item ${item.id}`, async () => {
          const author = c.createdBy?.displayName ?? c.createdBy?.uniqueName;
          const text = restoredCommentHtml(author, c.createdDate, this.rewriter.html(c.text));
          await this.api.addComment(this.target, id, text);
          this.result.created.comments++;
        });
    });
  }

  /** 7. Shared queries, folders before what they hold. */
  async queries(): Promise<void> {
    for (const q of this.plan.queries)
      await this.attempt(`query ${q.parent}/${q.name}`, async () => {
        const created = await this.api.createQuery(this.target, q.parent, {
          name: q.name,
          ...(q.isFolder ? { isFolder: true } : { wiql: q.wiql ?? "" }),
        });
        this.queryIds.set(q.sourceId, created.id);
        this.result.created.queries++;
      });
  }

  /** 8. Dashboards on their teams; widgets that show a backed-up query show the restored one. */
  async dashboards(): Promise<void> {
    for (const d of this.plan.dashboards)
      await this.attempt(`dashboard ${d.team}/${d.name}`, async () => {
        const widgets = ((d.source.widgets as Fields[] | undefined) ?? []).map((w) => {
          let settings = String(w.settings ?? "");
          for (const [from, to] of this.queryIds) settings = settings.split(from).join(to);
          const { id: _id, ...rest } = w;
          return { ...rest, settings };
        });
        await this.api.createDashboard(this.target, d.team, {
          name: d.name,
          description: d.source.description ?? "",
          refreshInterval: d.source.refreshInterval ?? 0,
          widgets,
        });
        this.result.created.dashboards++;
      });
  }

  /** 9. Delivery plans, over the same teams' backlogs on the target. */
  async plans(): Promise<void> {
    if (this.plan.plans.length === 0) return;
    const teamIds = await targetTeamIds(this.api, this.plan, this.structure);
    const api = new BoardSettingsApi(this.api);
    for (const p of this.plan.plans)
      await this.attempt(`delivery plan ${p.name}`, async () => {
        await api.createPlan(this.target, planOnTarget(p.source, p.name, teamIds));
        this.result.created.plans++;
      });
  }
}

/** The target team id of each backed-up team id (teams matched as the plan matched them). */
async function targetTeamIds(
  api: BoardsApi,
  plan: BoardsRestorePlan,
  structure: BoardsStructure,
): Promise<Map<string, string>> {
  const onTarget = await api.teams(plan.targetProject.id);
  const ids = new Map<string, string>();
  for (const [i, t] of structure.teams.entries()) {
    const name = plan.teams[i]?.name.toLowerCase();
    const found = onTarget.find((x) => x.name.toLowerCase() === name);
    if (found) ids.set(t.id, found.id);
  }
  return ids;
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
