import { ALL_DATA_TYPES, type DataType } from "../../src/core/data-types";
import { type BackupScope, type ScopeEntry, choiceFor } from "../../src/core/scope";
import {
  changesOf,
  draftCoverage,
  draftOf,
  isDirty,
  rebaseDraft,
  setDataTypes,
  setProtected,
  setSettings,
} from "../../src/core/scope-draft";
import { DEFAULT_SETTINGS } from "../../src/core/scope-schema";
import { avery } from "./actors";

const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const project = (n: number) => ({ id: guid(n), name: `Project ${n}` });

function entry(
  n: number,
  included: boolean,
  dataTypes: DataType[] = [...ALL_DATA_TYPES],
): ScopeEntry {
  return {
    projectId: guid(n),
    name: `Project ${n}`,
    ...choiceFor(included, dataTypes),
    changedBy: avery,
    changedAt: "2026-11-27T12:00:00.000Z",
    opId: `op-${n}`,
  };
}

function scopeWith(entries: ScopeEntry[], includeNewProjects = false): BackupScope {
  return {
    settings: { ...DEFAULT_SETTINGS, includeNewProjects },
    entries: new Map(entries.map((e) => [e.projectId, e])),
  };
}

const names = new Map([1, 2, 3, 4].map((n) => [guid(n), `Project ${n}`]));

describe("scope draft", () => {
  it("starts clean and records a selected project as added, with the default data types", () => {
    const scope = scopeWith([]);
    let draft = draftOf(scope);
    expect(isDirty(scope, draft)).toBe(false);
    draft = setProtected(scope, draft, [project(1)], true);
    expect(isDirty(scope, draft)).toBe(true);
    const changes = changesOf(scope, draft, names);
    expect(changes.added.map((c) => c.name)).toEqual(["Project 1"]);
    expect(changes.added[0]?.after).toEqual({ choice: "included", dataTypes: [...ALL_DATA_TYPES] });
  });

  it("forgets a change that is undone, so the draft stays minimal", () => {
    const scope = scopeWith([entry(1, true)]);
    let draft = setProtected(scope, draftOf(scope), [project(1)], false);
    expect(changesOf(scope, draft, names).removed).toHaveLength(1);
    draft = setProtected(scope, draft, [project(1)], true);
    expect(draft.choices.size).toBe(0);
    expect(isDirty(scope, draft)).toBe(false);
  });

  it("records removing a project as an explicit exclusion the new-projects rule cannot undo", () => {
    const scope = scopeWith([], true);
    expect(draftCoverage(scope, draftOf(scope), guid(2)).kind).toBe("rule");
    const draft = setProtected(scope, draftOf(scope), [project(2)], false);
    expect(draftCoverage(scope, draft, guid(2))).toEqual({ kind: "excluded" });
    expect(changesOf(scope, draft, names).removed.map((c) => c.projectId)).toEqual([guid(2)]);
  });

  it("changes a project's data types, and clearing them all takes it out", () => {
    const scope = scopeWith([entry(3, true)]);
    let draft = setDataTypes(scope, draftOf(scope), guid(3), ["repos", "wiki"]);
    const changed = changesOf(scope, draft, names).changed;
    expect(changed).toHaveLength(1);
    expect(changed[0]?.after.dataTypes).toEqual(["repos", "wiki"]);
    draft = setDataTypes(scope, draft, guid(3), []);
    expect(changesOf(scope, draft, names).removed.map((c) => c.name)).toEqual(["Project 3"]);
  });

  it("selecting every project touches only those whose state changes", () => {
    const scope = scopeWith([entry(1, true), entry(2, false)]);
    const draft = setProtected(scope, draftOf(scope), [1, 2, 3, 4].map(project), true);
    expect([...draft.choices.keys()].sort()).toEqual([guid(2), guid(3), guid(4)]);
  });

  it("reports a settings change with before and after", () => {
    const scope = scopeWith([]);
    const draft = setSettings(draftOf(scope), {
      includeNewProjects: true,
      defaultDataTypes: ["repos"],
    });
    const { settings } = changesOf(scope, draft, names);
    expect(settings?.before.includeNewProjects).toBe(false);
    expect(settings?.after).toEqual({ includeNewProjects: true, defaultDataTypes: ["repos"] });
  });

  it("names a change by the project's current name, or its registered name once deleted", () => {
    const scope = scopeWith([entry(9, true)]);
    const draft = setProtected(scope, draftOf(scope), [{ id: guid(9), name: "x" }], false);
    expect(changesOf(scope, draft, new Map()).removed[0]?.name).toBe("Project 9");
    expect(changesOf(scope, draft, new Map([[guid(9), "Renamed 9"]])).removed[0]?.name).toBe(
      "Renamed 9",
    );
  });

  it("after a save keeps only the conflicting edits that still differ from the new scope", () => {
    const before = scopeWith([]);
    let draft = setProtected(before, draftOf(before), [project(1), project(2)], true);
    draft = setDataTypes(before, draft, guid(2), ["repos"]);
    // Project 1 was saved; project 2 conflicted with another admin's choice.
    const after = scopeWith([entry(1, true), entry(2, true, ["wiki"])]);
    const rebased = rebaseDraft(after, draft, new Set([guid(2)]));
    expect([...rebased.choices.keys()]).toEqual([guid(2)]);
    expect(changesOf(after, rebased, names).changed[0]?.after.dataTypes).toEqual(["repos"]);
    // Keeping a choice equal to what is stored drops it.
    const same = rebaseDraft(scopeWith([entry(2, true, ["repos"])]), draft, new Set([guid(2)]));
    expect(same.choices.size).toBe(0);
  });
});
