// A project's shared queries (folders and queries, `$depth` at most 2 as documented) and the tags
// its work items carry (learn.microsoft.com/rest/api/azure/devops/wit/queries, …/wit/tags).
import { createHash, randomUUID } from "node:crypto";
import { BadRequest, type RouteTable } from "../server/http";
import type { QueryRecord } from "./model";
import { boardsOf, type Ensure } from "./project-teams";
import { findByNames, findWithPath } from "./tree";
import { conflict, list, notFound, param, type BoardsContext } from "./wire";

/** Deepest `$depth` the queries API answers (documented maximum 2). */
export const MAX_QUERY_DEPTH = 2;

/** How a query is shown: at which path, how many levels below, with its WIQL or not. */
interface QueryView {
  path: string;
  depth: number;
  wiql: boolean;
}

function wireQuery(q: QueryRecord, view: QueryView): Record<string, unknown> {
  return {
    id: q.id,
    name: q.name,
    path: view.path,
    isFolder: q.isFolder,
    hasChildren: q.children.length > 0,
    isPublic: true,
    ...(q.wiql && view.wiql ? { wiql: q.wiql, queryType: "flat" } : {}),
    ...(view.depth > 0 && q.children.length > 0
      ? {
          children: q.children.map((c) =>
            wireQuery(c, { ...view, path: `${view.path}/${c.name}`, depth: view.depth - 1 }),
          ),
        }
      : {}),
  };
}

const childrenOf = (q: QueryRecord): QueryRecord[] => q.children;

function findQuery(
  root: QueryRecord,
  idOrPath: string,
): { node: QueryRecord; path: string } | undefined {
  const byId = findWithPath(
    root,
    childrenOf,
    (q) => q.id.toLowerCase() === idOrPath.toLowerCase(),
    "/",
  );
  if (byId) return byId;
  const parts = idOrPath.split("/").filter((p) => p !== "");
  if (parts[0]?.toLowerCase() !== root.name.toLowerCase()) return undefined;
  const node = findByNames(root, childrenOf, parts.slice(1));
  return node ? { node, path: parts.join("/") } : undefined;
}

const MY_QUERIES = {
  id: "00000000-0000-0000-0000-00000000a11e",
  name: "My Queries",
  path: "My Queries",
  isFolder: true,
  hasChildren: false,
  isPublic: false,
};

export function addQueryRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  const queries = /^\/(?<project>[^/]+)\/_apis\/wit\/queries(?<path>\/.*)?$/i;
  routes.add("GET", queries, (route) => {
    const { boards } = boardsOf(ctx, route, ensure);
    const depth = Math.min(MAX_QUERY_DEPTH, Number(param(route.url, "$depth") ?? 0));
    const expand = (param(route.url, "$expand") ?? "").toLowerCase();
    const wiql = expand === "wiql" || expand === "all";
    const path = (route.params.path ?? "").replace(/^\//, "");
    const shared = boards.sharedQueries;
    if (path === "")
      return list([MY_QUERIES, wireQuery(shared, { path: shared.name, depth, wiql })]);
    const found = findQuery(shared, path);
    if (!found) throw notFound(`TF401243: The query ${path} does not exist.`);
    return { status: 200, body: wireQuery(found.node, { path: found.path, depth, wiql }) };
  });
  routes.add("POST", queries, async (route) => {
    const { boards } = boardsOf(ctx, route, ensure);
    const path = (route.params.path ?? "").replace(/^\//, "");
    const parent = findQuery(boards.sharedQueries, path);
    if (!parent?.node.isFolder) throw notFound(`TF401243: The folder ${path} does not exist.`);
    const body = (await route.body()) as { name?: string; wiql?: string; isFolder?: boolean };
    if (!body?.name || (!body.isFolder && !body.wiql))
      throw new BadRequest("A query needs a name and wiql (or isFolder).");
    if (parent.node.children.some((c) => c.name.toLowerCase() === body.name?.toLowerCase()))
      throw conflict(`TF237018: The name ${body.name} is already used in ${parent.path}.`);
    const q: QueryRecord = {
      id: randomUUID(),
      name: body.name,
      isFolder: Boolean(body.isFolder),
      children: [],
      ...(body.wiql ? { wiql: body.wiql } : {}),
    };
    parent.node.children.push(q);
    return {
      status: 201,
      body: wireQuery(q, { path: `${parent.path}/${q.name}`, depth: 0, wiql: true }),
    };
  });
}

export function addTagRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  routes.add("GET", /^\/(?<project>[^/]+)\/_apis\/wit\/tags\/?$/i, (route) => {
    const { boards } = boardsOf(ctx, route, ensure);
    const org = ctx.boards();
    const names = new Set<string>();
    for (const item of org.items.values()) {
      if (item.projectId !== boards.projectId || item.deleted) continue;
      const tags = org.fieldsAt(item, org.latestRev(item))["System.Tags"];
      if (typeof tags === "string")
        for (const t of tags.split(";")) if (t.trim()) names.add(t.trim());
    }
    return list(
      [...names].sort().map((n) => ({
        id: createHash("sha1")
          .update(`${boards.projectId}/${n}`)
          .digest("hex")
          .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, "$1-$2-$3-$4-$5"),
        name: n,
      })),
    );
  });
}
