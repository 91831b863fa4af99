// The effects around restoreReducer: read the snapshots once, ask for a plan, apply the confirmed
// plan, poll the restore's progress. Errors become Problems in the state, in words
// (describeProblem); nothing is swallowed.
import { useCallback, useEffect, useReducer } from "preact/hooks";
import type { RestoreWire } from "../../core/service-api";
import type { RestoreServices } from "../../service/backup-restore";
import { describeProblem } from "../problems";
import { PROGRESS_POLL_MS, untilCancelled, useProgressPoll } from "./use-progress-poll";
import {
  INITIAL_RESTORE,
  type RestoreAction,
  type RestorePhase,
  type RestoreState,
  restoreReducer,
  restoreRequestOf,
} from "./restore-state";

/** A plan may be asked for while nothing else is in flight. */
const PLANNABLE: readonly RestorePhase[] = ["choosing", "planned", "finished"];

/** How often a going restore's progress is asked for. */
export const RESTORE_POLL_MS = PROGRESS_POLL_MS;

export interface Restore {
  state: RestoreState;
  dispatch: (action: RestoreAction) => void;
  showPlan: () => void;
  apply: () => void;
}

export function useRestore(
  services: RestoreServices | undefined,
  /** Changes when a backup ended: its snapshot can now be restored, so the list is read again. */
  backupsEnded = 0,
): Restore {
  const [state, dispatch] = useReducer(restoreReducer, INITIAL_RESTORE);

  useEffect(() => {
    if (!services) return;
    return untilCancelled(
      services.snapshots(),
      (snapshots) => dispatch({ type: "snapshotsLoaded", snapshots }),
      (e) =>
        dispatch({ type: "snapshotsFailed", problem: describeProblem(e, "listing the backups") }),
    );
  }, [services, backupsEnded]);

  const readRestore = useCallback((id: string) => services!.restore(id), [services]);
  const progressed = (restore: RestoreWire) => dispatch({ type: "progress", restore });
  const unread = (e: unknown) =>
    dispatch({
      type: "progressFailed",
      problem: describeProblem(e, "reading the restore's progress"),
    });
  useProgressPoll(state.watching, services && readRestore, progressed, unread);

  const showPlan = useCallback(() => {
    if (!PLANNABLE.includes(state.phase)) return;
    dispatch({ type: "planRequested" });
    const request = restoreRequestOf(state);
    if (!services || !request) return;
    services.plan(request).then(
      (plan) => dispatch({ type: "planned", plan }),
      (e: unknown) =>
        dispatch({ type: "planFailed", problem: describeProblem(e, "working out the plan") }),
    );
  }, [services, state]);

  const apply = useCallback(() => {
    const request = restoreRequestOf(state);
    const plan = state.plan;
    if (!services || !request || !plan || state.phase !== "confirming") return;
    dispatch({ type: "applyRequested" });
    services.apply({ ...request, planId: plan.planId }).then(
      (started) => dispatch({ type: "started", restoreId: started.restoreId }),
      (e: unknown) =>
        dispatch({ type: "applyFailed", problem: describeProblem(e, "starting the restore") }),
    );
  }, [services, state]);

  return { state, dispatch, showPlan, apply };
}
