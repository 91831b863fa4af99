// A definition's body as the target project needs it: the server's own fields (ids, revision,
// links, authors) dropped, and every reference (agent queue, task group, variable group, service
// connection, build definition of a release's artifact, project) pointed at the target's ids.
import type { Json } from "./pipelines-api";

export interface IdMaps {
  queues: Map<number, number>;
  taskGroups: Map<string, string>;
  variableGroups: Map<number, number>;
  /** Source connection id → target id, or "" when nothing maps (the input is left empty). */
  serviceConnections: Map<string, string>;
  buildDefinitions: Map<number, number>;
  /** Source repository name (lower case) → the target's repository, for TfsGit repositories. */
  repositories: Map<string, { id: string; name: string }>;
  /** The first queue of the target: where an unmapped queue's definition lands. */
  fallbackQueue: number | undefined;
  targetProject: { id: string; name: string };
  sourceProjectId: string;
}

const SERVER_FIELDS = [
  "id",
  "revision",
  "url",
  "uri",
  "_links",
  "project",
  "authoredBy",
  "createdBy",
  "createdDate",
  "modifiedBy",
  "modifiedOn",
  "createdOn",
];

/** Replaces exact string values that are source ids (connections, task groups) anywhere in the body. */
function replaceIds(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => replaceIds(v, ids));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIds(v, ids)]));
  return value;
}

function emptySecrets(variables: unknown): unknown {
  if (typeof variables !== "object" || variables === null) return variables;
  return Object.fromEntries(
    Object.entries(variables as Record<string, Json>).map(([k, v]) => [
      k,
      v.isSecret ? { ...v, value: "" } : v,
    ]),
  );
}

function withoutServerFields(body: Json): Json {
  const out = { ...body };
  for (const f of SERVER_FIELDS) delete out[f];
  return out;
}

function queueOf(maps: IdMaps, sourceId: number | undefined): number | undefined {
  if (sourceId === undefined || sourceId === 0) return sourceId;
  return maps.queues.get(sourceId) ?? maps.fallbackQueue;
}

function idsOf(maps: IdMaps): Map<string, string> {
  return new Map<string, string>([...maps.serviceConnections, ...maps.taskGroups]);
}

export function rewriteBuildDefinition(body: Json, name: string, maps: IdMaps): Json {
  const out = replaceIds(withoutServerFields(body), idsOf(maps)) as Json;
  out.name = name;
  const queue = body.queue as { id?: number } | undefined;
  if (queue) out.queue = { id: queueOf(maps, queue.id) };
  if (Array.isArray(body.variableGroups))
    out.variableGroups = (body.variableGroups as { id: number }[]).map((g) => ({
      id: maps.variableGroups.get(g.id) ?? g.id,
    }));
  out.variables = emptySecrets(body.variables);
  const repository = body.repository as Json | undefined;
  if (repository) {
    // The repository's id differs in the target: the one the Repos restore made, found by name.
    const { id: _id, url: _url, ...rest } = repository;
    const found =
      repository.type === "TfsGit"
        ? maps.repositories.get(String(repository.name).toLowerCase())
        : undefined;
    out.repository = found ? { ...rest, id: found.id, name: found.name } : rest;
  }
  return out;
}

export function rewriteReleaseDefinition(body: Json, name: string, maps: IdMaps): Json {
  const out = replaceIds(withoutServerFields(body), idsOf(maps)) as Json;
  out.name = name;
  out.variableGroups = ((body.variableGroups as number[] | undefined) ?? []).map(
    (id) => maps.variableGroups.get(id) ?? id,
  );
  out.variables = emptySecrets(body.variables);
  out.environments = ((out.environments as Json[] | undefined) ?? []).map((env) => ({
    ...env,
    variables: emptySecrets(env.variables),
    deployPhases: ((env.deployPhases as Json[] | undefined) ?? []).map((phase) => {
      const input = phase.deploymentInput as { queueId?: number } | undefined;
      return input
        ? { ...phase, deploymentInput: { ...input, queueId: queueOf(maps, input.queueId) } }
        : phase;
    }),
  }));
  out.artifacts = ((out.artifacts as Json[] | undefined) ?? []).map((a) => {
    const ref = a.definitionReference as
      { definition?: { id?: string }; project?: { id?: string } } | undefined;
    const sourceId = Number(ref?.definition?.id);
    const sameProject = !ref?.project?.id || ref.project.id === maps.sourceProjectId;
    const mapped = sameProject ? maps.buildDefinitions.get(sourceId) : undefined;
    if (!ref || mapped === undefined) return a;
    return {
      ...a,
      definitionReference: {
        ...ref,
        definition: { ...ref.definition, id: String(mapped) },
        project: { id: maps.targetProject.id, name: maps.targetProject.name },
      },
    };
  });
  return out;
}

/** Library items: the server's fields dropped, secrets emptied, references renamed. */
export function rewriteLibraryItem(body: Json, name: string, maps: IdMaps): Json {
  const out = replaceIds(withoutServerFields(body), idsOf(maps)) as Json;
  out.name = name;
  if ("variables" in body) out.variables = emptySecrets(body.variables);
  return out;
}
