// Work item comments (Comments API 7.1-preview.4) and attachments (upload as one simple request,
// download by id).
import { randomUUID } from "node:crypto";
import { BadRequest, readBody, type RouteTable } from "../server/http";
import type { CommentRecord, WorkItemRecord } from "./model";
import {
  addComment,
  callerIdentity,
  flag,
  identityRef,
  liveItem,
  notFound,
  param,
  projectOf,
  type BoardsContext,
} from "./wire";

/** Largest attachment a simple upload takes (130 MB, as documented for uploadType=Simple). */
export const MAX_ATTACHMENT_BYTES = 130 * 1024 * 1024;
const COMMENTS_PAGE = 200;

function wireComment(
  ctx: BoardsContext,
  item: WorkItemRecord,
  c: CommentRecord,
): Record<string, unknown> {
  return {
    workItemId: item.id,
    id: c.id,
    version: c.version,
    text: c.text,
    createdBy: identityRef(c.createdBy),
    createdDate: c.createdDate,
    modifiedBy: identityRef(c.modifiedBy),
    modifiedDate: c.modifiedDate,
    isDeleted: c.isDeleted,
    url: `${ctx.orgUrl()}/_apis/wit/workItems/${item.id}/comments/${c.id}`,
  };
}

export function addCommentAndAttachmentRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const comments = /^\/(?<project>[^/]+)\/_apis\/wit\/workitems\/(?<id>\d+)\/comments\/?$/i;

  routes.add("GET", comments, (route) => {
    const project = projectOf(ctx, route);
    const item = liveItem(ctx, project.id, Number(route.params.id));
    const all = item.comments.filter((c) => flag(route.url, "includeDeleted") || !c.isDeleted);
    const start = Number(param(route.url, "continuationToken") ?? 0);
    const top = Math.min(COMMENTS_PAGE, Number(param(route.url, "$top") ?? COMMENTS_PAGE));
    const page = all.slice(start, start + top);
    const more = start + top < all.length;
    return {
      status: 200,
      body: {
        totalCount: all.length,
        count: page.length,
        comments: page.map((c) => wireComment(ctx, item, c)),
        ...(more ? { continuationToken: String(start + top) } : {}),
      },
    };
  });

  routes.add("POST", comments, async (route) => {
    const project = projectOf(ctx, route);
    const item = liveItem(ctx, project.id, Number(route.params.id));
    const body = (await route.body()) as { text?: unknown } | undefined;
    if (typeof body?.text !== "string" || body.text === "")
      throw new BadRequest("A comment needs its text.");
    const org = ctx.boards();
    const who = callerIdentity(ctx, route);
    const when = new Date().toISOString();
    const comment = addComment(ctx, item, body.text, who, when);
    // A comment is also a revision of the work item (its History), as in the real service.
    const previous = String(org.fieldsAt(item, org.latestRev(item))["System.ChangedDate"] ?? "");
    org.addRevision(item, {
      "System.ChangedDate":
        when > previous ? when : new Date(Date.parse(previous) + 1).toISOString(),
      "System.ChangedBy": who,
      "System.History": body.text,
      "System.CommentCount": item.comments.filter((c) => !c.isDeleted).length,
    });
    return { status: 200, body: wireComment(ctx, item, comment) };
  });

  const attachments = /^(?:\/(?<project>[^/]+))?\/_apis\/wit\/attachments\/?$/i;
  routes.add("POST", attachments, async (route) => {
    if (route.params.project) projectOf(ctx, route);
    const fileName = param(route.url, "fileName");
    if (!fileName) throw new BadRequest("fileName is required.");
    const content = await readBody(route.req, MAX_ATTACHMENT_BYTES);
    const id = randomUUID();
    ctx.boards().attachments.set(id, { fileName, content });
    return {
      status: 201,
      body: {
        id,
        url: `${ctx.orgUrl()}/_apis/wit/attachments/${id}?fileName=${encodeURIComponent(fileName)}`,
      },
    };
  });

  routes.add(
    "GET",
    /^(?:\/(?<project>[^/]+))?\/_apis\/wit\/attachments\/(?<id>[0-9a-f-]{36})\/?$/i,
    (route) => {
      if (route.params.project) projectOf(ctx, route);
      const a = ctx.boards().attachments.get((route.params.id ?? "").toLowerCase());
      if (!a) throw notFound(`VS402175: The attachment ${route.params.id} was not found.`);
      const name = param(route.url, "fileName") ?? a.fileName;
      return {
        status: 200,
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Disposition": `attachment; filename="${name.replace(/"/g, "")}"`,
        },
        body: a.content,
      };
    },
  );
}
