// Puts a backed-up board's columns, swimlanes and card fields on a team's board of the target, and
// creates the delivery plans. Column and row lists are replaced whole (PUT): the target's incoming
// and outgoing columns keep their ids, a column or lane of the same name keeps its id, the rest are
// new; the default lane stays the default lane.
import type { Fields } from "./boards-api";
import type { StoredBoard } from "./boards-snapshot";
import type { BoardSettingsApi } from "./board-settings";

const DEFAULT_LANE = "00000000-0000-0000-0000-000000000000";

function columnsFor(source: Fields[], target: Fields[]): Fields[] {
  return source.map((c) => {
    const there =
      c.columnType === "inProgress"
        ? target.find((t) => t.columnType === "inProgress" && t.name === c.name)
        : target.find((t) => t.columnType === c.columnType);
    const { id: _id, ...rest } = c;
    return there ? { ...rest, id: there.id } : rest;
  });
}

function rowsFor(source: Fields[], target: Fields[]): Fields[] {
  return source.map((r) => {
    if (r.id === DEFAULT_LANE) return r;
    const there = target.find((t) => t.name !== null && t.name === r.name);
    const { id: _id, ...rest } = r;
    return there ? { ...rest, id: there.id } : rest;
  });
}

export async function restoreBoard(
  api: BoardSettingsApi,
  project: string,
  team: string,
  source: StoredBoard,
): Promise<void> {
  const target = await api.board(project, team, source.name);
  const parts: [string, unknown][] = [
    ["columns", columnsFor(source.columns, (target.columns as Fields[] | undefined) ?? [])],
    ["rows", rowsFor(source.rows, (target.rows as Fields[] | undefined) ?? [])],
    ["cardsettings", { cards: source.cards }],
  ];
  for (const [part, body] of parts) await api.replace(project, team, String(target.id), part, body);
}

/** A plan's body on the target: its teams by their ids there (a team that is missing is left out). */
export function planOnTarget(source: Fields, name: string, teamIds: Map<string, string>): Fields {
  const properties = (source.properties as Fields | undefined) ?? {};
  const mappings = ((properties.teamBacklogMappings as Fields[] | undefined) ?? []).flatMap((m) => {
    const id = teamIds.get(String(m.teamId));
    return id ? [{ ...m, teamId: id }] : [];
  });
  return {
    name,
    type: source.type ?? "deliveryTimelineView",
    description: source.description ?? "",
    properties: { ...properties, teamBacklogMappings: mappings },
  };
}
