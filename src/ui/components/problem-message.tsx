// A problem in words, as an alert; with `onRetry`, a "Try again" button (where trying again can
// help). The hub, the project panel and the backup runs show their load problems with it.
import type { Problem } from "../problems";
import { StatusMessage } from "./status-message";

export function ProblemMessage({
  problem,
  onRetry,
}: {
  problem: Problem | undefined;
  onRetry?: (() => void) | undefined;
}) {
  if (!problem) return null;
  return (
    <StatusMessage
      kind="error"
      title={problem.title}
      actions={
        onRetry ? (
          <button type="button" class="button" onClick={onRetry}>
            Try again
          </button>
        ) : undefined
      }
    >
      {problem.detail}
    </StatusMessage>
  );
}
