// What the process routes answer: an inherited process shows its parent's work item types,
// states, fields, form and behaviors with its own changes on top, each marked with where it comes
// from ("system", "inherited", "custom"), as the Work Item Tracking Process REST API 7.1 does.
import type { BoardsOrganization } from "./model";
import type { ControlRecord, PageRecord, ProcessRecord, WorkItemTypeRecord } from "./process-model";
import { notFound } from "./wire";

/** A work item type as a process shows it: its own record and, for a derived type, its parent's. */
export interface TypeView {
  type: WorkItemTypeRecord;
  parent?: WorkItemTypeRecord;
}

export function processById(org: BoardsOrganization, id: string | undefined): ProcessRecord {
  const p = org.processes.get((id ?? "").toLowerCase());
  if (!p) throw notFound(`VS402356: The process ${id ?? ""} does not exist.`);
  return p;
}

export function typesOf(org: BoardsOrganization, p: ProcessRecord): TypeView[] {
  const parent = org.processes.get(p.parentProcessTypeId);
  if (!parent) return p.workItemTypes.map((type) => ({ type }));
  const derived = new Map(p.workItemTypes.filter((t) => t.inherits).map((t) => [t.inherits, t]));
  return [
    ...parent.workItemTypes.map((t) => {
      const own = derived.get(t.referenceName);
      return own ? { type: own, parent: t } : { type: t };
    }),
    ...p.workItemTypes.filter((t) => !t.inherits).map((type) => ({ type })),
  ];
}

export function typeOf(
  org: BoardsOrganization,
  p: ProcessRecord,
  ref: string | undefined,
): TypeView {
  const wanted = (ref ?? "").toLowerCase();
  const found = typesOf(org, p).find(
    (v) =>
      v.type.referenceName.toLowerCase() === wanted ||
      v.parent?.referenceName.toLowerCase() === wanted,
  );
  if (!found) throw notFound(`VS402805: The work item type ${ref ?? ""} does not exist.`);
  return found;
}

export function wireStates(view: TypeView): Record<string, unknown>[] {
  const own = view.type.states.map((s) => ({
    ...s,
    customizationType: view.type.customization === "system" ? "system" : "custom",
  }));
  const inherited = (view.parent?.states ?? []).map((s) => ({
    ...s,
    customizationType: "system",
    ...(view.type.hiddenStates.includes(s.name) ? { hidden: true } : {}),
  }));
  return [...inherited, ...own].sort((a, b) => a.order - b.order);
}

const SYSTEM_FIELD_TYPES: Record<string, string> = {
  "System.Description": "html",
  "Microsoft.VSTS.TCM.ReproSteps": "html",
  "Microsoft.VSTS.Scheduling.StoryPoints": "double",
  "Microsoft.VSTS.Common.Priority": "integer",
};

/** The organization's definition of a field: one it added, or a system field. */
export function fieldDefinition(org: BoardsOrganization, ref: string): Record<string, unknown> {
  const added = org.fields.get(ref.toLowerCase());
  if (added) return { ...added, usage: "workItem", isIdentity: false };
  return {
    referenceName: ref,
    name: ref.replace(/^.*\./, ""),
    type: SYSTEM_FIELD_TYPES[ref] ?? "string",
    description: "",
    isPicklist: false,
    usage: "workItem",
    isIdentity: false,
  };
}

export function wireTypeFields(org: BoardsOrganization, view: TypeView): Record<string, unknown>[] {
  const of = (list: WorkItemTypeRecord["fields"], customization: string) =>
    list.map((f) => {
      const def = fieldDefinition(org, f.referenceName);
      return {
        referenceName: f.referenceName,
        name: def.name,
        type: def.type,
        description: def.description,
        required: f.required,
        readOnly: f.readOnly,
        ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}),
        ...(f.allowGroups !== undefined ? { allowGroups: f.allowGroups } : {}),
        customization,
      };
    });
  if (!view.parent) return of(view.type.fields, view.type.customization);
  return [...of(view.parent.fields, "system"), ...of(view.type.fields, "custom")];
}

export function wireRules(view: TypeView): Record<string, unknown>[] {
  return view.type.rules.map((r) => ({
    ...r,
    isSystem: false,
    customizationType: "custom",
  }));
}

function inheritedControl(c: ControlRecord): Record<string, unknown> {
  return { ...c, controlType: c.controlType ?? "FieldControl", inherited: true };
}

function ownControl(c: ControlRecord): Record<string, unknown> {
  return { ...c, controlType: c.controlType ?? "FieldControl" };
}

function ownPage(page: PageRecord): Record<string, unknown> {
  return {
    ...page,
    sections: page.sections.map((s) => ({
      id: s.id,
      groups: s.groups.map((g) => ({ ...g, controls: g.controls.map(ownControl) })),
    })),
  };
}

/** The form: the parent's pages (inherited), with the groups and controls the type added. */
export function wireLayout(view: TypeView): Record<string, unknown> {
  if (!view.parent) return { pages: view.type.pages.map(ownPage), systemControls: [] };
  const added = new Map(view.type.pages.map((p) => [p.id, p]));
  const pages: Record<string, unknown>[] = view.parent.pages.map((page) => ({
    ...page,
    inherited: true,
    sections: page.sections.map((s) => ({
      id: s.id,
      groups: [
        ...s.groups.map((g) => ({
          ...g,
          inherited: true,
          controls: [
            ...g.controls.map(inheritedControl),
            ...(view.type.addedControls[g.id] ?? []).map(ownControl),
          ],
        })),
        ...(added.get(page.id)?.sections.find((x) => x.id === s.id)?.groups ?? []).map((g) => ({
          ...g,
          controls: g.controls.map(ownControl),
        })),
      ],
    })),
  }));
  const parentPages = new Set(view.parent.pages.map((p) => p.id));
  for (const page of view.type.pages) if (!parentPages.has(page.id)) pages.push(ownPage(page));
  return { pages, systemControls: [] };
}

export function wireTypeBehaviors(view: TypeView): Record<string, unknown>[] {
  return [...(view.parent?.behaviors ?? []), ...view.type.behaviors].map((b) => ({
    behavior: { id: b.id },
    isDefault: b.isDefault,
    isLegacyDefault: false,
  }));
}

export function wireType(view: TypeView, expand: string): Record<string, unknown> {
  const t = view.type;
  const wants = (what: string) => expand.split(",").some((e) => e.trim().toLowerCase() === what);
  return {
    referenceName: t.referenceName,
    name: t.name,
    description: t.description,
    color: t.color,
    icon: t.icon,
    isDisabled: t.isDisabled,
    ...(t.inherits ? { inherits: t.inherits } : {}),
    customization: t.customization,
    ...(wants("states") ? { states: wireStates(view) } : {}),
    ...(wants("behaviors") ? { behaviors: wireTypeBehaviors(view) } : {}),
    ...(wants("layout") ? { layout: wireLayout(view) } : {}),
  };
}

export function wireBehaviors(
  org: BoardsOrganization,
  p: ProcessRecord,
): Record<string, unknown>[] {
  const parent = org.processes.get(p.parentProcessTypeId);
  return [...(parent?.behaviors ?? []), ...p.behaviors].map((b) => ({
    referenceName: b.referenceName,
    name: b.name,
    color: b.color,
    rank: b.rank,
    description: b.description,
    ...(b.inherits ? { inherits: { behaviorRefName: b.inherits } } : {}),
    customization: b.customization,
  }));
}

export function wireProcess(p: ProcessRecord): Record<string, unknown> {
  return {
    typeId: p.typeId,
    name: p.name,
    referenceName: p.referenceName,
    description: p.description,
    parentProcessTypeId: p.parentProcessTypeId,
    customizationType: p.customizationType,
    isDefault: false,
    isEnabled: true,
  };
}
