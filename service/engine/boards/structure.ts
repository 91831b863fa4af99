// The project's Boards structure as one object: areas and iterations, teams with their settings,
// area values, iterations and dashboards, the shared queries tree and the tags in use; and its
// settings as another: the process it uses, each team's boards and the delivery plans. Both are
// read again each run and stored only when they changed (content objects named by their hash).
import type { ContentStore } from "../storage/content-store";
import type { BoardsApi, TeamValue } from "./boards-api";
import type { BoardsSettings, BoardsStructure } from "./boards-snapshot";
import { BoardSettingsApi, readBoardSettings } from "./board-settings";
import { ProcessApi } from "./process-api";
import { readProcess } from "./process-read";

export async function readStructure(api: BoardsApi, project: string): Promise<BoardsStructure> {
  const [nodes, teams, sharedQueries, tags] = await Promise.all([
    api.classificationNodes(project),
    api.teams(project),
    api.sharedQueries(project),
    api.tags(project),
  ]);
  const withSettings = [];
  for (const t of teams) {
    const [settings, fieldValues, iterations] = await Promise.all([
      api.teamSettings(project, t.id),
      api.teamFieldValues(project, t.id),
      api.teamIterations(project, t.id),
    ]);
    withSettings.push({
      id: t.id,
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      settings,
      fieldValues,
      iterations: iterations.map((i) => ({ id: i.id, path: i.path })),
    });
  }
  const dashboards = [];
  for (const t of teams)
    dashboards.push({ team: t.name, dashboards: await api.dashboards(project, t.id) });
  return {
    nodes,
    teams: withSettings,
    dashboards,
    ...(sharedQueries ? { sharedQueries } : {}),
    tags: tags.map((t) => t.name).sort(),
  };
}

export async function readSettings(
  api: BoardsApi,
  project: string,
  teams: TeamValue[],
  previous: { content: ContentStore; settings?: string },
): Promise<BoardsSettings> {
  const before = previous.settings
    ? await previous.content.getJson<BoardsSettings>(previous.settings)
    : undefined;
  const process = await readProcess(new ProcessApi(api), project);
  return {
    ...(process ? { process } : {}),
    ...(await readBoardSettings(new BoardSettingsApi(api), project, teams, before)),
  };
}
