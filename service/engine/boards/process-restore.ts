// Restoring the process a project used. A system process exists on every organization: nothing to
// do. An inherited one the target organization lacks is created from the same system parent and
// its customisations replayed: fields and picklists, backlog levels, derived and custom types, then
// on each type what the new process still lacks (states, fields, rules, form, backlog levels). One
// the target already has is compared and never changed: the plan lists how it differs. A restore
// does not move the target project to the process (see `projectNote`).
import type { Fields } from "./boards-api";
import type { StoredProcess } from "./boards-snapshot";
import type { ProcessApi } from "./process-api";
import { processDifferences, typeChanges, type ProcessChange } from "./process-diff";
import { readProcessById } from "./process-read";

export interface ProcessRestorePlan {
  name: string;
  parentName?: string;
  /** system: nothing to restore; create: a new inherited process; exists: compared, not changed. */
  action: "system" | "create" | "exists";
  /** create: what will be made. exists: what the target's process lacks. */
  lines: string[];
  /** The process the target project uses now. */
  targetProjectUses?: string;
}

/** Runs one restore step; a failure is reported by the caller and the rest goes on. */
export type Attempt = (name: string, step: () => Promise<void>) => Promise<void>;

function customisations(stored: StoredProcess): string[] {
  const derived = stored.workItemTypes
    .filter((t) => t.type.inherits)
    .map((t) => String(t.type.name));
  const custom = stored.workItemTypes
    .filter((t) => !t.type.inherits)
    .map((t) => String(t.type.name));
  const count = (pick: (t: StoredProcess["workItemTypes"][number]) => unknown[]) =>
    stored.workItemTypes.reduce((n, t) => n + pick(t).length, 0);
  return [
    ...(derived.length ? [`derive ${derived.join(", ")}`] : []),
    ...(custom.length ? [`create type ${custom.join(", ")}`] : []),
    ...stored.behaviors.map((b) => `add backlog level ${String(b.name)}`),
    ...stored.fieldDefinitions.map(
      (f) =>
        `field ${String(f.referenceName)} (${String(f.type)}${f.isPicklist ? ", picklist" : ""}) if the organization lacks it`,
    ),
    `then ${count((t) => t.states.filter((s) => s.customizationType !== "system"))} states, ${count((t) => t.fields.filter((f) => f.customization !== "system"))} fields, ${count((t) => t.rules)} rules and the form groups and controls as backed up`,
  ];
}

export async function planProcessRestore(
  api: ProcessApi,
  stored: StoredProcess | undefined,
  targetProject: string,
): Promise<ProcessRestorePlan | undefined> {
  if (!stored) return undefined;
  const name = String(stored.process.name);
  const usesId = await api.processTypeId(targetProject);
  const targetProjectUses = usesId ? String((await api.process(usesId)).name) : undefined;
  const base = {
    name,
    ...(stored.parentName ? { parentName: stored.parentName } : {}),
    ...(targetProjectUses ? { targetProjectUses } : {}),
  };
  if (stored.process.customizationType === "system")
    return { ...base, action: "system", lines: [] };
  const existing = (await api.processes()).find(
    (p) => String(p.name).toLowerCase() === name.toLowerCase(),
  );
  if (!existing) return { ...base, action: "create", lines: customisations(stored) };
  const target = await readProcessById(api, String(existing.typeId));
  return { ...base, action: "exists", lines: processDifferences(stored, target) };
}

/** What the plan says about the process, and what the restore does not do about the project's. */
export function describeProcessPlan(plan: ProcessRestorePlan, targetProject: string): string[] {
  const lines: string[] = [];
  if (plan.action === "create") {
    lines.push(
      `  create inherited process ${plan.name} (from ${plan.parentName ?? "its system parent"}):`,
    );
    for (const l of plan.lines) lines.push(`    ${l}`);
  }
  if (plan.action === "exists") {
    lines.push(
      plan.lines.length === 0
        ? `  use existing process ${plan.name}: it has every customisation of the backup`
        : `  use existing process ${plan.name}, not changed; it differs from the backup:`,
    );
    for (const l of plan.lines) lines.push(`    ${l}`);
  }
  if (plan.targetProjectUses && plan.targetProjectUses !== plan.name)
    lines.push(
      `  note: ${targetProject} uses the process ${plan.targetProjectUses}, the backed-up project used ${plan.name}. A restore does not move a project to another process (the REST API cannot do it for every project): change it under Organization settings > Boards > Process > ${plan.name} > Projects. Until then, work items of types, fields or states only ${plan.name} has may fail and are reported.`,
    );
  return lines;
}

async function createFields(
  api: ProcessApi,
  stored: StoredProcess,
  attempt: Attempt,
): Promise<void> {
  for (const f of stored.fieldDefinitions)
    await attempt(`field ${String(f.referenceName)}`, async () => {
      if (await api.fieldDefinition(String(f.referenceName))) return;
      const picklist = stored.picklists.find((p) => p.id === f.picklistId);
      const created = picklist
        ? await api.createPicklist({
            name: picklist.name,
            type: picklist.type,
            items: picklist.items,
            isSuggested: picklist.isSuggested ?? false,
          })
        : undefined;
      await api.createField({
        name: f.name,
        referenceName: f.referenceName,
        type: f.type,
        description: f.description ?? "",
        usage: "workItem",
        isPicklist: Boolean(created),
        ...(created ? { picklistId: created.id } : {}),
      });
    });
}

/** Creates the process with its backlog levels and types; answers its id and the levels' new names. */
async function createProcess(
  api: ProcessApi,
  stored: StoredProcess,
  attempt: Attempt,
): Promise<{ typeId: string; behaviorRefs: Map<string, string> }> {
  const p = stored.process;
  const created = await api.createProcess({
    name: p.name,
    parentProcessTypeId: p.parentProcessTypeId,
    referenceName: p.referenceName,
    description: p.description ?? "",
  });
  const typeId = String(created.typeId);
  const behaviorRefs = new Map<string, string>();
  for (const b of stored.behaviors)
    await attempt(`backlog level ${String(b.name)}`, async () => {
      const made = await api.createBehavior(typeId, {
        name: b.name,
        color: b.color,
        description: b.description ?? "",
        referenceName: b.referenceName,
        inherits: (b.inherits as Fields | undefined)?.behaviorRefName,
      });
      behaviorRefs.set(String(b.referenceName), String(made.referenceName));
    });
  for (const { type: t } of stored.workItemTypes)
    await attempt(`work item type ${String(t.name)}`, async () => {
      const look = {
        color: t.color,
        icon: t.icon,
        description: t.description ?? "",
        isDisabled: t.isDisabled ?? false,
      };
      await api.createWorkItemType(
        typeId,
        t.inherits ? { ...look, inheritsFrom: t.inherits } : { ...look, name: t.name },
      );
    });
  return { typeId, behaviorRefs };
}

async function applyChange(api: ProcessApi, typeId: string, c: ProcessChange): Promise<void> {
  switch (c.kind) {
    case "hide-state":
      await api.hideState(typeId, c.type, c.stateId);
      return;
    case "group":
      await api.addToType(
        typeId,
        c.type,
        `/layout/pages/${c.pageId}/sections/${c.section}/groups`,
        c.body,
      );
      return;
    case "control":
      await api.addToType(typeId, c.type, `/layout/groups/${c.groupId}/controls`, c.body);
      return;
    case "type-behavior":
      await api.addTypeBehavior(typeId, c.type, c.body);
      return;
    case "page": {
      const { sections, ...page } = c.body as Fields & {
        sections: { id: string; groups: Fields[] }[];
      };
      const made = await api.addToType(typeId, c.type, "/layout/pages", page);
      for (const s of sections)
        for (const g of s.groups)
          await api.addToType(
            typeId,
            c.type,
            `/layout/pages/${String(made.id)}/sections/${s.id}/groups`,
            g,
          );
      return;
    }
    default:
      await api.addToType(typeId, c.type, `/${c.kind}s`, c.body);
  }
}

/** Creates the inherited process the plan says to create and replays its customisations. */
export async function applyProcessRestore(
  api: ProcessApi,
  plan: ProcessRestorePlan,
  stored: StoredProcess,
  attempt: Attempt,
): Promise<number> {
  if (plan.action !== "create") return 0;
  let applied = 0;
  await createFields(api, stored, attempt);
  const { typeId, behaviorRefs } = await createProcess(api, stored, attempt);
  const target = await readProcessById(api, typeId);
  for (const source of stored.workItemTypes) {
    const there = target.workItemTypes.find(
      (t) => String(t.type.name) === String(source.type.name),
    );
    if (!there) continue;
    for (const c of typeChanges(source, there, behaviorRefs))
      await attempt(`${String(source.type.name)}: ${c.says}`, async () => {
        await applyChange(api, typeId, c);
        applied++;
      });
  }
  return applied;
}
