// A Boards restore plan: what an apply would create in the target project, in dependency order
// (areas and iterations, teams, attachments, work items with their history, links, comments,
// queries, dashboards; the process before them, boards after teams, delivery plans last), worked
// out by reading only. Restore only creates: an area, iteration, team, board or process that exists
// is used as it is and left unchanged; a query, dashboard or plan name already taken gets "-restored".
import type { ContentStore } from "../storage/content-store";
import type { BoardsApi, DeletedValue, NodeValue, QueryValue } from "./boards-api";
import {
  fullRevisions,
  type BoardsSettings,
  type BoardsSnapshot,
  type BoardsStructure,
  type StoredBucket,
  type StoredWorkItem,
} from "./boards-snapshot";
import {
  describeBoards,
  plannedBoards,
  plannedPlans,
  type PlannedBoard,
  type PlannedPlans,
} from "./board-settings-plan";
import { ProcessApi } from "./process-api";
import {
  describeProcessPlan,
  planProcessRestore,
  type ProcessRestorePlan,
} from "./process-restore";
import { Rewriter, type UserMapping } from "./rewrite";
import { freeName } from "../restore/free-name";

export interface PlannedNode {
  group: "areas" | "iterations";
  /** Parent path below the root, "\"-separated ("" for the root). */
  parent: string;
  name: string;
  attributes?: Record<string, unknown>;
}

export interface PlannedQuery {
  /** The backed-up query's id (widgets that show it are pointed at the new one). */
  sourceId: string;
  parent: string;
  name: string;
  wiql?: string;
  isFolder: boolean;
}

export interface PlannedDashboard {
  /** The team on the target. */
  team: string;
  name: string;
  source: Record<string, unknown>;
}

export interface BoardsRestorePlan {
  sourceProject: string;
  targetProject: { id: string; name: string };
  nodes: PlannedNode[];
  teams: { name: string; create: boolean }[];
  queries: PlannedQuery[];
  workItems: StoredWorkItem[];
  revisions: number;
  comments: number;
  attachments: number;
  links: number;
  deleted: DeletedValue[];
  process?: ProcessRestorePlan;
  boards: PlannedBoard[];
  plans: PlannedPlans;
  dashboards: PlannedDashboard[];
  unmappedIdentities: string[];
  caveats: string[];
}

export const BOARDS_CAVEATS = [
  "Work item ids are new; links between restored work items point at the new ids.",
  "Comment authors and times cannot be set through the API: each comment is posted by the restoring account and starts with its original author and time.",
  "Each revision is replayed with its original changed date and author (bypassRules); the service adds a revision for each link and comment added afterwards.",
  "Work items in the recycle bin at backup time are kept in the backup and not recreated.",
  "Existing areas, iterations and teams are used as they are: their settings and boards are not changed.",
];

function relative(path: string): string[] {
  // "\Project\Area\Web\Sub" → ["Web", "Sub"]
  return path
    .split("\\")
    .filter((p) => p !== "")
    .slice(2);
}

function missingNodes(
  source: NodeValue,
  target: NodeValue | undefined,
  group: PlannedNode["group"],
  out: PlannedNode[],
): void {
  for (const child of source.children ?? []) {
    const existing = target?.children?.find(
      (c) => c.name.toLowerCase() === child.name.toLowerCase(),
    );
    if (!existing)
      out.push({
        group,
        parent: relative(source.path).join("\\"),
        name: child.name,
        ...(child.attributes ? { attributes: child.attributes } : {}),
      });
    missingNodes(child, existing, group, out);
  }
}

function plannedQueries(
  folder: QueryValue,
  target: QueryValue | undefined,
  rewriter: Rewriter,
  parent: string,
  out: PlannedQuery[],
): void {
  const taken = new Set((target?.children ?? []).map((c) => c.name.toLowerCase()));
  for (const q of folder.children ?? []) {
    const existingFolder = q.isFolder
      ? target?.children?.find((c) => c.isFolder && c.name.toLowerCase() === q.name.toLowerCase())
      : undefined;
    if (q.isFolder && existingFolder) {
      plannedQueries(q, existingFolder, rewriter, `${parent}/${existingFolder.name}`, out);
      continue;
    }
    const name = freeName(q.name, taken);
    out.push({
      sourceId: q.id,
      parent,
      name,
      isFolder: Boolean(q.isFolder),
      ...(q.wiql ? { wiql: rewriter.wiql(q.wiql) } : {}),
    });
    if (q.isFolder) plannedQueries(q, undefined, rewriter, `${parent}/${name}`, out);
  }
}

/** Each team's dashboards, on the team it maps to; a name the team already has gets "-restored". */
async function plannedDashboards(
  api: BoardsApi,
  structure: BoardsStructure,
  target: { id: string; name: string },
  teams: { name: string; create: boolean }[],
): Promise<PlannedDashboard[]> {
  const out: PlannedDashboard[] = [];
  for (const entry of structure.dashboards ?? []) {
    const index = structure.teams.findIndex((t) => t.name === entry.team);
    const team = teams[index];
    if (!team) continue;
    const existing = team.create ? [] : await api.dashboards(target.id, team.name);
    const taken = new Set(existing.map((d) => String(d.name).toLowerCase()));
    for (const d of entry.dashboards)
      out.push({ team: team.name, name: freeName(String(d.name), taken), source: d });
  }
  return out;
}

/** Snapshots made before processes were backed up kept only the process's name. */
function recordedProcess(structure: BoardsStructure): ProcessRestorePlan | undefined {
  if (!structure.process) return undefined;
  return {
    name: String(structure.process.process.name ?? structure.process.typeId),
    action: "system",
    lines: ["recorded only: this backup was made before processes were backed up"],
  };
}

export async function planBoardsRestore(
  content: ContentStore,
  snapshot: BoardsSnapshot,
  api: BoardsApi,
  selection: {
    sourceProject: string;
    targetProject: { id: string; name: string };
    mapping: UserMapping;
  },
): Promise<BoardsRestorePlan> {
  const structure = await content.getJson<BoardsStructure>(snapshot.structure);
  const target = selection.targetProject;
  const rewriter = new Rewriter(selection.sourceProject, target.name, selection.mapping);
  const [targetNodes, targetTeams, targetQueries] = await Promise.all([
    api.classificationNodes(target.id),
    api.teams(target.id),
    api.sharedQueries(target.id),
  ]);
  const nodes: PlannedNode[] = [];
  for (const root of structure.nodes) {
    const group = root.structureType === "area" ? "areas" : "iterations";
    missingNodes(
      root,
      targetNodes.find((n) => n.structureType === root.structureType),
      group,
      nodes,
    );
  }
  const defaultSource = `${selection.sourceProject} Team`.toLowerCase();
  const teams = structure.teams.map((t) => {
    const name = t.name.toLowerCase() === defaultSource ? `${target.name} Team` : t.name;
    return { name, create: !targetTeams.some((x) => x.name.toLowerCase() === name.toLowerCase()) };
  });
  const queries: PlannedQuery[] = [];
  if (structure.sharedQueries)
    plannedQueries(structure.sharedQueries, targetQueries, rewriter, "Shared Queries", queries);

  const deletedIds = new Set(snapshot.deleted.map((d) => d.id));
  const workItems: StoredWorkItem[] = [];
  for (const sha of Object.values(snapshot.buckets)) {
    const bucket = await content.getJson<StoredBucket>(sha);
    for (const item of Object.values(bucket)) if (!deletedIds.has(item.id)) workItems.push(item);
  }
  workItems.sort((a, b) => a.id - b.id);
  let revisions = 0;
  let comments = 0;
  let links = 0;
  for (const item of workItems) {
    revisions += item.revisions.length;
    comments += item.comments.filter((c) => !c.isDeleted).length;
    links += item.relations?.length ?? 0;
    for (const r of fullRevisions(item)) rewriter.fields(r.fields);
  }
  const settings: BoardsSettings = snapshot.settings
    ? await content.getJson<BoardsSettings>(snapshot.settings)
    : { teamBoards: [], plans: [] };
  const process = snapshot.settings
    ? await planProcessRestore(new ProcessApi(api), settings.process, target.id)
    : recordedProcess(structure);
  return {
    sourceProject: selection.sourceProject,
    ...(process ? { process } : {}),
    boards: await plannedBoards(api, structure, settings, target, teams),
    plans: await plannedPlans(api, settings, target),
    dashboards: await plannedDashboards(api, structure, target, teams),
    targetProject: target,
    nodes,
    teams,
    queries,
    workItems,
    revisions,
    comments,
    attachments: Object.keys(snapshot.attachments).length,
    links,
    deleted: snapshot.deleted,
    unmappedIdentities: [...rewriter.unmapped].sort(),
    caveats: BOARDS_CAVEATS,
  };
}

export function describeBoardsPlan(plan: BoardsRestorePlan): string[] {
  const lines = [`Restore Boards of ${plan.sourceProject} into ${plan.targetProject.name}:`];
  for (const n of plan.nodes)
    lines.push(
      `  create ${n.group === "areas" ? "area" : "iteration"} ${[plan.targetProject.name, n.parent, n.name].filter((p) => p !== "").join("\\")}`,
    );
  for (const t of plan.teams)
    lines.push(
      t.create
        ? `  create team ${t.name} with its settings`
        : `  use existing team ${t.name} (settings left as they are)`,
    );
  lines.push(
    `  upload ${plan.attachments} attachments and inline images`,
    `  create ${plan.workItems.length} work items replaying ${plan.revisions} revisions`,
    `  add ${plan.links} links and attachments, ${plan.comments} comments`,
  );
  for (const q of plan.queries)
    lines.push(`  create ${q.isFolder ? "query folder" : "query"} ${q.parent}/${q.name}`);
  if (plan.process) lines.push(...describeProcessPlan(plan.process, plan.targetProject.name));
  lines.push(...describeBoards(plan));
  for (const d of plan.dashboards)
    lines.push(
      `  create dashboard ${d.name} of ${d.team} with ${(d.source.widgets as unknown[] | undefined)?.length ?? 0} widgets (query widgets show the restored queries)`,
    );
  for (const d of plan.deleted)
    lines.push(`  skip work item ${d.id} (${d.name ?? ""}): in the recycle bin at backup time`);
  if (plan.unmappedIdentities.length > 0)
    lines.push(
      `  note: ${plan.unmappedIdentities.length} people have no entry in the user mapping and are written as they were: ${plan.unmappedIdentities.join(", ")}`,
    );
  for (const c of plan.caveats) lines.push(`  note: ${c}`);
  return lines;
}
