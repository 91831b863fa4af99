// What the hub and the project panel show of backup runs: "Back up now" and the run's progress,
// the schedule (hub only), the last backup of each project (or of the one project), and restore
// (hub only, PCA only).
import type { BackupRunsServices } from "../../service/backup-runs";
import { StatusMessage } from "../components/status-message";
import { BackUpNowButton } from "./back-up-now-button";
import { LastBackupList } from "./last-backup-list";
import { RestoreSection } from "./restore-section";
import { RunProgress } from "./run-progress";
import { ScheduleSetting } from "./schedule-setting";
import { useBackupRuns } from "./use-backup-runs";
import { ProblemMessage } from "../components/problem-message";

export interface BackupRunsSectionProps {
  services: BackupRunsServices | undefined;
  /** Whether the caller may start runs and change the schedule (the service checks again). */
  canRun: boolean;
  /** One project (the project panel); the whole scope and the schedule when absent. */
  project?: { id: string; name: string };
}

export function BackupRunsSection({ services, canRun, project }: BackupRunsSectionProps) {
  const runs = useBackupRuns(services, project?.id);
  const { state } = runs;
  return (
    <div class="backup-runs">
      <ProblemMessage problem={state.loadProblem} onRetry={runs.reload} />
      {state.actionProblem ? (
        <StatusMessage kind="error" title={state.actionProblem.title}>
          {state.actionProblem.detail}
        </StatusMessage>
      ) : null}
      <BackUpNowButton
        onClick={runs.backUpNow}
        going={runs.going}
        canRun={canRun && services !== undefined}
        {...(project ? { what: project.name } : {})}
        noteId={project ? "backup-now-note-project" : "backup-now-note"}
      />
      {/* Until the new run's first progress arrives it is still starting (no blank between). */}
      <RunProgress run={state.run} starting={runs.going} />
      {project ? null : (
        <ScheduleSetting
          schedule={state.schedule}
          onChange={runs.setSchedule}
          disabled={!canRun}
          saving={state.savingSchedule}
        />
      )}
      <LastBackupList
        backups={state.loadProblem ? [] : state.backups}
        label={project ? `Last backup of ${project.name}` : "Last backup of each project"}
        emptyText={project ? "This project has not been backed up yet." : undefined}
      />
      {project || !services?.restore ? null : canRun ? (
        <RestoreSection services={services.restore} backupsEnded={state.reloads} />
      ) : (
        <p class="details-meta">Only a Project Collection Administrator can restore a backup.</p>
      )}
    </div>
  );
}
