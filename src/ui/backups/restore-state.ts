// The hub's Restore part as a pure reducer: the snapshots to choose from, the admin's choice of
// snapshot, target project, data types and mappings, the plan the service worked out, the
// confirmation, and the restore being watched. use-restore.ts carries out the effects; this file decides, and is tested
// without a DOM. Changing the choice drops the plan: what is confirmed is always what was shown.
import { DATA_TYPES, type DataType } from "../../core/data-types";
import type { MappingKind, RestoreMappingWire, UnmappedWire } from "../../core/restore-data-wire";
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
  /** The data types to restore, of those the chosen backup holds. */
  dataTypes: DataType[];
  /** What the last plan found nothing in the target for: each can be given a target. */
  unmapped: UnmappedWire[];
  /** The targets typed for them, map by map. */
  mapping: RestoreMappingWire;
  /** A mapping pasted in npm run restore's --mapping JSON. */
  mappingText: string;
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
  | { type: "dataTypeToggled"; dataType: DataType; on: boolean }
  | { type: "mappingTyped"; kind: MappingKind; key: string; target: string }
  | { type: "mappingPasted"; text: string }
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
  dataTypes: [],
  unmapped: [],
  mapping: {},
  mappingText: "",
  phase: "choosing",
  plan: undefined,
  restore: undefined,
  watching: undefined,
  loadProblem: undefined,
  problem: undefined,
};

export const snapshotValue = (s: RestoreSnapshotWire): string => `${s.runId}/${s.projectId}`;

/** What a backup holds (one recorded before data types were listed: Repos and Wiki). */
export const heldDataTypes = (s: RestoreSnapshotWire | undefined): DataType[] =>
  DATA_TYPES.filter((t) => (s?.dataTypes ?? ["repos", "wiki"]).includes(t));

const chosenSnapshot = (state: RestoreState, value: string) =>
  state.snapshots?.find((s) => snapshotValue(s) === value);

/** The typed targets that say something (an emptied input maps nothing). */
function typedMapping(mapping: RestoreMappingWire): RestoreMappingWire | undefined {
  const kept: RestoreMappingWire = {};
  for (const [kind, map] of Object.entries(mapping) as [MappingKind, Record<string, string>][]) {
    const entries = Object.entries(map).filter(([, target]) => target.trim() !== "");
    if (entries.length > 0) kept[kind] = Object.fromEntries(entries.map(([k, t]) => [k, t.trim()]));
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Each thing nothing matched once, in the order the plan named them. */
function unmappedOf(plan: RestorePlanWire): UnmappedWire[] {
  const seen = new Set<string>();
  return (plan.dataTypePlans ?? [])
    .flatMap((p) => p.unmapped)
    .filter((u) => {
      const id = `${u.kind}:${u.key}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}

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
  if (!runId || !projectId || targetProblemOf(state.target) || state.dataTypes.length === 0)
    return undefined;
  const mapping = typedMapping(state.mapping);
  return {
    runId,
    projectId,
    targetProject: state.target.trim(),
    dataTypes: state.dataTypes,
    ...(mapping ? { mapping } : {}),
    ...(state.mappingText.trim() ? { mappingText: state.mappingText } : {}),
  };
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
        ...(kept
          ? {}
          : { snapshot: first ? snapshotValue(first) : "", dataTypes: heldDataTypes(first) }),
      };
    }
    case "snapshotsFailed":
      return { ...state, snapshots: [], loadProblem: action.problem };
    case "snapshotChosen":
      // Another backup holds other things: all it holds, and nothing known to be unmatched yet.
      return rechosen(state, {
        snapshot: action.snapshot,
        dataTypes: heldDataTypes(chosenSnapshot(state, action.snapshot)),
        unmapped: [],
        mapping: {},
      });
    case "dataTypeToggled":
      return rechosen(state, {
        dataTypes: DATA_TYPES.filter((t) =>
          t === action.dataType ? action.on : state.dataTypes.includes(t),
        ),
      });
    case "mappingTyped":
      return rechosen(state, {
        mapping: {
          ...state.mapping,
          [action.kind]: { ...state.mapping[action.kind], [action.key]: action.target },
        },
      });
    case "mappingPasted":
      return rechosen(state, { mappingText: action.text });
    case "targetTyped":
      return rechosen(state, {
        target: action.target,
        targetProblem: state.targetProblem ? targetProblemOf(action.target) : undefined,
      });
    case "planRequested": {
      if (busy(state.phase)) return state;
      const targetProblem = targetProblemOf(state.target);
      if (targetProblem || !state.snapshot || state.dataTypes.length === 0)
        return { ...state, targetProblem };
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
      return state.phase === "planning"
        ? { ...state, phase: "planned", plan: action.plan, unmapped: unmappedOf(action.plan) }
        : state;
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
