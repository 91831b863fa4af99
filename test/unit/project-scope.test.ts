import {
  ADD_TEXT,
  REMOVE_TEXT,
  changeFor,
  describeConflict,
  menuTextFor,
  projectFromConfiguration,
  projectFromContext,
  projectScopeView,
  retryChange,
  savedMessage,
} from "../../src/core/project-scope";
import { ALL_DATA_TYPES } from "../../src/core/data-types";
import { type BackupScope, choiceFor } from "../../src/core/scope";
import { DEFAULT_SETTINGS } from "../../src/core/scope-schema";
import { MemoryScopeRepository } from "./fakes/memory-scope-repository";
import { avery, blake } from "./actors";

const web = { id: "6831ef5d-84ec-417a-bb87-0265b9407584", name: "Fabrikam Web" };

const withRule = (on: boolean): BackupScope => ({
  settings: {
    ...DEFAULT_SETTINGS,
    includeNewProjects: on,
    ...(on ? { changedBy: blake, changedAt: "2026-01-02T10:00:00.000Z", opId: "op-rule" } : {}),
  },
  entries: new Map(),
});

describe("projectFromContext", () => {
  it.each([
    ["the projects grid's row", { id: web.id, name: web.name, state: "wellFormed" }],
    ["the project toolbar's context", { project: { id: web.id, name: web.name } }],
    ["projectId and projectName", { projectId: web.id, projectName: web.name }],
  ])("reads the project from %s", (_, context) => {
    expect(projectFromContext(context)).toEqual({ kind: "project", project: web });
  });

  it("reports an id alone, or a name alone, as partial so the caller looks it up", () => {
    expect(projectFromContext({ projectId: web.id })).toEqual({ kind: "partial", id: web.id });
    expect(projectFromContext({ projectName: web.name })).toEqual({
      kind: "partial",
      name: web.name,
    });
  });

  it.each([[undefined], [null], ["text"], [[]], [{}], [{ name: "no id" }], [{ project: {} }]])(
    "reports %p as unknown, so the caller asks the page data service",
    (context) => {
      expect(projectFromContext(context)).toEqual({ kind: "unknown" });
    },
  );

  it("reads the target passed to the dialog in its configuration", () => {
    expect(projectFromConfiguration({ target: { project: web } })).toEqual({
      kind: "project",
      project: web,
    });
    expect(projectFromConfiguration({ dialog: {} })).toEqual({ kind: "unknown" });
  });
});

describe("projectScopeView", () => {
  it("says a project covered by the rule is in scope through it, with the rule's last change", () => {
    const view = projectScopeView(withRule(true), web);
    expect(view.status).toBe("rule");
    expect(view.isProtected).toBe(true);
    expect(view.summary).toMatch(/include new projects automatically/);
    expect(view.lastChange).toEqual({ by: blake, at: "2026-01-02T10:00:00.000Z", what: "rule" });
  });

  it("says an untouched project without the rule is out of scope, with no last change", () => {
    const view = projectScopeView(withRule(false), web);
    expect(view.status).toBe("none");
    expect(view.isProtected).toBe(false);
    expect(view.lastChange).toBeUndefined();
  });

  it("shows a chosen project's data types, who chose them, and its name when chosen", () => {
    const scope: BackupScope = {
      settings: DEFAULT_SETTINGS,
      entries: new Map([
        [
          web.id,
          {
            projectId: web.id,
            name: "Web (old name)",
            choice: "included",
            dataTypes: ["repos", "wiki"],
            changedBy: avery,
            changedAt: "2026-01-03T09:00:00.000Z",
            opId: "op-1",
          },
        ],
      ]),
    };
    const view = projectScopeView(scope, web);
    expect(view.status).toBe("chosen");
    expect(view.dataTypes).toEqual(["repos", "wiki"]);
    expect(view.lastChange?.by).toEqual(avery);
    expect(view.recordedName).toBe("Web (old name)");
  });
});

describe("menuTextFor", () => {
  it("offers to add a project that is not protected and to remove one that is", () => {
    expect(menuTextFor(withRule(false), web.id)).toBe(ADD_TEXT);
    expect(menuTextFor(withRule(true), web.id)).toBe(REMOVE_TEXT);
  });
});

describe("changeFor", () => {
  it("adds a project with the chosen data types", () => {
    const change = changeFor(withRule(false), web, { kind: "add", dataTypes: ["repos"] });
    expect(change).toMatchObject({ projectId: web.id, name: web.name, before: undefined });
    expect(change?.after).toEqual(choiceFor(true, ["repos"]));
  });

  it("records an explicit exclusion when removing a project covered by the rule", () => {
    const change = changeFor(withRule(true), web, { kind: "remove" });
    expect(change?.after).toEqual({ choice: "excluded", dataTypes: [] });
  });

  it("makes no change when the edit is what is stored already", () => {
    expect(changeFor(withRule(true), web, { kind: "add", dataTypes: [...ALL_DATA_TYPES] })).toBe(
      undefined,
    );
    expect(changeFor(withRule(false), web, { kind: "remove" })).toBe(undefined);
  });

  it("saves through the repository with an audit record, and the toast says what happened", async () => {
    const store = new MemoryScopeRepository();
    const base = await store.load();
    const change = changeFor(base.scope, web, { kind: "add", dataTypes: ["repos", "boards"] });
    if (!change) throw new Error("expected a change");
    const result = await store.save(base, [change], undefined, { actor: avery, opId: "op-a" });
    expect(result.conflicts).toEqual([]);
    expect(projectScopeView(result.snapshot.scope, web).dataTypes).toEqual(["repos", "boards"]);
    const history = await store.loadHistory();
    expect(history.records[0]?.changes[0]).toMatchObject({ projectId: web.id, kind: "added" });
    expect(savedMessage(base.scope, web, change)).toBe(
      "Fabrikam Web was added to the backup scope.",
    );
  });

  it("reports another admin's change meanwhile, then applies mine on top when asked", async () => {
    const store = new MemoryScopeRepository();
    const mineBase = await store.load();
    const theirsBase = await store.load();
    const theirs = changeFor(theirsBase.scope, web, { kind: "add", dataTypes: ["wiki"] });
    await store.save(theirsBase, theirs ? [theirs] : [], undefined, { actor: blake, opId: "op-b" });

    const mine = changeFor(mineBase.scope, web, { kind: "remove" });
    expect(mine).toBeUndefined(); // out of scope when I looked: removing is no change
    const add = changeFor(mineBase.scope, web, { kind: "add", dataTypes: ["repos"] });
    if (!add) throw new Error("expected a change");
    const result = await store.save(mineBase, [add], undefined, { actor: avery, opId: "op-a" });
    expect(result.applied).toEqual([]);
    const conflict = result.conflicts[0];
    if (!conflict) throw new Error("expected a conflict");
    expect(describeConflict(conflict, () => "10:00")).toBe(
      "Blake Backup changed Fabrikam Web at 10:00 while you were editing: it is in the backup scope (Wiki).",
    );

    const again = retryChange(result.snapshot.scope, web, conflict.mine);
    if (!again) throw new Error("expected a change");
    const second = await store.save(result.snapshot, [again], undefined, {
      actor: avery,
      opId: "op-a2",
    });
    expect(second.conflicts).toEqual([]);
    expect(projectScopeView(second.snapshot.scope, web).dataTypes).toEqual(["repos"]);
  });
});
