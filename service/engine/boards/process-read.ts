// Reads the process a project uses. A system process (Agile, Scrum, CMMI, Basic) is the same on
// every organization: its name is enough. An inherited one is kept as what it adds: the types it
// derives or creates, each with its states, fields, rules, form and behaviors, the backlog levels
// it adds, and the organization fields and picklists those types use. About a dozen requests.
import type { Fields } from "./boards-api";
import type { StoredProcess, StoredWorkItemType } from "./boards-snapshot";
import type { ProcessApi } from "./process-api";

export const SYSTEM_FIELD = /^(System|Microsoft)\./;

async function readType(api: ProcessApi, typeId: string, t: Fields): Promise<StoredWorkItemType> {
  const ref = String(t.referenceName);
  const [fields, rules] = await Promise.all([api.fields(typeId, ref), api.rules(typeId, ref)]);
  const { states, layout, behaviors, ...type } = t;
  return {
    type,
    states: (states as Fields[] | undefined) ?? [],
    fields,
    rules,
    layout: (layout as Fields | undefined) ?? { pages: [] },
    behaviors: (behaviors as Fields[] | undefined) ?? [],
  };
}

/** The organization fields the types add, and their picklists. */
async function readFieldDefinitions(
  api: ProcessApi,
  types: StoredWorkItemType[],
): Promise<{ fieldDefinitions: Fields[]; picklists: Fields[] }> {
  const refs = new Set<string>();
  for (const t of types)
    for (const f of t.fields)
      if (!SYSTEM_FIELD.test(String(f.referenceName))) refs.add(String(f.referenceName));
  const fieldDefinitions = (
    await Promise.all([...refs].sort().map((ref) => api.fieldDefinition(ref)))
  ).filter((f): f is Fields => f !== undefined);
  const picklists = await Promise.all(
    fieldDefinitions
      .filter((f) => f.isPicklist && typeof f.picklistId === "string")
      .map((f) => api.picklist(String(f.picklistId))),
  );
  return { fieldDefinitions, picklists };
}

/** The process a project uses (undefined when the project does not say). */
export async function readProcess(
  api: ProcessApi,
  project: string,
): Promise<StoredProcess | undefined> {
  const typeId = await api.processTypeId(project);
  return typeId ? readProcessById(api, typeId) : undefined;
}

export async function readProcessById(api: ProcessApi, typeId: string): Promise<StoredProcess> {
  const process = await api.process(typeId);
  if (process.customizationType === "system")
    return { process, workItemTypes: [], behaviors: [], fieldDefinitions: [], picklists: [] };
  const [parent, all, behaviors] = await Promise.all([
    api.process(String(process.parentProcessTypeId)),
    api.workItemTypes(typeId),
    api.behaviors(typeId),
  ]);
  const own = all.filter((t) => t.customization !== "system");
  const workItemTypes: StoredWorkItemType[] = [];
  for (const t of own) workItemTypes.push(await readType(api, typeId, t));
  return {
    process,
    parentName: String(parent.name),
    workItemTypes,
    behaviors: behaviors.filter((b) => b.customization !== "system"),
    ...(await readFieldDefinitions(api, workItemTypes)),
  };
}
