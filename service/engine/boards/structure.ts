// The project's Boards structure as one object: areas and iterations, teams with their settings,
// area values and iterations, the shared queries tree, and the tags in use.
import type { BoardsApi } from "./boards-api";
import type { BoardsStructure } from "./boards-snapshot";

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
  return {
    nodes,
    teams: withSettings,
    ...(sharedQueries ? { sharedQueries } : {}),
    tags: tags.map((t) => t.name).sort(),
  };
}
