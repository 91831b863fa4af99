// "Back up now" of the tab's project from the popup, through the background's messages and the
// backup service, as the hub's and the project panel's button: the same run model
// (backupRunsReducer), so "Starting…", the progress and the ending read the same everywhere.
import { useCallback, useEffect, useReducer } from "preact/hooks";
import { type SendMessage, ask } from "../../src/browser/messages";
import {
  type BackupRunsState,
  INITIAL_BACKUP_RUNS,
  backupRunsReducer,
  isRunGoing,
} from "../../src/ui/backups/backup-runs-state";
import type { Problem } from "../../src/ui/problems";
import { useProgressPoll } from "../../src/ui/backups/use-progress-poll";

export interface BackUpNow {
  state: BackupRunsState;
  going: boolean;
  start: () => void;
}

/** The background's words are already the popup's: shown as they are. */
const problemOf = (e: unknown, title: string): Problem => ({
  title,
  detail: e instanceof Error ? e.message : String(e),
});

export function useBackUpNow(
  sendMessage: SendMessage,
  orgUrl: string,
  projectId: string,
  /** Called when a watched run ended (the reducer counts them in `reloads`). */
  onFinished: () => void,
): BackUpNow {
  const [state, dispatch] = useReducer(backupRunsReducer, INITIAL_BACKUP_RUNS);

  useEffect(() => {
    if (state.reloads > 0) onFinished();
    // Once per ended run, not when the callback is a new function.
  }, [state.reloads]);

  const readRun = useCallback(
    (runId: string) => ask(sendMessage, "getBackupRun", { orgUrl, runId }),
    [sendMessage, orgUrl],
  );
  useProgressPoll(
    state.watching,
    readRun,
    (run) => dispatch({ type: "progress", run }),
    (e) =>
      dispatch({
        type: "progressFailed",
        problem: problemOf(e, "The backup's progress could not be read."),
      }),
  );

  const start = useCallback(() => {
    if (isRunGoing(state)) return;
    dispatch({ type: "startRequested" });
    ask(sendMessage, "startBackup", { orgUrl, projectId }).then(
      (started) => dispatch({ type: "started", runId: started.runId }),
      (e: unknown) =>
        dispatch({ type: "startFailed", problem: problemOf(e, "The backup did not start.") }),
    );
  }, [sendMessage, orgUrl, projectId, state]);

  return { state, going: isRunGoing(state), start };
}
