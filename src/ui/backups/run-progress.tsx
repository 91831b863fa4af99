// A run's progress as it goes, read out politely ("Backing up 3 of 12 projects…"), then how it
// ended. It always takes its line, so the page does not jump when a run starts or ends.
import type { BackupRunWire } from "../../core/service-api";
import { describeRun } from "./backup-runs-state";

export interface RunProgressProps {
  run: BackupRunWire | undefined;
  starting?: boolean;
}

export function RunProgress({ run, starting = false }: RunProgressProps) {
  const text = describeRun(run, starting);
  const going = run?.status === "running";
  return (
    <div class="run-progress">
      <div class="progress" role="status" aria-live="polite" aria-label="Backup progress">
        {text ?? ""}
      </div>
      {going && run.projectsTotal > 1 ? (
        <progress
          class="run-progress-bar"
          max={run.projectsTotal}
          value={run.projectsDone}
          aria-hidden="true"
        />
      ) : null}
    </div>
  );
}
