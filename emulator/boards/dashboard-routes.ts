// Team dashboards with their widgets (learn.microsoft.com/rest/api/azure/devops/dashboard/dashboards).
import { randomUUID } from "node:crypto";
import { BadRequest, type RouteTable } from "../server/http";
import type { DashboardRecord, WidgetRecord } from "./model";
import { boardsOf, teamOf, type Ensure } from "./project-teams";
import { conflict, list, notFound, type BoardsContext } from "./wire";

/** A dashboard as listed (without widgets) or as read by id (with them). */
function wireDashboard(d: DashboardRecord, withWidgets: boolean): Partial<DashboardRecord> {
  const { widgets, ...listed } = d;
  return withWidgets ? { ...listed, widgets } : listed;
}

export function addDashboardRoutes(routes: RouteTable, ctx: BoardsContext, ensure: Ensure): void {
  const dashboards =
    /^\/(?<project>[^/]+)(?:\/(?<team>[^/]+))?\/_apis\/dashboard\/dashboards(?:\/(?<id>[0-9a-f-]{36}))?\/?$/i;
  routes.add("GET", dashboards, (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const team = teamOf(boards, name, route.params.team);
    const all = boards.dashboards[team.id] ?? [];
    if (!route.params.id) return list(all.map((d) => wireDashboard(d, false)));
    const d = all.find((x) => x.id === route.params.id?.toLowerCase());
    if (!d) throw notFound(`The dashboard ${route.params.id} does not exist.`);
    return { status: 200, body: wireDashboard(d, true) };
  });

  routes.add("POST", dashboards, async (route) => {
    const { boards, name } = boardsOf(ctx, route, ensure);
    const team = teamOf(boards, name, route.params.team);
    const body = (await route.body()) as Partial<DashboardRecord> | undefined;
    if (!body?.name) throw new BadRequest("A dashboard needs a name.");
    const all = (boards.dashboards[team.id] ??= []);
    if (all.some((d) => d.name.toLowerCase() === body.name?.toLowerCase()))
      throw conflict(
        `A dashboard named ${body.name} already exists for ${team.name}.`,
        "DuplicateDashboardNameException",
      );
    const dashboard: DashboardRecord = {
      id: randomUUID(),
      name: body.name,
      description: body.description ?? "",
      refreshInterval: body.refreshInterval ?? 0,
      widgets: (body.widgets ?? []).map((w: Partial<WidgetRecord>) => ({
        id: randomUUID(),
        name: w.name ?? "",
        contributionId: w.contributionId ?? "",
        position: w.position ?? { row: 1, column: 1 },
        size: w.size ?? { rowSpan: 1, columnSpan: 1 },
        settings: w.settings ?? "",
      })),
    };
    all.push(dashboard);
    return { status: 200, body: wireDashboard(dashboard, true) };
  });
}
