// How the emulated Boards answer: work items, identities and URLs in the shapes of the work item
// tracking REST API 7.1 (emulator/CONTRACT.md "Boards").
import { BadRequest, type Reply, type RouteContext } from "../server/http";
import type { EmulatorState, ProjectRecord } from "../server/state";
import {
  ORG_URL,
  type BoardsOrganization,
  type CommentRecord,
  type Fields,
  type WorkItemRecord,
} from "./model";

/** HTML fields the reporting API leaves out unless asked with `$expand=fields`. */
export const LONG_TEXT_FIELDS = new Set([
  "System.Description",
  "System.History",
  "Microsoft.VSTS.TCM.ReproSteps",
  "Microsoft.VSTS.Common.AcceptanceCriteria",
]);

export interface BoardsContext {
  state: EmulatorState;
  boards: () => BoardsOrganization;
  orgUrl: () => string;
}

export function list(items: unknown[]): Reply {
  return { status: 200, body: { count: items.length, value: items } };
}

export function notFound(message: string): BadRequest {
  return new BadRequest(message, 404, "WorkItemUnauthorizedAccessException");
}

/** 409: a name already taken where it must be unique (a team, dashboard, process, field...). */
export function conflict(message: string, typeKey = "DuplicateNameException"): BadRequest {
  return new BadRequest(message, 409, typeKey);
}

/** A JSON body of a write, or 400 when there is none. */
export async function bodyOf<T>(route: RouteContext): Promise<Partial<T>> {
  const body = await route.body();
  if (typeof body !== "object" || body === null) throw new BadRequest("The request needs a body.");
  return body as Partial<T>;
}

export function projectOf(ctx: BoardsContext, route: RouteContext): ProjectRecord {
  const name = route.params.project ?? "";
  const p = ctx.state.findProject(name);
  if (!p)
    throw new BadRequest(
      `TF200016: The following project does not exist: ${name}.`,
      404,
      "ProjectDoesNotExistWithNameException",
    );
  return p;
}

/** Stored strings carry ORG_URL; answers carry this organization's URL. */
export function toWire<T>(ctx: BoardsContext, value: T): T {
  if (typeof value === "string")
    return (value.includes(ORG_URL) ? value.split(ORG_URL).join(ctx.orgUrl()) : value) as T;
  return value;
}

export function toStored(ctx: BoardsContext, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const url = ctx.orgUrl();
  return value.includes(url) ? value.split(url).join(ORG_URL) : value;
}

export function wireFields(ctx: BoardsContext, fields: Fields, only?: Set<string>): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) if (!only || only.has(k)) out[k] = toWire(ctx, v);
  return out;
}

export function workItemUrl(ctx: BoardsContext, id: number): string {
  return `${ctx.orgUrl()}/_apis/wit/workItems/${id}`;
}

export function wireWorkItem(
  ctx: BoardsContext,
  item: WorkItemRecord,
  options: { rev?: number; relations?: boolean; fields?: Set<string> } = {},
): Record<string, unknown> {
  const org = ctx.boards();
  const rev = options.rev ?? org.latestRev(item);
  return {
    id: item.id,
    rev,
    fields: wireFields(ctx, org.fieldsAt(item, rev), options.fields),
    ...(options.relations
      ? {
          relations: item.relations.map((r) => ({
            rel: r.rel,
            url: toWire(ctx, r.url),
            attributes: r.attributes,
          })),
        }
      : {}),
    url: workItemUrl(ctx, item.id),
  };
}

/** "Avery Admin <avery@…>" → the IdentityRef the comments API answers with. */
export function identityRef(identity: string): { displayName: string; uniqueName: string } {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(identity);
  return m
    ? { displayName: m[1] as string, uniqueName: m[2] as string }
    : { displayName: identity, uniqueName: identity };
}

export function callerIdentity(ctx: BoardsContext, route: RouteContext): string {
  const u = route.userId ? ctx.state.user(route.userId) : undefined;
  return u ? `${u.displayName} <${u.email}>` : "Anonymous <anonymous>";
}

export function flag(url: URL, name: string): boolean {
  return (url.searchParams.get(name) ?? "").toLowerCase() === "true";
}

/** A query parameter, matched case-insensitively as the real service does. */
export function param(url: URL, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function liveItem(
  ctx: BoardsContext,
  projectId: string | undefined,
  id: number,
): WorkItemRecord {
  const item = ctx.boards().items.get(id);
  if (!item || item.deleted || (projectId !== undefined && item.projectId !== projectId))
    throw notFound(
      `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
    );
  return item;
}

/** Adds a comment to a work item, numbered on from the organization's last, and returns it. */
export function addComment(
  ctx: BoardsContext,
  item: WorkItemRecord,
  text: string,
  who: string,
  when: string,
): CommentRecord {
  const comment: CommentRecord = {
    id: ctx.boards().nextCommentId++,
    text,
    createdBy: who,
    createdDate: when,
    modifiedBy: who,
    modifiedDate: when,
    version: 1,
    isDeleted: false,
  };
  item.comments.push(comment);
  return comment;
}
