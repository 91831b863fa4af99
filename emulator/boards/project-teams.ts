// What the Boards routes at project and team level share: the project a path names with its
// Boards (made on first use), and the team a path names (the project's default team when none).
import type { RouteContext } from "../server/http";
import type { ProjectBoards, TeamRecord } from "./model";
import { notFound, projectOf, type BoardsContext } from "./wire";

/** A project's Boards, made from the seed the first time a route asks for it. */
export type Ensure = (projectId: string, name: string) => ProjectBoards;

export function boardsOf(
  ctx: BoardsContext,
  route: RouteContext,
  ensure: Ensure,
): { boards: ProjectBoards; name: string } {
  const p = projectOf(ctx, route);
  return { boards: ensure(p.id, p.name), name: p.name };
}

export function teamOf(
  boards: ProjectBoards,
  projectName: string,
  team: string | undefined,
): TeamRecord {
  const wanted = (team ?? `${projectName} Team`).toLowerCase();
  const t = boards.teams.find(
    (x) => x.id.toLowerCase() === wanted || x.name.toLowerCase() === wanted,
  );
  if (!t) throw notFound(`VS403432: The team ${team ?? ""} does not exist in ${projectName}.`);
  return t;
}
