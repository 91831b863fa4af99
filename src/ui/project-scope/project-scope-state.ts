// One project's backup state in the panel as a pure reducer: what was loaded (the project, the
// scope, access), the data types ticked, and the outcome of saving a change. The hook
// (use-project-scope.ts) sends the requests; an answer to a load that a reload has replaced is
// dropped (latest-answer.ts), and a failed save is remembered so trying it again reuses its id.
import type { DataType } from "../../core/data-types";
import { type ProjectScopeView, projectScopeView } from "../../core/project-scope";
import type { ProjectChange, ProjectRef } from "../../core/scope";
import type { Conflict, SaveResult, ScopeSnapshot } from "../../core/scope-store";
import type { AdminState, TenantState } from "../components/access-gate";
import { CHECKING_ACCESS, loadStarted, withAccessAnswer } from "../access-checks";
import { isStaleAnswer } from "../latest-answer";
import type { Problem } from "../problems";
import type { UnfinishedSave } from "../save-op-id";

export interface ProjectConflict {
  conflict: Conflict;
  sentence: string;
  /** The scope as it is after the other admin's change. */
  latest: ScopeSnapshot;
}

export interface Saved {
  message: string;
  result: SaveResult;
}

export interface ProjectScopeStateData {
  project: ProjectRef | undefined;
  snapshot: ScopeSnapshot | undefined;
  admin: AdminState;
  tenant: TenantState;
  loadProblem: Problem | undefined;
  /** The data types ticked in the panel. */
  dataTypes: DataType[];
  saving: boolean;
  saveProblem: Problem | undefined;
  conflict: ProjectConflict | undefined;
  /** Set after a successful save, until the next edit. */
  saved: Saved | undefined;
  /** The load whose answers count; a reload replaces it. */
  loadRequest: number | undefined;
  /** A save that failed: trying the same change again reuses its id (save-op-id.ts). */
  unfinishedSave: UnfinishedSave<ProjectChange> | undefined;
}

export type ProjectScopeAction =
  | { type: "load-started"; requestId: number }
  | { type: "admin-checked"; requestId: number; admin: AdminState }
  | { type: "tenant-checked"; requestId: number; tenant: TenantState }
  | { type: "loaded"; requestId: number; project: ProjectRef; snapshot: ScopeSnapshot }
  | { type: "load-failed"; requestId: number; problem: Problem }
  | { type: "data-types-ticked"; dataTypes: DataType[] }
  | { type: "save-started" }
  | { type: "save-conflicted"; conflict: ProjectConflict }
  | { type: "saved"; saved: Saved }
  | { type: "save-failed"; problem: Problem; opId: string; change: ProjectChange }
  | { type: "keep-theirs" };

export const initialProjectScope: ProjectScopeStateData = {
  project: undefined,
  snapshot: undefined,
  ...CHECKING_ACCESS,
  loadProblem: undefined,
  dataTypes: [],
  saving: false,
  saveProblem: undefined,
  conflict: undefined,
  saved: undefined,
  loadRequest: undefined,
  unfinishedSave: undefined,
};

/** The data types the panel ticks for a project: its own, or the defaults for a new choice. */
function ticked(view: ProjectScopeView): DataType[] {
  return view.isProtected ? [...view.dataTypes] : [...view.defaultDataTypes];
}

/** The scope shown for the project, with the data types it has ticked. */
function shown(
  state: ProjectScopeStateData,
  snapshot: ScopeSnapshot,
  project: ProjectRef,
): ProjectScopeStateData {
  return { ...state, snapshot, dataTypes: ticked(projectScopeView(snapshot.scope, project)) };
}

export function projectScopeReducer(
  state: ProjectScopeStateData,
  action: ProjectScopeAction,
): ProjectScopeStateData {
  if (isStaleAnswer(state.loadRequest, action)) return state;
  switch (action.type) {
    case "load-started":
      return { ...loadStarted(state, action.requestId), loadProblem: undefined };
    case "admin-checked":
    case "tenant-checked":
      return withAccessAnswer(state, action);
    case "loaded":
      return shown({ ...state, project: action.project }, action.snapshot, action.project);
    case "load-failed":
      return { ...state, loadProblem: action.problem };
    case "data-types-ticked":
      return { ...state, dataTypes: action.dataTypes, saved: undefined, saveProblem: undefined };
    case "save-started":
      return {
        ...state,
        saving: true,
        saveProblem: undefined,
        saved: undefined,
        conflict: undefined,
      };
    case "save-conflicted":
      return {
        ...state,
        saving: false,
        unfinishedSave: undefined,
        snapshot: action.conflict.latest,
        conflict: action.conflict,
      };
    case "saved": {
      const next = { ...state, saving: false, unfinishedSave: undefined, saved: action.saved };
      return state.project ? shown(next, action.saved.result.snapshot, state.project) : next;
    }
    case "save-failed":
      return {
        ...state,
        saving: false,
        saveProblem: action.problem,
        unfinishedSave: { opId: action.opId, attempt: action.change },
      };
    case "keep-theirs":
      if (!state.conflict || !state.project) return state;
      return { ...shown(state, state.conflict.latest, state.project), conflict: undefined };
  }
}
