// The redirect target of the admin-consent flow (an addressable file, not a hub). It shows the
// outcome and hints it to the hub; the hub does not depend on the hint (the opener is usually
// gone after Entra's pages, DESIGN §4) and re-checks `state` on anything it receives.
import { type ConsentHint, parseConsentRedirect } from "../../core/consent";

const STATE_KEY = "backup-consent-state";

function show(text: string, detail?: string): void {
  const message = document.getElementById("message");
  if (!message) return;
  message.textContent = text;
  if (detail) {
    const p = document.createElement("p");
    p.textContent = detail;
    message.after(p);
  }
}

function main(): void {
  const query = new URLSearchParams(location.search);
  // The hub stores the state it sent in this origin's sessionStorage when it opens the popup.
  const expected = sessionStorage.getItem(STATE_KEY) ?? query.get("expected_state") ?? undefined;
  const outcome = parseConsentRedirect(query, expected);
  switch (outcome.kind) {
    case "granted":
      show(
        "Consent granted. The backup service may now read this organization's data.",
        `Tenant ${outcome.tenantId}.`,
      );
      break;
    case "declined":
      show("Consent was declined. Nothing was granted.", outcome.description);
      break;
    case "failed":
      show("Consent did not complete.", outcome.description);
      break;
    case "untrusted":
      show("This page was opened without a consent request from this browser.", outcome.reason);
      return;
  }
  const hint: ConsentHint = {
    type: "backup-consent-result",
    state: query.get("state") ?? "",
    outcome: outcome.kind,
  };
  window.opener?.postMessage(hint, location.origin);
  new BroadcastChannel("backup-consent").postMessage(hint);
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "Close this window";
  close.addEventListener("click", () => window.close());
  document.getElementById("root")?.append(close);
  close.focus();
}

main();
