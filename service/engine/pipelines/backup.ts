// Backs up one project's Pipelines data. Definitions are incremental by revision: one list call
// per kind, and only the revisions a previous snapshot does not hold are fetched. Library items
// are listed every run (one call each) and stored as content objects, so unchanged ones cost
// nothing. Secret values never leave Azure DevOps: their names are recorded and a note says so.
import type { ContentStore } from "../storage/content-store";
import type {
  DefinitionEntry,
  LibraryEntry,
  PipelinesIndex,
  RevisionEntry,
} from "./pipelines-index";
import type { DefinitionRef, Json, NamedItem, PipelinesApi, RevisionInfo } from "./pipelines-api";

interface DefinitionSource {
  kind: string;
  list: () => Promise<DefinitionRef[]>;
  revisions: (id: number) => Promise<RevisionInfo[]>;
  body: (id: number, revision: number) => Promise<Json>;
}

/** How the backup reads build and release definitions: the list, a definition's revisions, one revision. */
function definitionReads(
  api: PipelinesApi,
  project: string,
): Record<"build" | "release", DefinitionSource> {
  return {
    build: {
      kind: "Build definition",
      list: () => api.buildDefinitions(project),
      revisions: (id) => api.buildRevisions(project, id),
      body: (id, revision) => api.buildDefinition(project, id, revision),
    },
    release: {
      kind: "Release definition",
      list: () => api.releaseDefinitions(project),
      revisions: (id) => api.releaseRevisions(project, id),
      body: (id, revision) => api.releaseDefinition(project, id, revision),
    },
  };
}

async function backupDefinitions(
  source: DefinitionSource,
  content: ContentStore,
  previous: DefinitionEntry[] | undefined,
  notes: string[],
): Promise<DefinitionEntry[]> {
  const before = new Map((previous ?? []).map((d) => [d.id, d]));
  const out: DefinitionEntry[] = [];
  for (const ref of await source.list()) {
    const kept = before.get(ref.id);
    if (kept && kept.revision === ref.revision) {
      out.push({ ...kept, name: ref.name, ...(ref.path ? { path: ref.path } : {}) });
      continue;
    }
    try {
      const have = new Map((kept?.revisions ?? []).map((r) => [r.revision, r]));
      const revisions: RevisionEntry[] = [];
      for (const info of (await source.revisions(ref.id)).sort((a, b) => a.revision - b.revision)) {
        const known = have.get(info.revision);
        if (known) {
          revisions.push(known);
          continue;
        }
        const body = await source.body(ref.id, info.revision);
        revisions.push({
          revision: info.revision,
          object: await content.putJson(body),
          ...(info.changedBy?.displayName ? { changedBy: info.changedBy.displayName } : {}),
          ...(info.changedDate ? { changedDate: info.changedDate } : {}),
          ...(info.comment ? { comment: info.comment } : {}),
        });
      }
      out.push({
        id: ref.id,
        name: ref.name,
        ...(ref.path ? { path: ref.path } : {}),
        revision: ref.revision,
        revisions,
      });
    } catch (e) {
      notes.push(
        `${source.kind} ${ref.name} (${ref.id}) could not be read: ${(e as Error).message}`,
      );
      if (kept) out.push(kept);
    }
  }
  return out;
}

type Variables = Record<string, { isSecret?: boolean }>;

function secretNamesOf(variables: unknown): string[] {
  if (typeof variables !== "object" || variables === null) return [];
  return Object.entries(variables as Variables)
    .filter(([, v]) => v.isSecret)
    .map(([k]) => k);
}

async function backupLibrary(
  items: NamedItem[],
  content: ContentStore,
  secrets?: (item: NamedItem) => string[],
): Promise<LibraryEntry[]> {
  const out: LibraryEntry[] = [];
  for (const item of items) {
    const names = secrets?.(item) ?? [];
    out.push({
      id: String(item.id),
      name: item.name,
      object: await content.putJson(item),
      ...(names.length > 0 ? { secretNames: names } : {}),
    });
  }
  return out;
}

/** Secret names of a definition's newest body (project variables and each stage's). */
async function definitionSecrets(content: ContentStore, d: DefinitionEntry): Promise<string[]> {
  const last = d.revisions[d.revisions.length - 1];
  if (!last) return [];
  const body = await content.getJson<Json>(last.object);
  const stages = (body.environments as { name: string; variables?: unknown }[] | undefined) ?? [];
  return [
    ...secretNamesOf(body.variables),
    ...stages.flatMap((s) => secretNamesOf(s.variables).map((n) => `${s.name}/${n}`)),
  ];
}

export async function backupPipelinesData(
  api: PipelinesApi,
  project: string,
  content: ContentStore,
  previous: PipelinesIndex | undefined,
): Promise<PipelinesIndex> {
  const notes: string[] = [];
  const reads = definitionReads(api, project);
  const buildDefinitions = await backupDefinitions(
    reads.build,
    content,
    previous?.buildDefinitions,
    notes,
  );
  const releaseDefinitions = await backupDefinitions(
    reads.release,
    content,
    previous?.releaseDefinitions,
    notes,
  );
  const variableGroups = await backupLibrary(await api.variableGroups(project), content, (g) =>
    secretNamesOf(g.variables),
  );
  const serviceConnections = await backupLibrary(await api.serviceConnections(project), content);
  const index: PipelinesIndex = {
    buildDefinitions,
    releaseDefinitions,
    taskGroups: await backupLibrary(await api.taskGroups(project), content),
    variableGroups,
    environments: await backupLibrary(await api.environments(project), content),
    deploymentGroups: await backupLibrary(await api.deploymentGroups(project), content),
    serviceConnections,
    agentQueues: await content.putJson(await api.agentQueues(project)),
    notes,
  };
  try {
    index.retention = await content.putJson(await api.retention(project));
  } catch (e) {
    notes.push(`Retention settings could not be read: ${(e as Error).message}`);
  }
  for (const g of variableGroups)
    if (g.secretNames)
      notes.push(
        `Variable group ${g.name}: the values of ${g.secretNames.join(", ")} are secret and cannot be read; their names are kept.`,
      );
  for (const d of [...buildDefinitions, ...releaseDefinitions]) {
    const names = await definitionSecrets(content, d);
    if (names.length > 0)
      notes.push(
        `Definition ${d.name}: the values of secret variables ${names.join(", ")} cannot be read; their names are kept.`,
      );
  }
  for (const c of serviceConnections)
    notes.push(
      `Service connection ${c.name}: its credentials cannot be read; its definition is kept without them.`,
    );
  return index;
}
