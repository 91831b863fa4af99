// A project's teams, and each team's settings, area (team field) values and iterations
// (learn.microsoft.com/rest/api/azure/devops/core/teams, …/work/teamsettings).
import { randomUUID } from "node:crypto";
import { BadRequest, type RouteContext, type RouteTable } from "../server/http";
import { iterationById } from "./classification-routes";
import type { TeamRecord } from "./model";
import { pathExists } from "./patch";
import { boardsOf, teamOf, type Ensure } from "./project-teams";
import { conflict, list, type BoardsContext } from "./wire";

function addTeamListRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
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
      throw conflict(
        `VS403433: The team ${body.name} already exists.`,
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
}

const SETTINGS = String.raw`^/(?<project>[^/]+)(?:/(?<team>[^/]+))?/_apis/work/teamsettings`;

function teamOfRoute(ctx: BoardsContext, route: RouteContext, ensure: Ensure) {
  const { boards, name } = boardsOf(ctx, route, ensure);
  return { boards, team: teamOf(boards, name, route.params.team) };
}

function addTeamFieldValueRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  const values = new RegExp(`${SETTINGS}/teamfieldvalues/?$`, "i");
  const wire = (team: TeamRecord) => ({
    status: 200,
    body: { field: { referenceName: "System.AreaPath" }, ...team.areas },
  });
  routes.add("GET", values, (route) => wire(teamOfRoute(ctx, route, ensure).team));
  routes.add("PATCH", values, async (route) => {
    const { boards, team } = teamOfRoute(ctx, route, ensure);
    const areas = ((await route.body()) ?? {}) as TeamRecord["areas"];
    for (const v of [areas.defaultValue, ...(areas.values ?? []).map((x) => x.value)])
      if (!pathExists(boards.areas, v))
        throw new BadRequest(`TF400499: The area path ${v} does not exist.`);
    team.areas = { defaultValue: areas.defaultValue, values: areas.values ?? [] };
    return wire(team);
  });
}

function addTeamIterationRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  const iterations = new RegExp(`${SETTINGS}/iterations/?$`, "i");
  routes.add("GET", iterations, (route) => {
    const { boards, team } = teamOfRoute(ctx, route, ensure);
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
  });
  routes.add("POST", iterations, async (route) => {
    const { boards, team } = teamOfRoute(ctx, route, ensure);
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
}

function addTeamSettingsRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  const settings = new RegExp(`${SETTINGS}/?$`, "i");
  routes.add("GET", settings, (route) => ({
    status: 200,
    body: teamOfRoute(ctx, route, ensure).team.settings,
  }));
  routes.add("PATCH", settings, async (route) => {
    const { team } = teamOfRoute(ctx, route, ensure);
    team.settings = { ...team.settings, ...(((await route.body()) ?? {}) as object) };
    return { status: 200, body: team.settings };
  });
}

export function addTeamRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  addTeamListRoutes(routes, ctx, ensure);
  addTeamFieldValueRoutes(routes, ctx, ensure);
  addTeamIterationRoutes(routes, ctx, ensure);
  addTeamSettingsRoutes(routes, ctx, ensure);
}
