// The draft of scope changes as a pure reducer, without a DOM: it follows the scope it is relative
// to, keeps the admin's choices, and after a save keeps only what conflicted.
import { changesOf, setProtected } from "../../../src/core/scope-draft";
import type { SaveResult, ScopeSnapshot } from "../../../src/core/scope-store";
import { DEFAULT_SETTINGS } from "../../../src/core/scope-schema";
import { opIdForSave } from "../../../src/ui/save-op-id";
import {
  type ScopeEditAction,
  type ScopeEditState,
  initialScopeEdit,
  scopeEditReducer,
} from "../../../src/ui/scope-edit-state";
import { MemoryScopeRepository } from "../fakes/memory-scope-repository";
import { avery } from "../actors";

const web = { id: "6831ef5d-84ec-417a-bb87-0265b9407584", name: "Fabrikam Web" };
const app = { id: "0e1fa2a3-1b5c-4a8e-9c1d-2f3a4b5c6d7e", name: "Mobile App" };

const run = (state: ScopeEditState, ...actions: ScopeEditAction[]): ScopeEditState =>
  actions.reduce(scopeEditReducer, state);

const tick = (...projects: (typeof web)[]): ScopeEditAction => ({
  type: "draft-edited",
  update: (d, s) => setProtected(s.scope, d, projects, true),
});

async function editing(): Promise<{ store: MemoryScopeRepository; scope: ScopeSnapshot }> {
  const store = new MemoryScopeRepository();
  return { store, scope: await store.load() };
}

describe("the draft of scope changes", () => {
  it("starts empty on the first scope and keeps the admin's choices on a newer one", async () => {
    const { scope } = await editing();
    const started = run(initialScopeEdit, { type: "scope-changed", snapshot: scope });
    expect(started.draft?.choices.size).toBe(0);
    const ticked = run(started, tick(web));
    expect([...(ticked.draft?.choices.keys() ?? [])]).toEqual([web.id]);
    const newer: ScopeSnapshot = { ...scope, etags: new Map() };
    const rebased = run(ticked, { type: "scope-changed", snapshot: newer });
    expect(rebased.base).toBe(newer);
    expect([...(rebased.draft?.choices.keys() ?? [])]).toEqual([web.id]);
    // The same scope again changes nothing.
    expect(run(rebased, { type: "scope-changed", snapshot: newer })).toBe(rebased);
  });

  it("after a save keeps only the choices that conflicted, and says what happened", async () => {
    const { store, scope } = await editing();
    const ticked = run(
      initialScopeEdit,
      { type: "scope-changed", snapshot: scope },
      tick(web, app),
    );
    const names = new Map([web, app].map((p) => [p.id, p.name]));
    const webOnly = changesOf(
      scope.scope,
      run(initialScopeEdit, { type: "scope-changed", snapshot: scope }, tick(web)).draft!,
      names,
    );
    // The store saved Fabrikam Web; Mobile App conflicted with another admin's change.
    const result: SaveResult = {
      ...(await store.save(scope, webOnly.projects, undefined, { actor: avery, opId: "op-1" })),
      conflicts: [{ projectId: app.id } as never],
    };
    const notice = { kind: "success" as const, title: "Saved 1 change to the backup scope." };
    const saved = run(
      ticked,
      { type: "save-started", opId: "op-1" },
      { type: "saved", result, notice },
    );
    expect(saved.base).toBe(result.snapshot);
    expect([...(saved.draft?.choices.keys() ?? [])]).toEqual([app.id]);
    expect(saved.notice).toBe(notice);
    expect(saved.unfinishedSave).toBeUndefined();
    // The session then shows that same scope: the draft stays as the save left it.
    expect(run(saved, { type: "scope-changed", snapshot: result.snapshot })).toBe(saved);
  });

  it("keeps a failed save's id, so trying again is the same save", async () => {
    const { scope } = await editing();
    const failed = run(
      initialScopeEdit,
      { type: "scope-changed", snapshot: scope },
      tick(web),
      { type: "save-started", opId: "op-1" },
      { type: "save-failed", problem: { title: "Offline", detail: "" } },
    );
    expect(failed.saveProblem?.title).toBe("Offline");
    expect(
      opIdForSave(
        failed.unfinishedSave,
        "draft",
        () => true,
        () => "op-2",
      ),
    ).toBe("op-1");
    // Editing again clears the problem; the next save still reuses the id.
    const edited = run(failed, tick(app));
    expect(edited.saveProblem).toBeUndefined();
    expect(edited.unfinishedSave?.opId).toBe("op-1");
  });

  it("lets the admin keep theirs or mine for a conflict", async () => {
    const { scope } = await editing();
    const withConflicts: ScopeEditState = {
      ...run(initialScopeEdit, { type: "scope-changed", snapshot: scope }, tick(web, app)),
      conflicts: [{ projectId: web.id } as never, { projectId: app.id } as never],
    };
    const theirs = run(withConflicts, { type: "keep-theirs", projectId: web.id });
    expect([...(theirs.draft?.choices.keys() ?? [])]).toEqual([app.id]);
    expect(theirs.conflicts.map((c) => c.projectId)).toEqual([app.id]);
    const mine = run(theirs, { type: "keep-mine", projectId: app.id });
    expect(mine.conflicts).toEqual([]);
    expect([...(mine.draft?.choices.keys() ?? [])]).toEqual([app.id]);
    expect(mine.notice?.title).toBe("Your choice is kept. Save to apply it.");
    expect(run(mine, { type: "notice-dismissed" }).notice).toBeUndefined();
  });

  it("takes the other admin's rule for new projects, or keeps mine", async () => {
    const { scope } = await editing();
    const theirRule = { ...DEFAULT_SETTINGS, includeNewProjects: true };
    const conflicted: ScopeEditState = {
      ...run(initialScopeEdit, { type: "scope-changed", snapshot: scope }),
      settingsConflict: { theirs: theirRule, mine: {} as never },
    };
    const theirs = run(conflicted, { type: "settings-resolved", use: "theirs" });
    expect(theirs.draft?.settings.includeNewProjects).toBe(true);
    expect(theirs.settingsConflict).toBeUndefined();
    const mine = run(conflicted, { type: "settings-resolved", use: "mine" });
    expect(mine.draft?.settings.includeNewProjects).toBe(DEFAULT_SETTINGS.includeNewProjects);
    expect(mine.notice?.kind).toBe("info");
  });
});
