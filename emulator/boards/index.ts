// The emulated Boards (work item tracking) of an organization: its REST routes on the core origin
// and its state, seeded the first time a Boards route is used (emulator/CONTRACT.md "Boards").
// fabrikam's "Fabrikam Fiber" gets a generated project; every other project starts empty (a
// restore target). Tests and the bench seed a project of any size with seedBoards(); the
// emulator's reset() brings back the seeded Boards.
import type { RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { addBoardAndPlanRoutes } from "./board-routes";
import { addClassificationRoutes } from "./classification-routes";
import { addCommentAndAttachmentRoutes } from "./comment-attachment-routes";
import { addDashboardRoutes } from "./dashboard-routes";
import { emptyProjectBoards, generateProjectBoards, type BoardsSeedOptions } from "./generate";
import { BoardsOrganization, type ProjectBoards } from "./model";
import { addProcessFormRoutes } from "./process-form-routes";
import { addProcessRoutes } from "./process-routes";
import { addQueryRoutes, addTagRoutes } from "./query-routes";
import { addTeamRoutes } from "./team-routes";
import { addWorkItemRoutes } from "./work-item-routes";
import type { BoardsContext } from "./wire";

export { BoardsOrganization, ORG_URL } from "./model";
export type { BoardsSeedOptions } from "./generate";
export { MAX_BATCH_IDS, MAX_REPORTING_PAGE, DEFAULT_REPORTING_PAGE } from "./work-item-routes";
export { MAX_QUERY_DEPTH } from "./query-routes";

/** Which project of an organization (by fixture name) starts with generated Boards. */
export const BOARDS_FIXTURES: Readonly<
  Record<string, { project: string; options: BoardsSeedOptions }>
> = {
  fabrikam: {
    project: "Fabrikam Fiber",
    options: { workItems: 240, revisionsPerItem: 8, seed: 7 },
  },
};

/** Work item ids are unique in an organization; each organization starts elsewhere, as real ones do. */
function firstIdOf(organization: string): number {
  let h = 0;
  for (const ch of organization) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 1 + (h % 40) * 1000;
}

/**
 * Each emulator's Boards, with the projects map they were made for: reset() gives the state a new
 * map, and the Boards start again from their seed with it.
 */
const organizations = new WeakMap<
  EmulatorState,
  { org: BoardsOrganization; madeFor: EmulatorState["projects"] }
>();

function usersOf(state: EmulatorState): { displayName: string; email: string }[] {
  return state.users.map((u) => ({ displayName: u.displayName, email: u.email }));
}

/** The Boards of a running emulator (seeded on first use). */
export function boardsOf(state: EmulatorState): BoardsOrganization {
  const kept = organizations.get(state);
  if (kept && kept.madeFor === state.projects) return kept.org;
  const org = new BoardsOrganization(firstIdOf(state.organization.name));
  organizations.set(state, { org, madeFor: state.projects });
  const seeded = BOARDS_FIXTURES[state.organization.name];
  const project = seeded ? state.findProject(seeded.project) : undefined;
  if (seeded && project) generateProjectBoards(org, project, usersOf(state), seeded.options);
  return org;
}

/** Replaces the organization's Boards with one generated project (the others start empty). */
export function seedBoards(
  state: EmulatorState,
  project: string,
  options: BoardsSeedOptions,
): BoardsOrganization {
  const p = state.findProject(project);
  if (!p) throw new Error(`No project ${project} in the emulated organization.`);
  const org = new BoardsOrganization(firstIdOf(state.organization.name));
  organizations.set(state, { org, madeFor: state.projects });
  generateProjectBoards(org, p, usersOf(state), options);
  return org;
}

export interface BoardsDeps {
  state: EmulatorState;
  hostUrl: () => string;
}

export function addBoardsRoutes(routes: RouteTable, deps: BoardsDeps): void {
  const ctx: BoardsContext = {
    state: deps.state,
    boards: () => boardsOf(deps.state),
    orgUrl: () => `${deps.hostUrl()}/${deps.state.organization.name}`,
  };
  const ensure = (projectId: string, name: string): ProjectBoards => {
    const org = ctx.boards();
    let boards = org.projects.get(projectId);
    if (!boards) org.projects.set(projectId, (boards = emptyProjectBoards(org, projectId, name)));
    return boards;
  };
  addWorkItemRoutes(routes, ctx, ensure);
  addCommentAndAttachmentRoutes(routes, ctx);
  addClassificationRoutes(routes, ctx, ensure);
  addTeamRoutes(routes, ctx, ensure);
  addQueryRoutes(routes, ctx, ensure);
  addTagRoutes(routes, ctx, ensure);
  addDashboardRoutes(routes, ctx, ensure);
  addProcessRoutes(routes, ctx, ensure);
  addProcessFormRoutes(routes, ctx);
  addBoardAndPlanRoutes(routes, ctx, ensure);
}
