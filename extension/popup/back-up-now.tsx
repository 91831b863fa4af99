// The popup's "Back up {project} now": the button, the run's progress in a polite live region
// (the same words as the hub's), and why it did not start, in words.
import type { SendMessage } from "../../src/browser/messages";
import { describeRun } from "../../src/ui/backups/backup-runs-state";
import { useBackUpNow } from "./use-back-up-now";

export interface BackUpNowProps {
  sendMessage: SendMessage;
  orgUrl: string;
  project: { id: string; name: string };
  /** Why this user cannot start one (the service says so too), when known. */
  blockedBy?: string;
  /** A run ended: the last backup is read again. */
  onFinished: () => void;
}

export function PopupBackUpNow({
  sendMessage,
  orgUrl,
  project,
  blockedBy,
  onFinished,
}: BackUpNowProps) {
  const { state, going, start } = useBackUpNow(sendMessage, orgUrl, project.id, onFinished);
  const problem = state.actionProblem;
  return (
    <div class="back-up-now">
      <button
        type="button"
        disabled={going || blockedBy !== undefined}
        aria-describedby={blockedBy ? "coverage-blocked" : undefined}
        onClick={start}
      >
        {going ? "Backing up…" : `Back up ${project.name} now`}
      </button>
      <p class="status" role="status" aria-live="polite" aria-label="Backup progress">
        {describeRun(state.run, state.starting) ?? ""}
      </p>
      {problem ? (
        <p role="alert" class="error">
          {problem.title} {problem.detail}
        </p>
      ) : null}
    </div>
  );
}
