// A message bar in the host's status colours. Errors and warnings are alerts (read out at once);
// information and success are polite status updates.
import type { ComponentChildren } from "preact";

export type MessageKind = "info" | "success" | "warning" | "error";

export interface StatusMessageProps {
  kind: MessageKind;
  title: string;
  children?: ComponentChildren;
  actions?: ComponentChildren;
}

export function StatusMessage({ kind, title, children, actions }: StatusMessageProps) {
  const urgent = kind === "error" || kind === "warning";
  return (
    <div class={`message message--${kind}`} role={urgent ? "alert" : "status"}>
      <div class="message-body">
        <p class="message-title">{title}</p>
        {children ? <div class="message-text">{children}</div> : null}
        {actions ? <div class="message-actions button-row">{actions}</div> : null}
      </div>
    </div>
  );
}
