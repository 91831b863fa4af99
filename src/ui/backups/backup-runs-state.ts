// The backup runs' view state as a pure reducer: each project's last backup and the schedule as
// the service answered, the run being watched (started here, or found running), and what is in
// flight. use-backup-runs.ts carries out the effects; this file decides, and is tested without DOM.
import type {
  BackupRunWire,
  BackupScheduleWire,
  BackupsWire,
  LastBackupWire,
} from "../../core/service-api";
import { plural } from "../format";
import type { Problem } from "../problems";

export interface BackupRunsState {
  backups: LastBackupWire[] | undefined;
  schedule: BackupScheduleWire | undefined;
  /** The run being watched, or the last one watched (its ending stays on screen). */
  run: BackupRunWire | undefined;
  /** The run polled for progress; undefined when none is going. */
  watching: string | undefined;
  loading: boolean;
  starting: boolean;
  savingSchedule: boolean;
  /** Bumped when the last backups should be read again (a watched run ended). */
  reloads: number;
  loadProblem: Problem | undefined;
  actionProblem: Problem | undefined;
}

export type BackupRunsAction =
  | { type: "loadStarted" }
  | { type: "loaded"; answer: BackupsWire }
  | { type: "loadFailed"; problem: Problem }
  | { type: "startRequested" }
  | { type: "started"; runId: string }
  | { type: "startFailed"; problem: Problem }
  | { type: "progress"; run: BackupRunWire }
  | { type: "progressFailed"; problem: Problem }
  | { type: "scheduleSaving" }
  | { type: "scheduleSaved"; schedule: BackupScheduleWire }
  | { type: "scheduleFailed"; problem: Problem };

export const INITIAL_BACKUP_RUNS: BackupRunsState = {
  backups: undefined,
  schedule: undefined,
  run: undefined,
  watching: undefined,
  loading: false,
  starting: false,
  savingSchedule: false,
  reloads: 0,
  loadProblem: undefined,
  actionProblem: undefined,
};

function progressed(state: BackupRunsState, run: BackupRunWire): BackupRunsState {
  // A late answer about a run no longer watched changes nothing.
  if (state.watching !== run.runId) return state;
  if (run.status === "running") return { ...state, run };
  return { ...state, run, watching: undefined, reloads: state.reloads + 1 };
}

export function backupRunsReducer(
  state: BackupRunsState,
  action: BackupRunsAction,
): BackupRunsState {
  switch (action.type) {
    case "loadStarted":
      return { ...state, loading: true, loadProblem: undefined };
    case "loaded": {
      const { backups, schedule, activeRun } = action.answer;
      const next = { ...state, backups, schedule, loading: false };
      // Someone else's run (or the schedule's) that is going: watch it too.
      if (activeRun && !state.watching)
        return { ...next, run: activeRun, watching: activeRun.runId };
      return next;
    }
    case "loadFailed":
      return { ...state, loading: false, loadProblem: action.problem };
    case "startRequested":
      // The last run's ending is not this run's progress: the live region says "Starting…".
      return { ...state, starting: true, run: undefined, actionProblem: undefined };
    case "started":
      return { ...state, starting: false, watching: action.runId };
    case "startFailed":
      return { ...state, starting: false, actionProblem: action.problem };
    case "progress":
      return progressed(state, action.run);
    case "progressFailed":
      return { ...state, watching: undefined, actionProblem: action.problem };
    case "scheduleSaving":
      return { ...state, savingSchedule: true, actionProblem: undefined };
    case "scheduleSaved":
      return { ...state, savingSchedule: false, schedule: action.schedule };
    case "scheduleFailed":
      return { ...state, savingSchedule: false, actionProblem: action.problem };
  }
}

/** Whether a run is going (or being started): "Back up now" waits for it. */
export function isRunGoing(state: BackupRunsState): boolean {
  return state.starting || state.watching !== undefined;
}

/** The live region's words: "Backing up 3 of 12 projects…", then how the run ended. */
export function describeRun(run: BackupRunWire | undefined, starting = false): string | undefined {
  if (!run) return starting ? "Starting the backup…" : undefined;
  const total = run.projectsTotal;
  if (run.status === "running") {
    if (total === 0) return "Backing up: listing the projects…";
    const current = Math.min(run.projectsDone + 1, total);
    const repos =
      run.jobsTotal > 0
        ? ` (${run.jobsDone} of ${plural(run.jobsTotal, "repository", "repositories")})`
        : "";
    return total === 1
      ? `Backing up ${run.projects[0]?.name ?? "the project"}${repos}…`
      : `Backing up ${current} of ${total} projects${repos}…`;
  }
  if (run.status === "interrupted")
    return "The backup was interrupted (the service stopped). The next run carries on from where it was.";
  if (total === 0 && !run.failure) return "Nothing to back up: no project is in the backup scope.";
  const failed = run.projects.filter((p) => p.state === "failed").length;
  if (run.failure && failed === total) return `The backup did not run: ${run.failure}`;
  const ended = `Backup finished: ${plural(total - failed, "project", "projects")} backed up`;
  return failed > 0 ? `${ended}, ${failed} failed.` : `${ended}.`;
}
