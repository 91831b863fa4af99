// Each team's boards (columns, swimlanes, card fields) and the project's delivery plans, read
// through the Work REST API 7.1. A plan whose revision has not moved since the last run is carried
// over without reading it again; boards have no such number and are read again (two requests each).
import type { BoardsApi, Fields, TeamValue } from "./boards-api";
import type { BoardsSettings, StoredBoard } from "./boards-snapshot";

export class BoardSettingsApi {
  constructor(readonly api: BoardsApi) {}

  private team(project: string, team: string, rest: string): string {
    return `${this.api.p(project)}/${this.api.p(team)}/_apis/work/${rest}`;
  }

  boards(project: string, team: string): Promise<Fields[]> {
    return this.api.values(this.team(project, team, "boards"));
  }

  /** A board with its columns and rows. */
  board(project: string, team: string, board: string): Promise<Fields> {
    return this.api.get(this.team(project, team, `boards/${encodeURIComponent(board)}`));
  }

  cardSettings(project: string, team: string, board: string): Promise<Fields> {
    return this.api.get(
      this.team(project, team, `boards/${encodeURIComponent(board)}/cardsettings`),
    );
  }

  /** Replaces a board's columns, rows or card settings ("columns", "rows", "cardsettings"). */
  replace(
    project: string,
    team: string,
    board: string,
    part: string,
    body: unknown,
  ): Promise<unknown> {
    return this.api.send(
      "PUT",
      this.team(project, team, `boards/${encodeURIComponent(board)}/${part}`),
      body,
    );
  }

  plans(project: string): Promise<Fields[]> {
    return this.api.values(`${this.api.p(project)}/_apis/work/plans`);
  }

  plan(project: string, id: string): Promise<Fields> {
    return this.api.get(`${this.api.p(project)}/_apis/work/plans/${id}`);
  }

  createPlan(project: string, body: Fields): Promise<Fields> {
    return this.api.send("POST", `${this.api.p(project)}/_apis/work/plans`, body);
  }
}

export async function readTeamBoards(
  api: BoardSettingsApi,
  project: string,
  team: string,
): Promise<StoredBoard[]> {
  const out: StoredBoard[] = [];
  for (const b of await api.boards(project, team)) {
    const [board, cards] = await Promise.all([
      api.board(project, team, String(b.id)),
      api.cardSettings(project, team, String(b.id)),
    ]);
    out.push({
      name: String(board.name),
      columns: (board.columns as Fields[] | undefined) ?? [],
      rows: (board.rows as Fields[] | undefined) ?? [],
      cards: (cards.cards as Fields | undefined) ?? {},
    });
  }
  return out;
}

/** The plans with their properties; one whose revision is unchanged is taken from the last run. */
export async function readPlans(
  api: BoardSettingsApi,
  project: string,
  previous: Fields[],
): Promise<Fields[]> {
  const out: Fields[] = [];
  for (const p of await api.plans(project)) {
    const kept = previous.find((x) => x.id === p.id && x.revision === p.revision);
    out.push(kept ?? (await api.plan(project, String(p.id))));
  }
  return out;
}

export async function readBoardSettings(
  api: BoardSettingsApi,
  project: string,
  teams: TeamValue[],
  previous: BoardsSettings | undefined,
): Promise<Omit<BoardsSettings, "process">> {
  const teamBoards = [];
  for (const t of teams)
    teamBoards.push({ team: t.name, boards: await readTeamBoards(api, project, t.id) });
  return { teamBoards, plans: await readPlans(api, project, previous?.plans ?? []) };
}

/** How a target board differs from a backed-up one, in words (nothing when they match). */
export function boardDifferences(source: StoredBoard, target: StoredBoard): string[] {
  const names = (list: Fields[]) => list.map((x) => String(x.name ?? "(default lane)")).join(", ");
  const out: string[] = [];
  if (names(source.columns) !== names(target.columns))
    out.push(`columns ${names(target.columns)}, backed up ${names(source.columns)}`);
  if (names(source.rows) !== names(target.rows))
    out.push(`swimlanes ${names(target.rows)}, backed up ${names(source.rows)}`);
  if (JSON.stringify(source.cards) !== JSON.stringify(target.cards)) out.push("card fields differ");
  return out;
}
