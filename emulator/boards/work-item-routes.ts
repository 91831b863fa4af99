// Work items: the reporting revisions API (watermark paging), batch and list reads (at most 200
// ids), one item, its revisions, create and update by JSON patch, delete to the recycle bin, and
// the recycle bin itself.
import { BadRequest, type RouteContext, type RouteTable } from "../server/http";
import type { Fields, WorkItemRecord } from "./model";
import type { Ensure } from "./project-teams";
import { addRelations, operationsOf, readPatch } from "./patch";
import {
  LONG_TEXT_FIELDS,
  addComment,
  callerIdentity,
  flag,
  list,
  liveItem,
  notFound,
  param,
  projectOf,
  wireFields,
  wireWorkItem,
  workItemUrl,
  type BoardsContext,
} from "./wire";

/** Largest batch of ids the batch and list reads take (documented: "Maximum 200"). */
export const MAX_BATCH_IDS = 200;
/** Reporting page sizes: default, and the largest `$maxPageSize` answered (our assumption). */
export const DEFAULT_REPORTING_PAGE = 200;
export const MAX_REPORTING_PAGE = 1000;

const P = String.raw`^/(?<project>[^/]+)`;
const OPT_P = String.raw`^(?:/(?<project>[^/]+))?`;

function optionalProjectId(ctx: BoardsContext, route: RouteContext): string | undefined {
  return route.params.project ? projectOf(ctx, route).id : undefined;
}

/** The live work item a route's `{id}` names, in its `{project}` when the path has one. */
function itemOf(ctx: BoardsContext, route: RouteContext): WorkItemRecord {
  return liveItem(ctx, optionalProjectId(ctx, route), Number(route.params.id));
}

/** `read()`, or null when it fails and the caller asked errors to be omitted. */
function orNullIf<T>(omit: boolean, read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (omit) return null;
    throw e;
  }
}

function expandsRelations(value: unknown): boolean {
  return ["relations", "all", "1", "4"].includes(String(value ?? "").toLowerCase());
}

function reporting(
  ctx: BoardsContext,
  route: RouteContext,
  body: { fields?: string[]; includeDeleted?: boolean; types?: string[] },
) {
  const project = projectOf(ctx, route);
  const org = ctx.boards();
  const url = route.url;
  const token = param(url, "continuationToken");
  let position = token ? Number(token) : 0;
  if (!Number.isInteger(position) || position < 0 || position > org.log.length)
    throw new BadRequest(`The continuation token ${token ?? ""} is not valid.`);
  const asked = Number(param(url, "$maxPageSize") ?? DEFAULT_REPORTING_PAGE);
  const pageSize = Math.max(
    1,
    Math.min(MAX_REPORTING_PAGE, Number.isFinite(asked) ? asked : DEFAULT_REPORTING_PAGE),
  );
  const includeDeleted = body.includeDeleted ?? flag(url, "includeDeleted");
  const expand = (param(url, "$expand") ?? "").toLowerCase();
  const allFields = expand === "fields" || expand === "1";
  const fieldList =
    body.fields ??
    param(url, "fields")
      ?.split(",")
      .filter((f) => f !== "");
  const only = fieldList && fieldList.length > 0 ? new Set(fieldList) : undefined;
  const types =
    body.types ??
    param(url, "types")
      ?.split(",")
      .filter((t) => t !== "");
  const values: Record<string, unknown>[] = [];
  while (position < org.log.length && values.length < pageSize) {
    const entry = org.log[position++]!;
    const item = org.items.get(entry.id);
    if (!item || item.projectId !== project.id || (item.deleted && !includeDeleted)) continue;
    const fields = org.fieldsAt(item, entry.rev);
    if (types && !types.includes(String(fields["System.WorkItemType"]))) continue;
    const shown: Fields = {};
    for (const [k, v] of Object.entries(wireFields(ctx, fields, only)))
      if (allFields || only || !LONG_TEXT_FIELDS.has(k)) shown[k] = v;
    values.push({ id: item.id, rev: entry.rev, fields: shown });
  }
  const isLastBatch = position >= org.log.length;
  const next = new URL(url.toString());
  next.searchParams.set("continuationToken", String(position));
  return {
    status: 200,
    body: { values, nextLink: next.toString(), continuationToken: String(position), isLastBatch },
  };
}

function batchIds(ids: unknown): number[] {
  const list = (Array.isArray(ids) ? ids : String(ids ?? "").split(",")).map(Number);
  if (list.length === 0 || list.some((n) => !Number.isInteger(n)))
    throw new BadRequest("ids must be a list of work item ids.");
  if (list.length > MAX_BATCH_IDS)
    throw new BadRequest(
      `VS403474: The number of work items requested (${list.length}) is more than the maximum of ${MAX_BATCH_IDS}.`,
    );
  return list;
}

function readMany(
  ctx: BoardsContext,
  route: RouteContext,
  ids: number[],
  options: { expand?: unknown; fields?: string[]; errorPolicy?: string },
) {
  const projectId = optionalProjectId(ctx, route);
  const omit = (options.errorPolicy ?? "").toLowerCase() === "omit";
  const only = options.fields && options.fields.length > 0 ? new Set(options.fields) : undefined;
  const relations = expandsRelations(options.expand);
  const read = (id: number) =>
    wireWorkItem(ctx, liveItem(ctx, projectId, id), {
      relations,
      ...(only ? { fields: only } : {}),
    });
  return list(ids.map((id) => orNullIf(omit, () => read(id))));
}

/** Applies a patch as one new revision (the item's first, when creating). */
function saveRevision(
  ctx: BoardsContext,
  route: RouteContext,
  item: WorkItemRecord,
  changes: Fields,
  relations: ReturnType<typeof readPatch>["relations"],
): void {
  const org = ctx.boards();
  const who = String(changes["System.ChangedBy"]);
  if (typeof changes["System.History"] === "string" && changes["System.History"] !== "") {
    // The real service turns a History value into a comment written by the caller, now.
    addComment(
      ctx,
      item,
      changes["System.History"],
      callerIdentity(ctx, route),
      new Date().toISOString(),
    );
    changes["System.CommentCount"] = item.comments.filter((c) => !c.isDeleted).length;
  }
  org.addRevision(item, changes);
  addRelations(ctx, item, relations, who);
}

function addReportingRoutes(routes: RouteTable, ctx: BoardsContext): void {
  const reportingPath = new RegExp(`${P}/_apis/wit/reporting/workitemrevisions/?$`, "i");
  routes.add("GET", reportingPath, (route) => reporting(ctx, route, {}));
  routes.add("POST", reportingPath, async (route) =>
    reporting(ctx, route, ((await route.body()) ?? {}) as { fields?: string[] }),
  );
}

function addReadRoutes(routes: RouteTable, ctx: BoardsContext): void {
  routes.add("POST", new RegExp(`${OPT_P}/_apis/wit/workitemsbatch/?$`, "i"), async (route) => {
    const body = ((await route.body()) ?? {}) as {
      ids?: unknown;
      fields?: string[];
      $expand?: unknown;
      errorPolicy?: string;
    };
    return readMany(ctx, route, batchIds(body.ids), {
      expand: body.$expand,
      ...(body.fields ? { fields: body.fields } : {}),
      ...(body.errorPolicy ? { errorPolicy: body.errorPolicy } : {}),
    });
  });

  routes.add("GET", new RegExp(`${OPT_P}/_apis/wit/workitems/?$`, "i"), (route) => {
    const fields = param(route.url, "fields")?.split(",");
    const errorPolicy = param(route.url, "errorPolicy");
    return readMany(ctx, route, batchIds(param(route.url, "ids")), {
      expand: param(route.url, "$expand"),
      ...(fields ? { fields } : {}),
      ...(errorPolicy ? { errorPolicy } : {}),
    });
  });

  routes.add("GET", new RegExp(`${OPT_P}/_apis/wit/workitems/(?<id>\\d+)/?$`, "i"), (route) => ({
    status: 200,
    body: wireWorkItem(ctx, itemOf(ctx, route), {
      relations: expandsRelations(param(route.url, "$expand")),
    }),
  }));

  routes.add(
    "GET",
    new RegExp(`${OPT_P}/_apis/wit/workitems/(?<id>\\d+)/revisions/?$`, "i"),
    (route) => {
      const item = itemOf(ctx, route);
      const skip = Number(param(route.url, "$skip") ?? 0);
      const top = Math.min(200, Number(param(route.url, "$top") ?? 200));
      return list(
        item.revisions.slice(skip, skip + top).map((r) => wireWorkItem(ctx, item, { rev: r.rev })),
      );
    },
  );
}

/** A new work item's first revision: what the service sets, then what the patch says. */
function firstRevision(
  item: WorkItemRecord,
  project: { name: string },
  type: string | undefined,
  changes: Fields,
): Fields {
  return {
    "System.Id": item.id,
    "System.WorkItemType": type,
    "System.TeamProject": project.name,
    "System.AreaPath": project.name,
    "System.IterationPath": project.name,
    "System.State": "New",
    "System.Reason": "New",
    "System.CreatedDate": String(changes["System.ChangedDate"]),
    "System.CreatedBy": changes["System.ChangedBy"],
    "System.CommentCount": 0,
    ...changes,
  };
}

function addWriteRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  routes.add(
    "POST",
    new RegExp(`${P}/_apis/wit/workitems/\\$(?<type>[^/]+)/?$`, "i"),
    async (route) => {
      const project = projectOf(ctx, route);
      const boards = ensure(project.id, project.name);
      const patch = operationsOf(await route.body());
      const { changes, relations } = readPatch(ctx, route, boards, undefined, patch);
      const org = ctx.boards();
      const item = org.newWorkItem(project.id);
      org.items.set(item.id, item);
      saveRevision(
        ctx,
        route,
        item,
        firstRevision(item, project, route.params.type, changes),
        relations,
      );
      return { status: 200, body: wireWorkItem(ctx, item, { relations: true }) };
    },
  );

  routes.add(
    "PATCH",
    new RegExp(`${OPT_P}/_apis/wit/workitems/(?<id>\\d+)/?$`, "i"),
    async (route) => {
      const item = itemOf(ctx, route);
      const boards = ctx.boards().projects.get(item.projectId);
      if (!boards) throw notFound(`The project of work item ${item.id} has no Boards.`);
      const patch = operationsOf(await route.body());
      const { changes, relations } = readPatch(ctx, route, boards, item, patch);
      saveRevision(ctx, route, item, changes, relations);
      return { status: 200, body: wireWorkItem(ctx, item, { relations: true }) };
    },
  );

  routes.add("DELETE", new RegExp(`${OPT_P}/_apis/wit/workitems/(?<id>\\d+)/?$`, "i"), (route) => {
    const item = itemOf(ctx, route);
    item.deleted = { by: callerIdentity(ctx, route), date: new Date().toISOString() };
    return { status: 200, body: deletedReference(ctx, item) };
  });
}

function addRecycleBinRoutes(routes: RouteTable, ctx: BoardsContext): void {
  routes.add("GET", new RegExp(`${P}/_apis/wit/recyclebin/?$`, "i"), (route) => {
    const project = projectOf(ctx, route);
    const ids = param(route.url, "ids");
    const deleted = [...ctx.boards().items.values()].filter(
      (w) => w.projectId === project.id && w.deleted,
    );
    if (ids) {
      const wanted = new Set(batchIds(ids));
      return list(deleted.filter((w) => wanted.has(w.id)).map((w) => deletedReference(ctx, w)));
    }
    return list(
      deleted.map((w) => ({ id: w.id, url: `${ctx.orgUrl()}/_apis/wit/recycleBin/${w.id}` })),
    );
  });

  routes.add("GET", new RegExp(`${P}/_apis/wit/recyclebin/(?<id>\\d+)/?$`, "i"), (route) => {
    const project = projectOf(ctx, route);
    const item = ctx.boards().items.get(Number(route.params.id));
    if (!item?.deleted || item.projectId !== project.id)
      throw notFound(`TF401232: Work item ${route.params.id} is not in the recycle bin.`);
    return {
      status: 200,
      body: {
        ...deletedReference(ctx, item),
        resource: wireWorkItem(ctx, item, { relations: true }),
      },
    };
  });
}

export function addWorkItemRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  addReportingRoutes(routes, ctx);
  addReadRoutes(routes, ctx);
  addWriteRoutes(routes, ctx, ensure);
  addRecycleBinRoutes(routes, ctx);
}

function deletedReference(ctx: BoardsContext, item: WorkItemRecord): Record<string, unknown> {
  const fields = ctx.boards().fieldsAt(item, ctx.boards().latestRev(item));
  return {
    id: item.id,
    code: 200,
    deletedBy: item.deleted?.by,
    deletedDate: item.deleted?.date,
    name: fields["System.Title"],
    project: fields["System.TeamProject"],
    type: fields["System.WorkItemType"],
    url: workItemUrl(ctx, item.id),
  };
}
