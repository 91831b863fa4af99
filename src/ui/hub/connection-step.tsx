// The connection card: who connected the organization to the backup service and when, whether
// it must be renewed and why, and "Connect" (or "Renew") for a Project Collection Administrator.
import { StatusMessage } from "../components/status-message";
import { formatWhen } from "../format";
import type { ConnectionStep as ConnectionStepState } from "./use-connection-step";

export function ConnectionStep({
  step,
  disabled,
}: {
  step: ConnectionStepState;
  disabled?: boolean;
}) {
  const c = step.connection;
  const renew = c?.status === "renewalNeeded";
  return (
    <div class="connection-step">
      <p role="status" aria-live="polite" aria-label="Connection" class="consent-status">
        {c === undefined
          ? "Reading the connection…"
          : c.status === "notConnected"
            ? "Not connected yet: the backup service cannot act for this organization until a Project Collection Administrator connects it by signing in."
            : c.status === "connected"
              ? `Connected by ${c.by.displayName} (${c.account}) ${formatWhen(c.at)}. The backup service acts with this sign-in.`
              : `The connection must be renewed: ${c.reason}. It was made by ${c.by.displayName} (${c.account}) ${formatWhen(c.at)}; backups stop until a Project Collection Administrator connects again.`}
      </p>
      {c && c.status !== "connected" ? (
        <div class="button-row">
          <button
            type="button"
            class="button button--primary"
            disabled={disabled || step.starting}
            onClick={step.connect}
          >
            {renew ? "Renew connection" : "Connect"}
          </button>
        </div>
      ) : null}
      {step.waiting ? (
        <p role="status" class="details-meta">
          Finish signing in in the new window; this page checks again when you come back to it.
        </p>
      ) : null}
      {step.problem ? (
        <StatusMessage kind="error" title="The connection could not be started.">
          {step.problem}
        </StatusMessage>
      ) : null}
    </div>
  );
}
