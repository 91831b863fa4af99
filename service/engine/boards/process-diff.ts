// What a backed-up inherited process has that a process on the target lacks: types, backlog levels,
// and on each type its states (added or hidden), fields, rules, form pages, groups and controls and
// backlog levels. A restore adds exactly these to a process it created; for a process of that
// name the target already had, it lists them in the plan and changes nothing.
import type { Fields } from "./boards-api";
import type { StoredProcess, StoredWorkItemType } from "./boards-snapshot";

export type ProcessChange = { says: string; type: string } & (
  | { kind: "state" | "field" | "rule" | "page" | "type-behavior"; body: Fields }
  | { kind: "hide-state"; stateId: string }
  | { kind: "group"; pageId: string; section: string; body: Fields }
  | { kind: "control"; groupId: string; body: Fields }
);

const same = (a: unknown, b: unknown): boolean =>
  String(a ?? "").toLowerCase() === String(b ?? "").toLowerCase();

interface Named {
  id?: unknown;
  name?: unknown;
  label?: unknown;
  referenceName?: unknown;
}

function has(list: Named[], key: keyof Named, value: unknown): boolean {
  return list.some((x) => same(x[key], value));
}

function stateChanges(source: StoredWorkItemType, target: StoredWorkItemType): ProcessChange[] {
  const type = String(target.type.referenceName);
  const out: ProcessChange[] = [];
  for (const s of source.states) {
    const there = target.states.find((t) => same(t.name, s.name));
    if (!there && s.customizationType !== "system")
      out.push({
        kind: "state",
        type,
        says: `state ${String(s.name)} (${String(s.stateCategory)})`,
        body: { name: s.name, color: s.color, stateCategory: s.stateCategory, order: s.order },
      });
    if (there && s.hidden === true && there.hidden !== true)
      out.push({
        kind: "hide-state",
        type,
        says: `hidden state ${String(s.name)}`,
        stateId: String(there.id),
      });
  }
  return out;
}

function fieldAndRuleChanges(
  source: StoredWorkItemType,
  target: StoredWorkItemType,
): ProcessChange[] {
  const type = String(target.type.referenceName);
  const fields: ProcessChange[] = source.fields
    .filter(
      (f) => f.customization !== "system" && !has(target.fields, "referenceName", f.referenceName),
    )
    .map((f) => ({
      kind: "field",
      type,
      says: `field ${String(f.referenceName)}`,
      body: {
        referenceName: f.referenceName,
        required: f.required ?? false,
        readOnly: f.readOnly ?? false,
        ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}),
        ...(f.allowGroups !== undefined ? { allowGroups: f.allowGroups } : {}),
      },
    }));
  const rules: ProcessChange[] = source.rules
    .filter((r) => r.customizationType !== "system" && !has(target.rules, "name", r.name))
    .map((r) => ({
      kind: "rule",
      type,
      says: `rule "${String(r.name)}"`,
      body: {
        name: r.name,
        conditions: r.conditions,
        actions: r.actions,
        isDisabled: r.isDisabled ?? false,
      },
    }));
  return [...fields, ...rules];
}

type Page = Fields & { sections?: { id: string; groups?: Group[] }[] };
type Group = Fields & { controls?: Fields[] };

const ownControls = (g: Group): Fields[] =>
  (g.controls ?? [])
    .filter((c) => c.inherited !== true)
    .map(({ inherited: _i, overridden: _o, ...c }) => c);

function groupBody(g: Group): Fields {
  return { label: g.label, visible: g.visible ?? true, controls: ownControls(g) };
}

function groupChanges(type: string, source: Page, target: Page): ProcessChange[] {
  const out: ProcessChange[] = [];
  const targetGroups = (target.sections ?? []).flatMap((s) => s.groups ?? []);
  for (const section of source.sections ?? [])
    for (const g of section.groups ?? []) {
      const there = targetGroups.find((t) => same(t.id, g.id) || same(t.label, g.label));
      if (!there) {
        if (g.inherited !== true)
          out.push({
            kind: "group",
            type,
            says: `form group ${String(g.label)} on ${String(source.label)}`,
            pageId: String(target.id),
            section: section.id,
            body: groupBody(g),
          });
        continue;
      }
      for (const c of ownControls(g))
        if (!has(there.controls ?? [], "id", c.id))
          out.push({
            kind: "control",
            type,
            says: `form control ${String(c.id)} in ${String(g.label)}`,
            groupId: String(there.id),
            body: c,
          });
    }
  return out;
}

function layoutChanges(source: StoredWorkItemType, target: StoredWorkItemType): ProcessChange[] {
  const type = String(target.type.referenceName);
  const targetPages = (target.layout.pages as Page[] | undefined) ?? [];
  return ((source.layout.pages as Page[] | undefined) ?? []).flatMap((page): ProcessChange[] => {
    const there = targetPages.find((t) => same(t.id, page.id) || same(t.label, page.label));
    if (there) return groupChanges(type, page, there);
    if (page.inherited === true) return [];
    const groups = (page.sections ?? []).map((s) => ({
      id: s.id,
      groups: (s.groups ?? []).map(groupBody),
    }));
    return [
      {
        kind: "page",
        type,
        says: `form page ${String(page.label)}`,
        body: {
          label: page.label,
          pageType: page.pageType,
          visible: page.visible ?? true,
          sections: groups,
        },
      },
    ];
  });
}

function behaviorChanges(
  source: StoredWorkItemType,
  target: StoredWorkItemType,
  behaviorRefs: Map<string, string>,
): ProcessChange[] {
  const type = String(target.type.referenceName);
  const targetIds = target.behaviors.map((b) => (b.behavior as Fields | undefined)?.id);
  return source.behaviors.flatMap((b): ProcessChange[] => {
    const id = String((b.behavior as Fields | undefined)?.id ?? "");
    const mapped = behaviorRefs.get(id) ?? id;
    if (targetIds.some((t) => same(t, mapped))) return [];
    return [
      {
        kind: "type-behavior",
        type,
        says: `on backlog level ${mapped}`,
        body: { behavior: { id: mapped }, isDefault: b.isDefault ?? false },
      },
    ];
  });
}

/** What one type of the backup has that the target's type of that name lacks. */
export function typeChanges(
  source: StoredWorkItemType,
  target: StoredWorkItemType,
  behaviorRefs: Map<string, string>,
): ProcessChange[] {
  return [
    ...stateChanges(source, target),
    ...fieldAndRuleChanges(source, target),
    ...layoutChanges(source, target),
    ...behaviorChanges(source, target, behaviorRefs),
  ];
}

/** Every difference, in words, between the backed-up process and one the target already has. */
export function processDifferences(source: StoredProcess, target: StoredProcess): string[] {
  const out: string[] = [];
  if (!same(source.parentName, target.parentName))
    out.push(`inherits from ${target.parentName ?? "?"}, not ${source.parentName ?? "?"}`);
  for (const b of source.behaviors)
    if (!has(target.behaviors, "name", b.name)) out.push(`lacks backlog level ${String(b.name)}`);
  const behaviorRefs = new Map(
    source.behaviors.map((b) => [
      String(b.referenceName),
      String(target.behaviors.find((t) => same(t.name, b.name))?.referenceName ?? b.referenceName),
    ]),
  );
  for (const t of source.workItemTypes) {
    const there = target.workItemTypes.find((x) => same(x.type.name, t.type.name));
    if (!there) {
      out.push(`lacks the ${t.type.inherits ? "derived" : "custom"} type ${String(t.type.name)}`);
      continue;
    }
    for (const c of typeChanges(t, there, behaviorRefs))
      out.push(`${String(t.type.name)} lacks ${c.says}`);
  }
  return out;
}
