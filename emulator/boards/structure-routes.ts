// A project's Boards structure: classification nodes (areas, iterations), teams with their
// settings, area (team field) values and iterations, shared queries, and tags.
import { createHash, randomUUID } from "node:crypto";
import { BadRequest, type RouteTable } from "../server/http";
import type { ClassificationNode, QueryRecord, TeamRecord } from "./model";
import { pathExists } from "./patch";
import { boardsOf, teamOf, type Ensure } from "./project-teams";
import { list, notFound, param, type BoardsContext } from "./wire";

/** Deepest `$depth` the queries API answers (documented maximum 2). */
export const MAX_QUERY_DEPTH = 2;

const GROUPS = { areas: "area", iterations: "iteration" } as const;
const STRUCTURE_NAME = { area: "Area", iteration: "Iteration" } as const;

function wireNode(
  node: ClassificationNode,
  structureType: "area" | "iteration",
  path: string,
  depth: number,
): Record<string, unknown> {
  return {
    id: node.id,
    identifier: node.identifier,
    name: node.name,
    structureType,
    hasChildren: node.children.length > 0,
    path,
    ...(node.attributes ? { attributes: node.attributes } : {}),
    ...(depth > 0 && node.children.length > 0
      ? {
          children: node.children.map((c) =>
            wireNode(c, structureType, `${path}\\${c.name}`, depth - 1),
          ),
        }
      : {}),
  };
}

function findNode(root: ClassificationNode, relative: string): ClassificationNode | undefined {
  let node: ClassificationNode | undefined = root;
  for (const part of relative.split(/[\\/]/).filter((p) => p !== ""))
    node = node?.children.find((c) => c.name.toLowerCase() === part.toLowerCase());
  return node;
}

function iterationById(
  root: ClassificationNode,
  id: string,
  path = root.name,
): { node: ClassificationNode; path: string } | undefined {
  if (root.identifier === id) return { node: root, path };
  for (const c of root.children) {
    const found = iterationById(c, id, `${path}\\${c.name}`);
    if (found) return found;
  }
  return undefined;
}

function wireQuery(
  q: QueryRecord,
  path: string,
  depth: number,
  expandWiql: boolean,
): Record<string, unknown> {
  return {
    id: q.id,
    name: q.name,
    path,
    isFolder: q.isFolder,
    hasChildren: q.children.length > 0,
    isPublic: true,
    ...(q.wiql && expandWiql ? { wiql: q.wiql, queryType: "flat" } : {}),
    ...(depth > 0 && q.children.length > 0
      ? {
          children: q.children.map((c) => wireQuery(c, `${path}/${c.name}`, depth - 1, expandWiql)),
        }
      : {}),
  };
}

function findQuery(
  root: QueryRecord,
  idOrPath: string,
): { query: QueryRecord; path: string } | undefined {
  const byId = (q: QueryRecord, path: string): { query: QueryRecord; path: string } | undefined => {
    if (q.id.toLowerCase() === idOrPath.toLowerCase()) return { query: q, path };
    for (const c of q.children) {
      const f = byId(c, `${path}/${c.name}`);
      if (f) return f;
    }
    return undefined;
  };
  const found = byId(root, root.name);
  if (found) return found;
  const parts = idOrPath.split("/").filter((p) => p !== "");
  if (parts[0]?.toLowerCase() !== root.name.toLowerCase()) return undefined;
  let q: QueryRecord | undefined = root;
  for (const part of parts.slice(1))
    q = q?.children.find((c) => c.name.toLowerCase() === part.toLowerCase());
  return q ? { query: q, path: parts.join("/") } : undefined;
}

export function addStructureRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  const P = String.raw`^/(?<project>[^/]+)`;

  routes.add("GET", new RegExp(`${P}/_apis/wit/classificationnodes/?$`, "i"), (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const depth = Number(param(route.url, "$depth") ?? 0);
    return list([
      wireNode(boards.areas, "area", `\\${name}\\${STRUCTURE_NAME.area}`, depth),
      wireNode(boards.iterations, "iteration", `\\${name}\\${STRUCTURE_NAME.iteration}`, depth),
    ]);
  });

  const nodePath = new RegExp(
    `${P}/_apis/wit/classificationnodes/(?<group>areas|iterations)(?<path>/.*)?$`,
    "i",
  );
  routes.add("GET", nodePath, (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const type = GROUPS[(route.params.group ?? "").toLowerCase() as keyof typeof GROUPS];
    const root = type === "area" ? boards.areas : boards.iterations;
    const node = findNode(root, route.params.path ?? "");
    if (!node) throw notFound(`VS402485: The node ${route.params.path ?? ""} does not exist.`);
    const relative = (route.params.path ?? "")
      .split("/")
      .filter((p) => p !== "")
      .join("\\");
    const path = `\\${name}\\${STRUCTURE_NAME[type]}${relative ? `\\${relative}` : ""}`;
    return {
      status: 200,
      body: wireNode(node, type, path, Number(param(route.url, "$depth") ?? 0)),
    };
  });
  routes.add("POST", nodePath, async (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const type = GROUPS[(route.params.group ?? "").toLowerCase() as keyof typeof GROUPS];
    const parent = findNode(
      type === "area" ? boards.areas : boards.iterations,
      route.params.path ?? "",
    );
    if (!parent)
      throw notFound(`VS402485: The parent node ${route.params.path ?? ""} does not exist.`);
    const body = (await route.body()) as {
      name?: string;
      attributes?: ClassificationNode["attributes"];
    };
    if (!body?.name) throw new BadRequest("A classification node needs a name.");
    if (parent.children.some((c) => c.name.toLowerCase() === body.name?.toLowerCase()))
      throw new BadRequest(
        `VS402371: Classification node name ${body.name} is already in use by a different child of parent classification node ${parent.name}.`,
        409,
        "ClassificationNodeDuplicateNameException",
      );
    const node: ClassificationNode = {
      id: ctx.boards().nextNodeId++,
      identifier: randomUUID(),
      name: body.name,
      children: [],
      ...(body.attributes ? { attributes: body.attributes } : {}),
    };
    parent.children.push(node);
    const relative = [
      ...(route.params.path ?? "").split("/").filter((p) => p !== ""),
      node.name,
    ].join("\\");
    return {
      status: 201,
      body: wireNode(node, type, `\\${name}\\${STRUCTURE_NAME[type]}\\${relative}`, 0),
    };
  });

  const teams = /^\/_apis\/projects\/(?<project>[^/]+)\/teams\/?$/i;
  routes.add("GET", teams, (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    return list(
      boards.teams.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        projectId: boards.projectId,
        projectName: name,
      })),
    );
  });
  routes.add("POST", teams, async (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const body = (await route.body()) as { name?: string; description?: string };
    if (!body?.name) throw new BadRequest("A team needs a name.");
    if (boards.teams.some((t) => t.name.toLowerCase() === body.name?.toLowerCase()))
      throw new BadRequest(
        `VS403433: The team ${body.name} already exists.`,
        409,
        "TeamAlreadyExistsException",
      );
    const team: TeamRecord = {
      id: randomUUID(),
      name: body.name,
      description: body.description ?? "",
      settings: { ...teamOf(boards, name, undefined).settings },
      areas: { defaultValue: name, values: [{ value: name, includeChildren: false }] },
      iterations: [],
    };
    boards.teams.push(team);
    return {
      status: 200,
      body: {
        id: team.id,
        name: team.name,
        description: team.description,
        projectId: boards.projectId,
      },
    };
  });

  const settings = new RegExp(
    `${P}(?:/(?<team>[^/]+))?/_apis/work/teamsettings(?<sub>/teamfieldvalues|/iterations)?/?$`,
    "i",
  );
  routes.add("GET", settings, (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const team = teamOf(boards, name, route.params.team);
    const sub = (route.params.sub ?? "").toLowerCase();
    if (sub === "/teamfieldvalues")
      return { status: 200, body: { field: { referenceName: "System.AreaPath" }, ...team.areas } };
    if (sub === "/iterations")
      return list(
        team.iterations
          .map((id) => iterationById(boards.iterations, id))
          .filter((x) => x !== undefined)
          .map((x) => ({
            id: x.node.identifier,
            name: x.node.name,
            path: x.path,
            attributes: x.node.attributes ?? {},
          })),
      );
    return { status: 200, body: team.settings };
  });
  routes.add("PATCH", settings, async (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const team = teamOf(boards, name, route.params.team);
    const body = ((await route.body()) ?? {}) as Record<string, unknown>;
    if ((route.params.sub ?? "").toLowerCase() === "/teamfieldvalues") {
      const areas = body as unknown as TeamRecord["areas"];
      for (const v of [areas.defaultValue, ...(areas.values ?? []).map((x) => x.value)])
        if (!pathExists(boards.areas, v))
          throw new BadRequest(`TF400499: The area path ${v} does not exist.`);
      team.areas = { defaultValue: areas.defaultValue, values: areas.values ?? [] };
      return { status: 200, body: { field: { referenceName: "System.AreaPath" }, ...team.areas } };
    }
    if (route.params.sub) throw new BadRequest("Use POST to add a team iteration.");
    team.settings = { ...team.settings, ...body };
    return { status: 200, body: team.settings };
  });
  routes.add("POST", settings, async (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const team = teamOf(boards, name, route.params.team);
    if ((route.params.sub ?? "").toLowerCase() !== "/iterations")
      throw new BadRequest("Only team iterations are added with POST.");
    const body = (await route.body()) as { id?: string };
    const found = body?.id ? iterationById(boards.iterations, body.id) : undefined;
    if (!found) throw new BadRequest(`VS403460: The iteration ${body?.id ?? ""} does not exist.`);
    if (!team.iterations.includes(found.node.identifier))
      team.iterations.push(found.node.identifier);
    return {
      status: 200,
      body: { id: found.node.identifier, name: found.node.name, path: found.path },
    };
  });

  const queries = new RegExp(`${P}/_apis/wit/queries(?<path>/.*)?$`, "i");
  routes.add("GET", queries, (route) => {
    const { boards } = boardsOf(ctx, route, ensure);
    const depth = Math.min(MAX_QUERY_DEPTH, Number(param(route.url, "$depth") ?? 0));
    const expand = (param(route.url, "$expand") ?? "").toLowerCase();
    const wiql = expand === "wiql" || expand === "all";
    const path = (route.params.path ?? "").replace(/^\//, "");
    if (path === "")
      return list([
        {
          id: "00000000-0000-0000-0000-00000000a11e",
          name: "My Queries",
          path: "My Queries",
          isFolder: true,
          hasChildren: false,
          isPublic: false,
        },
        wireQuery(boards.sharedQueries, boards.sharedQueries.name, depth, wiql),
      ]);
    const found = findQuery(boards.sharedQueries, path);
    if (!found) throw notFound(`TF401243: The query ${path} does not exist.`);
    return { status: 200, body: wireQuery(found.query, found.path, depth, wiql) };
  });
  routes.add("POST", queries, async (route) => {
    const { boards } = boardsOf(ctx, route, ensure);
    const path = (route.params.path ?? "").replace(/^\//, "");
    const parent = findQuery(boards.sharedQueries, path);
    if (!parent?.query.isFolder) throw notFound(`TF401243: The folder ${path} does not exist.`);
    const body = (await route.body()) as { name?: string; wiql?: string; isFolder?: boolean };
    if (!body?.name || (!body.isFolder && !body.wiql))
      throw new BadRequest("A query needs a name and wiql (or isFolder).");
    if (parent.query.children.some((c) => c.name.toLowerCase() === body.name?.toLowerCase()))
      throw new BadRequest(
        `TF237018: The name ${body.name} is already used in ${parent.path}.`,
        409,
      );
    const q: QueryRecord = {
      id: randomUUID(),
      name: body.name,
      isFolder: Boolean(body.isFolder),
      children: [],
      ...(body.wiql ? { wiql: body.wiql } : {}),
    };
    parent.query.children.push(q);
    return { status: 201, body: wireQuery(q, `${parent.path}/${q.name}`, 0, true) };
  });

  routes.add("GET", new RegExp(`${P}/_apis/wit/tags/?$`, "i"), (route) => {
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
