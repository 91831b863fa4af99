// The effects around backupRunsReducer: read the last backups (again when a watched run ends),
// poll a going run's progress, start "Back up now", save the schedule. Errors become Problems in
// the state, in words (describeProblem); nothing is swallowed.
import { useCallback, useEffect, useReducer } from "preact/hooks";
import type { SaveScheduleRequest } from "../../core/service-api";
import type { BackupRunsServices } from "../../service/backup-runs";
import { describeProblem } from "../problems";
import { PROGRESS_POLL_MS, untilCancelled, useProgressPoll } from "./use-progress-poll";
import {
  type BackupRunsState,
  INITIAL_BACKUP_RUNS,
  backupRunsReducer,
  isRunGoing,
} from "./backup-runs-state";

export { PROGRESS_POLL_MS };

export interface BackupRuns {
  state: BackupRunsState;
  going: boolean;
  backUpNow: () => void;
  setSchedule: (schedule: SaveScheduleRequest) => void;
  reload: () => void;
}

export function useBackupRuns(
  services: BackupRunsServices | undefined,
  /** One project's (the project panel, the popup); the whole scope when absent. */
  projectId?: string,
): BackupRuns {
  const [state, dispatch] = useReducer(backupRunsReducer, INITIAL_BACKUP_RUNS);

  const load = useCallback(() => {
    if (!services) return () => undefined;
    dispatch({ type: "loadStarted" });
    return untilCancelled(
      services.backups(projectId),
      (answer) => dispatch({ type: "loaded", answer }),
      (e) =>
        dispatch({ type: "loadFailed", problem: describeProblem(e, "reading the last backups") }),
    );
  }, [services, projectId]);

  useEffect(() => load(), [load, state.reloads]);

  const readRun = useCallback((runId: string) => services!.run(runId), [services]);
  const unread = (e: unknown) =>
    dispatch({
      type: "progressFailed",
      problem: describeProblem(e, "reading the backup's progress"),
    });
  useProgressPoll(
    state.watching,
    services && readRun,
    (run) => dispatch({ type: "progress", run }),
    unread,
  );

  const backUpNow = useCallback(() => {
    if (!services || isRunGoing(state)) return;
    dispatch({ type: "startRequested" });
    services.startRun(projectId).then(
      (started) => dispatch({ type: "started", runId: started.runId }),
      (e: unknown) =>
        dispatch({ type: "startFailed", problem: describeProblem(e, "starting the backup") }),
    );
  }, [services, projectId, state]);

  const setSchedule = useCallback(
    (schedule: SaveScheduleRequest) => {
      if (!services) return;
      dispatch({ type: "scheduleSaving" });
      services.saveSchedule(schedule).then(
        (saved) => dispatch({ type: "scheduleSaved", schedule: saved }),
        (e: unknown) =>
          dispatch({ type: "scheduleFailed", problem: describeProblem(e, "saving the schedule") }),
      );
    },
    [services],
  );

  return { state, going: isRunGoing(state), backUpNow, setSchedule, reload: load };
}
