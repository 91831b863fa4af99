// The hub's session reducer, without a DOM: answers to a replaced load are dropped, and a save's
// outcome shows as the session's scope.
import type { ScopeSnapshot } from "../../../src/core/scope-store";
import { DEFAULT_SETTINGS } from "../../../src/core/scope-schema";
import { newRequestId } from "../../../src/ui/latest-answer";
import {
  type ScopeSessionAction,
  type ScopeSessionState,
  initialScopeSession,
  scopeSessionReducer,
} from "../../../src/ui/scope-session-state";

const snapshot = (problems: ScopeSnapshot["problems"] = []): ScopeSnapshot => ({
  scope: { settings: { ...DEFAULT_SETTINGS }, entries: new Map() },
  etags: new Map(),
  problems,
});
const web = { id: "6831ef5d-84ec-417a-bb87-0265b9407584", name: "Fabrikam Web" };

const run = (...actions: ScopeSessionAction[]): ScopeSessionState =>
  actions.reduce(scopeSessionReducer, initialScopeSession);

describe("the hub's session state", () => {
  it("shows every answer of the current load", () => {
    const id = newRequestId();
    const scope = snapshot();
    const state = run(
      { type: "load-started", requestId: id },
      { type: "admin-checked", requestId: id, admin: { kind: "admin" } },
      { type: "tenant-checked", requestId: id, tenant: { kind: "entra", tenantId: "t-1" } },
      { type: "scope-loaded", requestId: id, snapshot: scope },
      { type: "history-loaded", requestId: id, history: { records: [], unreadable: 0 } },
      { type: "projects-page", requestId: id, projects: [web] },
    );
    expect(state.admin).toEqual({ kind: "admin" });
    expect(state.tenant).toEqual({ kind: "entra", tenantId: "t-1" });
    expect(state.snapshot).toBe(scope);
    expect(state.history).toEqual({ records: [], unreadable: 0 });
    expect(state.projects).toEqual([web]);
    expect(state.projectsDone).toBe(false);
    expect(
      scopeSessionReducer(state, { type: "projects-listed", requestId: id, projects: [web] })
        .projectsDone,
    ).toBe(true);
  });

  it("drops a slow answer to a load that a reload replaced", () => {
    const first = newRequestId();
    const second = newRequestId();
    const fresh = snapshot();
    const state = run(
      { type: "load-started", requestId: first },
      { type: "load-started", requestId: second },
      { type: "scope-loaded", requestId: second, snapshot: fresh },
      { type: "scope-loaded", requestId: first, snapshot: snapshot() },
      { type: "admin-checked", requestId: first, admin: { kind: "not-admin" } },
      {
        type: "projects-failed",
        requestId: first,
        problem: { title: "Could not list", detail: "" },
      },
    );
    expect(state.snapshot).toBe(fresh);
    expect(state.admin).toEqual({ kind: "checking" });
    expect(state.projectsProblem).toBeUndefined();
  });

  it("asks again from the start on a reload, keeping what it has shown", () => {
    const first = newRequestId();
    const shown = snapshot();
    const loaded = run(
      { type: "load-started", requestId: first },
      { type: "scope-loaded", requestId: first, snapshot: shown },
      { type: "admin-checked", requestId: first, admin: { kind: "admin" } },
      { type: "projects-failed", requestId: first, problem: { title: "No", detail: "" } },
    );
    const again = scopeSessionReducer(loaded, { type: "load-started", requestId: newRequestId() });
    expect(again.admin).toEqual({ kind: "checking" });
    expect(again.projectsProblem).toBeUndefined();
    expect(again.snapshot).toBe(shown);
  });

  it("shows the scope a save left, and a fresh read unless it is damaged", () => {
    const id = newRequestId();
    const saved = snapshot();
    const afterSave = run(
      { type: "load-started", requestId: id },
      { type: "scope-loaded", requestId: id, snapshot: snapshot() },
      { type: "scope-saved", snapshot: saved },
    );
    expect(afterSave.snapshot).toBe(saved);
    const damaged = snapshot([{ documentId: "scope-settings", message: "Not JSON" } as never]);
    expect(
      scopeSessionReducer(afterSave, { type: "scope-refreshed", requestId: id, snapshot: damaged })
        .snapshot,
    ).toBe(saved);
    const fresh = snapshot();
    expect(
      scopeSessionReducer(afterSave, { type: "scope-refreshed", requestId: id, snapshot: fresh })
        .snapshot,
    ).toBe(fresh);
  });

  it("follows a save's progress until it ends", () => {
    const progress = { documentsWritten: 2, documentsToWrite: 5 };
    const saving = run({ type: "save-progress", progress });
    expect(saving.saving).toEqual(progress);
    expect(scopeSessionReducer(saving, { type: "save-progress", progress: undefined }).saving).toBe(
      undefined,
    );
  });
});
