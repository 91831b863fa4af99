// The project's Boards structure as one object: areas and iterations, teams with their settings,
// area values, iterations and dashboards, the shared queries tree, the tags in use, and the process
// the project uses with its work item types.
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
  const dashboards = [];
  for (const t of teams)
    dashboards.push({ team: t.name, dashboards: await api.dashboards(project, t.id) });
  const typeId = await api.processTypeId(project);
  const process = typeId
    ? {
        typeId,
        process: await api.process(typeId),
        workItemTypes: await api.processWorkItemTypes(typeId),
      }
    : undefined;
  return {
    nodes,
    teams: withSettings,
    dashboards,
    ...(process ? { process } : {}),
    ...(sharedQueries ? { sharedQueries } : {}),
    tags: tags.map((t) => t.name).sort(),
  };
}
