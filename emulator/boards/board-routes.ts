// A team's boards (Work REST API 7.1, Boards, Columns, Rows, Card Settings) and the project's
// delivery plans (Plans). Column and row lists are replaced whole with PUT, as in the real service:
// the incoming and outgoing columns keep their ids, a column or row without an id is new.
import { randomUUID } from "node:crypto";
import { BadRequest, type RouteContext, type RouteTable } from "../server/http";
import {
  DEFAULT_LANE,
  type BoardColumnRecord,
  type BoardRecord,
  type BoardRowRecord,
  type PlanRecord,
} from "./board-model";
import type { ProjectBoards } from "./model";
import { boardsOf, teamOf, type Ensure } from "./project-teams";
import { boardsOfTeam } from "./team-boards";
import { bodyOf, callerIdentity, identityRef, list, notFound, type BoardsContext } from "./wire";

const BOARDS = String.raw`^/(?<project>[^/]+)(?:/(?<team>[^/]+))?/_apis/work/boards`;

function boardOf(ctx: BoardsContext, route: RouteContext, ensure: Ensure): BoardRecord {
  const { boards, name } = boardsOf(ctx, route, ensure);
  const wanted = (route.params.board ?? "").toLowerCase();
  const board = boardsOfTeam(teamOf(boards, name, route.params.team)).find(
    (b) => b.id === wanted || b.name.toLowerCase() === wanted,
  );
  if (!board) throw notFound(`VS403438: The board ${route.params.board ?? ""} does not exist.`);
  return board;
}

function wireBoard(b: BoardRecord): Record<string, unknown> {
  return {
    id: b.id,
    name: b.name,
    revision: b.revision,
    isValid: true,
    canEdit: true,
    columns: b.columns,
    rows: b.rows,
  };
}

function checkedColumns(board: BoardRecord, body: unknown): BoardColumnRecord[] {
  if (!Array.isArray(body)) throw new BadRequest("Send the board's columns as a list.");
  const columns = body as Partial<BoardColumnRecord>[];
  const ends = (type: string) => board.columns.find((c) => c.columnType === type)?.id;
  if (columns[0]?.columnType !== "incoming" || columns[0].id !== ends("incoming"))
    throw new BadRequest("VS403420: The first column must be the board's incoming column.");
  const last = columns[columns.length - 1];
  if (last?.columnType !== "outgoing" || last.id !== ends("outgoing"))
    throw new BadRequest("VS403421: The last column must be the board's outgoing column.");
  const known = new Set(board.columns.map((c) => c.id));
  const names = new Set<string>();
  return columns.map((c) => {
    if (!c.name || names.has(c.name.toLowerCase()))
      throw new BadRequest(`VS403422: Column names must be given and unique (${c.name ?? ""}).`);
    names.add(c.name.toLowerCase());
    if (c.id && !known.has(c.id))
      throw new BadRequest(`VS403423: No column ${c.id} on this board.`);
    return {
      id: c.id ?? randomUUID(),
      name: c.name,
      itemLimit: c.itemLimit ?? 0,
      stateMappings: c.stateMappings ?? {},
      columnType: c.columnType ?? "inProgress",
      isSplit: c.isSplit ?? false,
      description: c.description ?? "",
    };
  });
}

function checkedRows(board: BoardRecord, body: unknown): BoardRowRecord[] {
  if (!Array.isArray(body)) throw new BadRequest("Send the board's rows as a list.");
  const rows = body as Partial<BoardRowRecord>[];
  if (!rows.some((r) => r.id === DEFAULT_LANE))
    throw new BadRequest("VS403424: The default lane cannot be removed.");
  const known = new Set(board.rows.map((r) => r.id));
  return rows.map((r) => {
    if (r.id && !known.has(r.id)) throw new BadRequest(`VS403425: No row ${r.id} on this board.`);
    return { id: r.id ?? randomUUID(), name: r.name ?? null, color: r.color ?? null };
  });
}

const partPath = (part: string) => new RegExp(`${BOARDS}/(?<board>[^/]+)/${part}/?$`, "i");

/** A board's columns or rows: read them, or replace the whole list (the board's revision moves). */
function addListPartRoutes<K extends "columns" | "rows">(
  routes: RouteTable,
  ctx: BoardsContext,
  ensure: Ensure,
  part: K,
  checked: (board: BoardRecord, body: unknown) => BoardRecord[K],
): void {
  routes.add("GET", partPath(part), (route) => list(boardOf(ctx, route, ensure)[part]));
  routes.add("PUT", partPath(part), async (route) => {
    const board = boardOf(ctx, route, ensure);
    board[part] = checked(board, await route.body());
    board.revision++;
    return list(board[part]);
  });
}

function addBoardRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  routes.add("GET", new RegExp(`${BOARDS}/?$`, "i"), (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const team = teamOf(boards, name, route.params.team);
    return list(boardsOfTeam(team).map((b) => ({ id: b.id, name: b.name })));
  });
  routes.add("GET", new RegExp(`${BOARDS}/(?<board>[^/]+)/?$`, "i"), (route) => ({
    status: 200,
    body: wireBoard(boardOf(ctx, route, ensure)),
  }));
  addListPartRoutes(routes, ctx, ensure, "columns", checkedColumns);
  addListPartRoutes(routes, ctx, ensure, "rows", checkedRows);
  routes.add("GET", partPath("cardsettings"), (route) => ({
    status: 200,
    body: { cards: boardOf(ctx, route, ensure).cards },
  }));
  routes.add("PUT", partPath("cardsettings"), async (route) => {
    const board = boardOf(ctx, route, ensure);
    const body = await bodyOf<{ cards: BoardRecord["cards"] }>(route);
    if (!body.cards) throw new BadRequest("Send the card settings as {cards}.");
    board.cards = body.cards;
    return { status: 200, body: { cards: board.cards } };
  });
}

function wirePlan(p: PlanRecord, withProperties: boolean): Record<string, unknown> {
  const { properties, createdBy, ...rest } = p;
  return {
    ...rest,
    createdByIdentity: identityRef(createdBy),
    ...(withProperties ? { properties } : {}),
  };
}

function checkedPlan(boards: ProjectBoards, body: Partial<PlanRecord>): PlanRecord["properties"] {
  const properties = body.properties ?? { teamBacklogMappings: [] };
  for (const m of properties.teamBacklogMappings ?? [])
    if (!boards.teams.some((t) => t.id === m.teamId))
      throw new BadRequest(`VS403426: The team ${m.teamId} does not exist.`);
  return { ...properties, teamBacklogMappings: properties.teamBacklogMappings ?? [] };
}

function addPlanRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  const plans = /^\/(?<project>[^/]+)\/_apis\/work\/plans\/?$/i;
  routes.add("GET", plans, (route) =>
    list(boardsOf(ctx, route, ensure).boards.plans.map((p) => wirePlan(p, false))),
  );
  routes.add("POST", plans, async (route) => {
    const { boards } = boardsOf(ctx, route, ensure);
    const body = await bodyOf<PlanRecord>(route);
    if (!body.name) throw new BadRequest("A plan needs a name.");
    const now = new Date().toISOString();
    const plan: PlanRecord = {
      id: randomUUID(),
      name: body.name,
      type: body.type ?? "deliveryTimelineView",
      description: body.description ?? "",
      revision: 1,
      createdDate: now,
      modifiedDate: now,
      createdBy: callerIdentity(ctx, route),
      properties: checkedPlan(boards, body),
    };
    boards.plans.push(plan);
    return { status: 200, body: wirePlan(plan, true) };
  });
  routes.add(
    "GET",
    /^\/(?<project>[^/]+)\/_apis\/work\/plans\/(?<id>[0-9a-f-]{36})\/?$/i,
    (route) => {
      const plan = boardsOf(ctx, route, ensure).boards.plans.find(
        (p) => p.id === route.params.id?.toLowerCase(),
      );
      if (!plan) throw notFound(`VS403427: The plan ${route.params.id ?? ""} does not exist.`);
      return { status: 200, body: wirePlan(plan, true) };
    },
  );
}

export function addBoardAndPlanRoutes(
  routes: RouteTable,
  ctx: BoardsContext,
  ensure: Ensure,
): void {
  addBoardRoutes(routes, ctx, ensure);
  addPlanRoutes(routes, ctx, ensure);
}
