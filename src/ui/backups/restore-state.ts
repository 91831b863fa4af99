// The hub's Restore part as a pure reducer: the snapshots to choose from, the admin's choice of
// snapshot and target project, the plan the service worked out, the confirmation, and the
// restore being watched. use-restore.ts carries out the effects; this file decides, and is tested
// without a DOM. Changing the choice drops the plan: what is confirmed is always what was shown.
import type {
  RestorePlanWire,
  RestoreRequest,
  RestoreSnapshotWire,
  RestoreWire,
} from "../../core/service-api";
import type { Problem } from "../problems";

/** Azure DevOps allows project names of up to 64 characters. */
export const MAX_PROJECT_NAME = 64;

export type RestorePhase =
  "choosing" | "planning" | "planned" | "confirming" | "starting" | "restoring" | "finished";

export interface RestoreState {
  snapshots: RestoreSnapshotWire[] | undefined;
  /** `${runId}/${projectId}` of the chosen snapshot; "" before a choice. */
  snapshot: string;
  target: string;
  /** Why the target as typed cannot be asked for, in words (shown once Show plan is pressed). */
  targetProblem: string | undefined;
  phase: RestorePhase;
  plan: RestorePlanWire | undefined;
  /** The restore being watched, then its ending. */
  restore: RestoreWire | undefined;
  watching: string | undefined;
  loadProblem: Problem | undefined;
  problem: Problem | undefined;
}

export type RestoreAction =
  | { type: "snapshotsLoaded"; snapshots: RestoreSnapshotWire[] }
  | { type: "snapshotsFailed"; problem: Problem }
  | { type: "snapshotChosen"; snapshot: string }
  | { type: "targetTyped"; target: string }
  | { type: "planRequested" }
  | { type: "planned"; plan: RestorePlanWire }
  | { type: "planFailed"; problem: Problem }
  | { type: "confirmAsked" }
  | { type: "confirmCancelled" }
  | { type: "applyRequested" }
  | { type: "started"; restoreId: string }
  | { type: "applyFailed"; problem: Problem }
  | { type: "progress"; restore: RestoreWire }
  | { type: "progressFailed"; problem: Problem }
  | { type: "startOver" };

export const INITIAL_RESTORE: RestoreState = {
  snapshots: undefined,
  snapshot: "",
  target: "",
  targetProblem: undefined,
  phase: "choosing",
  plan: undefined,
  restore: undefined,
  watching: undefined,
  loadProblem: undefined,
  problem: undefined,
};

export const snapshotValue = (s: RestoreSnapshotWire): string => `${s.runId}/${s.projectId}`;

/** Why a typed target project cannot be asked for, or undefined when it can. */
export function targetProblemOf(target: string): string | undefined {
  const name = target.trim();
  if (!name) return "Name the project to restore into.";
  if (name.length > MAX_PROJECT_NAME)
    return `A project name has at most ${MAX_PROJECT_NAME} characters.`;
  return undefined;
}

/** What the service is asked for, from the choice; undefined while the choice is incomplete. */
export function restoreRequestOf(state: RestoreState): RestoreRequest | undefined {
  const [runId, projectId] = state.snapshot.split("/");
  if (!runId || !projectId || targetProblemOf(state.target)) return undefined;
  return { runId, projectId, targetProject: state.target.trim() };
}

const busy = (phase: RestorePhase) =>
  phase === "planning" || phase === "starting" || phase === "restoring";

/** A new choice: the plan shown before is no longer what would be restored. */
function rechosen(state: RestoreState, change: Partial<RestoreState>): RestoreState {
  if (busy(state.phase)) return state;
  return {
    ...state,
    ...change,
    phase: "choosing",
    plan: undefined,
    problem: undefined,
  };
}

function progressed(state: RestoreState, restore: RestoreWire): RestoreState {
  if (state.watching !== restore.restoreId) return state;
  if (restore.status === "running") return { ...state, restore };
  return { ...state, restore, watching: undefined, phase: "finished" };
}

export function restoreReducer(state: RestoreState, action: RestoreAction): RestoreState {
  switch (action.type) {
    case "snapshotsLoaded": {
      const first = action.snapshots[0];
      const kept = action.snapshots.some((s) => snapshotValue(s) === state.snapshot);
      return {
        ...state,
        snapshots: action.snapshots,
        loadProblem: undefined,
        snapshot: kept ? state.snapshot : first ? snapshotValue(first) : "",
      };
    }
    case "snapshotsFailed":
      return { ...state, snapshots: [], loadProblem: action.problem };
    case "snapshotChosen":
      return rechosen(state, { snapshot: action.snapshot });
    case "targetTyped":
      return rechosen(state, {
        target: action.target,
        targetProblem: state.targetProblem ? targetProblemOf(action.target) : undefined,
      });
    case "planRequested": {
      if (busy(state.phase)) return state;
      const targetProblem = targetProblemOf(state.target);
      if (targetProblem || !state.snapshot) return { ...state, targetProblem };
      return {
        ...state,
        targetProblem,
        phase: "planning",
        plan: undefined,
        restore: undefined,
        problem: undefined,
      };
    }
    case "planned":
      return state.phase === "planning" ? { ...state, phase: "planned", plan: action.plan } : state;
    case "planFailed":
      return { ...state, phase: "choosing", problem: action.problem };
    case "confirmAsked":
      return state.phase === "planned" ? { ...state, phase: "confirming" } : state;
    case "confirmCancelled":
      return state.phase === "confirming" ? { ...state, phase: "planned" } : state;
    case "applyRequested":
      return state.phase === "confirming"
        ? { ...state, phase: "starting", restore: undefined, problem: undefined }
        : state;
    case "started":
      return { ...state, phase: "restoring", watching: action.restoreId };
    case "applyFailed":
      // The plan may be stale (409): the admin shows it again; nothing was created.
      return { ...state, phase: "choosing", plan: undefined, problem: action.problem };
    case "progress":
      return progressed(state, action.restore);
    case "progressFailed":
      return { ...state, watching: undefined, phase: "finished", problem: action.problem };
    case "startOver":
      return state.phase === "finished"
        ? { ...state, phase: "choosing", plan: undefined, restore: undefined, problem: undefined }
        : state;
  }
}
