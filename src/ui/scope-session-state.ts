// One admin's session with the backup scope as a pure reducer: what was loaded (access, the
// scope, its history, the projects) and a save's progress. The hook (scope-session.ts) sends the
// requests and dispatches their answers here; an answer to a load that a reload has replaced is
// dropped (latest-answer.ts). The draft of changes and saving it are scope-edit-state.ts.
import type { AuditHistory } from "../core/audit";
import type { ProjectRef } from "../core/scope";
import type { SaveProgress, ScopeSnapshot } from "../core/scope-store";
import type { AdminState, TenantState } from "./components/access-gate";
import { CHECKING_ACCESS, loadStarted, withAccessAnswer } from "./access-checks";
import { isStaleAnswer } from "./latest-answer";
import type { Problem } from "./problems";

export interface ScopeSessionState {
  admin: AdminState;
  tenant: TenantState;
  snapshot: ScopeSnapshot | undefined;
  scopeProblem: Problem | undefined;
  history: AuditHistory | undefined;
  historyProblem: Problem | undefined;
  projects: readonly ProjectRef[];
  projectsDone: boolean;
  projectsProblem: Problem | undefined;
  /** A save under way, as far as it got. */
  saving: SaveProgress | undefined;
  /** The load whose answers count; a reload replaces it. */
  loadRequest: number | undefined;
}

/** An answer to the load `requestId`. */
type LoadAnswer<T> = T & { requestId: number };

export type ScopeSessionAction =
  | { type: "load-started"; requestId: number }
  | LoadAnswer<{ type: "admin-checked"; admin: AdminState }>
  | LoadAnswer<{ type: "tenant-checked"; tenant: TenantState }>
  | LoadAnswer<{ type: "scope-loaded"; snapshot: ScopeSnapshot }>
  | LoadAnswer<{ type: "scope-failed"; problem: Problem }>
  | LoadAnswer<{ type: "history-loaded"; history: AuditHistory }>
  | LoadAnswer<{ type: "history-failed"; problem: Problem }>
  | LoadAnswer<{ type: "projects-page"; projects: readonly ProjectRef[] }>
  | LoadAnswer<{ type: "projects-listed"; projects: readonly ProjectRef[] }>
  | LoadAnswer<{ type: "projects-failed"; problem: Problem }>
  /** The scope read again after a save: shown unless it cannot be read as a whole. */
  | LoadAnswer<{ type: "scope-refreshed"; snapshot: ScopeSnapshot }>
  | { type: "save-progress"; progress: SaveProgress | undefined }
  /** The scope as a save left it. */
  | { type: "scope-saved"; snapshot: ScopeSnapshot };

/** A part of the load that failed, as its action says. */
export type LoadFailure = Extract<ScopeSessionAction, { problem: Problem }>["type"];

/** Where each part of the load keeps its problem until the next load. */
const PROBLEM_OF = {
  "scope-failed": "scopeProblem",
  "history-failed": "historyProblem",
  "projects-failed": "projectsProblem",
} as const satisfies Record<LoadFailure, keyof ScopeSessionState>;

export const initialScopeSession: ScopeSessionState = {
  ...CHECKING_ACCESS,
  snapshot: undefined,
  scopeProblem: undefined,
  history: undefined,
  historyProblem: undefined,
  projects: [],
  projectsDone: false,
  projectsProblem: undefined,
  saving: undefined,
  loadRequest: undefined,
};

export function scopeSessionReducer(
  state: ScopeSessionState,
  action: ScopeSessionAction,
): ScopeSessionState {
  if (isStaleAnswer(state.loadRequest, action)) return state;
  switch (action.type) {
    case "load-started":
      return {
        ...loadStarted(state, action.requestId),
        scopeProblem: undefined,
        projectsProblem: undefined,
        projectsDone: false,
      };
    case "admin-checked":
    case "tenant-checked":
      return withAccessAnswer(state, action);
    case "scope-loaded":
    case "scope-saved":
      return { ...state, snapshot: action.snapshot };
    case "scope-refreshed":
      return action.snapshot.problems.length > 0 ? state : { ...state, snapshot: action.snapshot };
    case "history-loaded":
      return { ...state, history: action.history, historyProblem: undefined };
    case "projects-page":
      return { ...state, projects: action.projects };
    case "projects-listed":
      return { ...state, projects: action.projects, projectsDone: true };
    case "scope-failed":
    case "history-failed":
    case "projects-failed":
      return { ...state, [PROBLEM_OF[action.type]]: action.problem };
    case "save-progress":
      return { ...state, saving: action.progress };
  }
}
