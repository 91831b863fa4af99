// The project panel's state as a pure reducer, without a DOM: a replaced load's answers are
// dropped, a save's outcome shows, and a failed save is remembered so its retry reuses its id.
import type { ProjectChange } from "../../src/core/scope";
import type { ScopeSnapshot } from "../../src/core/scope-store";
import { DEFAULT_SETTINGS } from "../../src/core/scope-schema";
import { newRequestId } from "../../src/ui/latest-answer";
import {
  type ProjectScopeAction,
  type ProjectScopeStateData,
  initialProjectScope,
  projectScopeReducer,
} from "../../src/ui/project-scope/project-scope-state";
import { opIdForSave } from "../../src/ui/save-op-id";

const web = { id: "6831ef5d-84ec-417a-bb87-0265b9407584", name: "Fabrikam Web" };
const snapshot = (): ScopeSnapshot => ({
  scope: { settings: { ...DEFAULT_SETTINGS }, entries: new Map() },
  etags: new Map(),
  problems: [],
});
const run = (state: ProjectScopeStateData, ...actions: ProjectScopeAction[]) =>
  actions.reduce(projectScopeReducer, state);

function loaded(): ProjectScopeStateData {
  const requestId = newRequestId();
  return run(
    initialProjectScope,
    { type: "load-started", requestId },
    { type: "loaded", requestId, project: web, snapshot: snapshot() },
  );
}

describe("the project panel's state", () => {
  it("ticks the defaults for a project not backed up, and drops a replaced load's answer", () => {
    const state = loaded();
    expect(state.project).toEqual(web);
    expect(state.dataTypes).toEqual([...DEFAULT_SETTINGS.defaultDataTypes]);
    const old = state.loadRequest!;
    const reloading = run(state, { type: "load-started", requestId: newRequestId() });
    expect(
      run(reloading, { type: "load-failed", requestId: old, problem: { title: "x", detail: "" } })
        .loadProblem,
    ).toBeUndefined();
    expect(reloading.admin).toEqual({ kind: "checking" });
  });

  it("remembers a failed save so the same change reuses its id, and a success forgets it", () => {
    const change = {
      projectId: web.id,
      after: { protected: true, dataTypes: ["repos"] },
    } as unknown as ProjectChange;
    const failed = run(
      loaded(),
      { type: "save-started" },
      { type: "save-failed", problem: { title: "Offline", detail: "" }, opId: "op-1", change },
    );
    expect(failed.saving).toBe(false);
    expect(failed.saveProblem?.title).toBe("Offline");
    expect(
      opIdForSave(
        failed.unfinishedSave,
        change,
        (a, b) => a.projectId === b.projectId,
        () => "op-2",
      ),
    ).toBe("op-1");
    const saved = run(
      failed,
      { type: "save-started" },
      { type: "saved", saved: { message: "Added.", result: { snapshot: snapshot() } as never } },
    );
    expect(saved.unfinishedSave).toBeUndefined();
    expect(saved.saved?.message).toBe("Added.");
    expect(run(saved, { type: "data-types-ticked", dataTypes: [] }).saved).toBeUndefined();
  });

  it("shows another admin's change on a conflict, and their scope when I keep theirs", () => {
    const latest = snapshot();
    const conflicted = run(
      loaded(),
      { type: "save-started" },
      {
        type: "save-conflicted",
        conflict: {
          conflict: { projectId: web.id } as never,
          sentence: "Blake changed it.",
          latest,
        },
      },
    );
    expect(conflicted.conflict?.sentence).toBe("Blake changed it.");
    expect(conflicted.snapshot).toBe(latest);
    const kept = run(conflicted, { type: "keep-theirs" });
    expect(kept.conflict).toBeUndefined();
    expect(kept.snapshot).toBe(latest);
  });
});
