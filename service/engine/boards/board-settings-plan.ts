// The boards and delivery plans part of a Boards restore plan: each backed-up board goes to the
// team it maps to (set on a team the restore creates, compared on one that exists), each plan gets
// a name the target does not have yet.
import { freeName } from "../restore/free-name";
import type { BoardsApi, Fields } from "./boards-api";
import type { BoardsSettings, BoardsStructure, StoredBoard } from "./boards-snapshot";
import { BoardSettingsApi, boardDifferences, readTeamBoards } from "./board-settings";

/** A backed-up board and the team board of the target it goes to. */
export interface PlannedBoard {
  team: string;
  board: StoredBoard;
  /** Set on the target: only on a team this restore creates (an existing team's boards are kept). */
  apply: boolean;
  /** How the existing team's board differs from the backup (not applied). */
  differences: string[];
}

/** Delivery plans to create (a name the target has gets "-restored"). */
export type PlannedPlans = { name: string; source: Fields }[];

/** Each backed-up board on the team it maps to: set on a new team, compared on an existing one. */
export async function plannedBoards(
  api: BoardsApi,
  structure: BoardsStructure,
  settings: BoardsSettings,
  target: { id: string },
  teams: { name: string; create: boolean }[],
): Promise<PlannedBoard[]> {
  const boardsApi = new BoardSettingsApi(api);
  const out: PlannedBoard[] = [];
  for (const entry of settings.teamBoards) {
    const team = teams[structure.teams.findIndex((t) => t.name === entry.team)];
    if (!team) continue;
    const existing = team.create ? [] : await readTeamBoards(boardsApi, target.id, team.name);
    for (const board of entry.boards) {
      const there = existing.find((b) => b.name === board.name);
      out.push({
        team: team.name,
        board,
        apply: team.create,
        differences: there ? boardDifferences(board, there) : [],
      });
    }
  }
  return out;
}

export async function plannedPlans(
  api: BoardsApi,
  settings: BoardsSettings,
  target: { id: string },
): Promise<PlannedPlans> {
  if (settings.plans.length === 0) return [];
  const existing = await new BoardSettingsApi(api).plans(target.id);
  const taken = new Set(existing.map((p) => String(p.name).toLowerCase()));
  return settings.plans.map((p) => ({ name: freeName(String(p.name), taken), source: p }));
}

function columnsOf(board: StoredBoard): string {
  const names = (list: Fields[]) => list.map((x) => String(x.name ?? "(default lane)")).join(", ");
  return `columns ${names(board.columns)}; swimlanes ${names(board.rows)}; card fields`;
}

export function describeBoards(plan: { boards: PlannedBoard[]; plans: PlannedPlans }): string[] {
  const lines: string[] = [];
  for (const b of plan.boards) {
    if (b.apply) lines.push(`  set board ${b.board.name} of ${b.team}: ${columnsOf(b.board)}`);
    else if (b.differences.length > 0)
      lines.push(
        `  board ${b.board.name} of ${b.team} left as it is (the team exists); it differs from the backup: ${b.differences.join("; ")}`,
      );
  }
  for (const p of plan.plans) {
    const teams = ((p.source.properties as Fields | undefined)?.teamBacklogMappings ??
      []) as unknown[];
    lines.push(`  create delivery plan ${p.name} over ${teams.length} team backlogs`);
  }
  return lines;
}
