// Applying a JSON patch document to a work item (Work Items - Create / Update), with the rules the
// real service enforces that matter to a restore: system dates and authors only with bypassRules,
// dates increasing with each revision, area and iteration paths that exist, links to work items
// and attachments that exist (and their reverse link on the other end).
import { BadRequest } from "../server/http";
import type {
  Fields,
  ProjectBoards,
  RelationRecord,
  WorkItemRecord,
  ClassificationNode,
} from "./model";
import { ORG_URL } from "./model";
import { callerIdentity, toStored, type BoardsContext } from "./wire";
import type { RouteContext } from "../server/http";

interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

const BYPASS_ONLY = new Set([
  "System.CreatedDate",
  "System.CreatedBy",
  "System.ChangedDate",
  "System.ChangedBy",
]);
const READ_ONLY = new Set(["System.Id", "System.Rev", "System.Watermark", "System.CommentCount"]);
const REVERSE: Record<string, string> = {
  "System.LinkTypes.Hierarchy-Forward": "System.LinkTypes.Hierarchy-Reverse",
  "System.LinkTypes.Hierarchy-Reverse": "System.LinkTypes.Hierarchy-Forward",
  "System.LinkTypes.Related": "System.LinkTypes.Related",
  "System.LinkTypes.Dependency-Forward": "System.LinkTypes.Dependency-Reverse",
  "System.LinkTypes.Dependency-Reverse": "System.LinkTypes.Dependency-Forward",
};

function ruleError(message: string): BadRequest {
  return new BadRequest(message, 400, "RuleValidationException");
}

export function operationsOf(body: unknown): PatchOperation[] {
  if (!Array.isArray(body) || body.some((o) => typeof o !== "object" || o === null))
    throw new BadRequest(
      "The request body must be a JSON patch document (an array of operations).",
    );
  return body as PatchOperation[];
}

export function pathExists(root: ClassificationNode, path: string): boolean {
  const parts = path.split("\\");
  if (parts[0]?.toLowerCase() !== root.name.toLowerCase()) return false;
  let node: ClassificationNode | undefined = root;
  for (const part of parts.slice(1))
    node = node?.children.find((c) => c.name.toLowerCase() === part.toLowerCase());
  return node !== undefined;
}

export interface PatchResult {
  changes: Fields;
  relations: RelationRecord[];
}

/** Reads the operations into field changes and added relations, validating them. */
export function readPatch(
  ctx: BoardsContext,
  route: RouteContext,
  project: ProjectBoards,
  item: WorkItemRecord | undefined,
  ops: PatchOperation[],
): PatchResult {
  const bypass = (route.url.searchParams.get("bypassRules") ?? "").toLowerCase() === "true";
  const changes: Fields = {};
  const relations: RelationRecord[] = [];
  for (const o of ops) {
    const op = o.op.toLowerCase();
    if (op === "test") continue;
    const field = /^\/fields\/(.+)$/.exec(o.path)?.[1];
    if (field !== undefined) {
      if (READ_ONLY.has(field))
        throw ruleError(`TF401320: Rule Error for field ${field}. Error code: ReadOnly.`);
      if (BYPASS_ONLY.has(field) && !bypass)
        throw ruleError(
          `TF401320: Rule Error for field ${field}. Error code: ReadOnly. Use bypassRules to set it.`,
        );
      changes[field] = op === "remove" ? null : toStored(ctx, o.value);
      continue;
    }
    if (o.path === "/relations/-" && op === "add") {
      const v = o.value as { rel?: string; url?: string; attributes?: Record<string, unknown> };
      if (!v?.rel || !v.url) throw new BadRequest("A relation needs rel and url.");
      relations.push({
        rel: v.rel,
        url: String(toStored(ctx, v.url)),
        attributes: v.attributes ?? {},
      });
      continue;
    }
    throw new BadRequest(`The patch operation ${o.op} ${o.path} is not supported here.`);
  }
  const now = new Date().toISOString();
  const who = callerIdentity(ctx, route);
  const previous = item ? ctx.boards().fieldsAt(item, ctx.boards().latestRev(item)) : undefined;
  const before = previous?.["System.ChangedDate"];
  // The service stamps a change it dates itself after the previous revision, even within a millisecond.
  changes["System.ChangedDate"] ??=
    typeof before === "string" && before >= now
      ? new Date(Date.parse(before) + 1).toISOString()
      : now;
  changes["System.ChangedBy"] ??= who;
  if (typeof before === "string" && String(changes["System.ChangedDate"]) <= before)
    throw ruleError(
      `VS402625: Dates must be increasing with each revision (${String(changes["System.ChangedDate"])} is not after ${before}).`,
    );
  for (const [field, root] of [
    ["System.AreaPath", project.areas],
    ["System.IterationPath", project.iterations],
  ] as const) {
    const value = changes[field];
    if (typeof value === "string" && !pathExists(root, value))
      throw ruleError(
        `TF401347: Invalid tree name given for work item ${item?.id ?? -1}, field '${field}'.`,
      );
  }
  for (const r of relations) checkRelation(ctx, item, r);
  return { changes, relations };
}

function linkedId(url: string): number | undefined {
  const m = new RegExp(`^${ORG_URL}/_apis/wit/workItems/(\\d+)$`, "i").exec(url);
  return m ? Number(m[1]) : undefined;
}

function checkRelation(
  ctx: BoardsContext,
  item: WorkItemRecord | undefined,
  r: RelationRecord,
): void {
  const org = ctx.boards();
  if (r.url.startsWith(ORG_URL)) {
    const id = linkedId(r.url);
    const attachment = /\/_apis\/wit\/attachments\/([0-9a-f-]{36})/i.exec(r.url)?.[1];
    if (id !== undefined && (!org.items.get(id) || org.items.get(id)?.deleted))
      throw new BadRequest(
        `TF201036: You cannot add a link to work item ${id}: it does not exist.`,
      );
    if (attachment && !org.attachments.has(attachment.toLowerCase()))
      throw new BadRequest(`The attachment ${attachment} does not exist.`);
  }
  if (item?.relations.some((x) => x.rel === r.rel && x.url === r.url))
    throw new BadRequest(`TF201035: The link ${r.rel} to ${r.url} already exists.`, 409);
}

/** Adds the relations, and the reverse link (with its own revision) on each linked work item. */
export function addRelations(
  ctx: BoardsContext,
  item: WorkItemRecord,
  relations: RelationRecord[],
  changedBy: string,
): void {
  const org = ctx.boards();
  for (const r of relations) {
    item.relations.push(r);
    const otherId = linkedId(r.url);
    const reverse = REVERSE[r.rel];
    const other = otherId !== undefined ? org.items.get(otherId) : undefined;
    if (!other || !reverse) continue;
    other.relations.push({
      rel: reverse,
      url: `${ORG_URL}/_apis/wit/workItems/${item.id}`,
      attributes: { ...r.attributes },
    });
    const previous = String(org.fieldsAt(other, org.latestRev(other))["System.ChangedDate"] ?? "");
    const now = new Date().toISOString();
    org.addRevision(other, {
      "System.ChangedDate": now > previous ? now : new Date(Date.parse(previous) + 1).toISOString(),
      "System.ChangedBy": changedBy,
    });
  }
}
