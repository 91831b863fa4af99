// The redirect target of the admin-consent flow (an addressable file, not a hub). It cannot verify
// `state`: the hub that sent it is a cross-origin frame whose storage this page does not share
// (DESIGN §4). So it shows Entra's answer for what it is, and posts a hint carrying `state`; the
// hub trusts the hint only if the state is its own, and then checks consent itself.
import { CONSENT_CHANNEL, consentHintOf, readConsentAnswer } from "../../core/consent";

function show(text: string, detail?: string): void {
  const message = document.getElementById("message");
  if (!message) return;
  message.textContent = text;
  if (detail) {
    const p = document.createElement("p");
    p.className = "consent-detail";
    p.textContent = detail;
    message.after(p);
  }
}

const RETURN = "Return to Azure DevOps: the Backup page checks consent itself.";

function main(): void {
  const answer = readConsentAnswer(new URLSearchParams(location.search));
  switch (answer.kind) {
    case "granted":
      show(
        `Microsoft Entra reports that consent was granted for tenant ${answer.tenantId || "(not named)"}.`,
        RETURN,
      );
      break;
    case "declined":
      show(
        "Microsoft Entra reports that consent was declined. Nothing was granted.",
        answer.description,
      );
      break;
    case "failed":
      show("Consent did not complete.", answer.description || answer.code);
      break;
    case "none":
      show(
        "This page shows Microsoft Entra's answer to a consent request, and there is none here.",
      );
      return;
  }
  const hint = consentHintOf(answer);
  if (hint) {
    // Both may well reach nobody (opener cut by COOP, channel partitioned): the hub does not rely on them.
    try {
      window.opener?.postMessage(hint, "*");
    } catch {
      // A cut opener throws on access in some browsers; the hint is optional.
    }
    const channel = new BroadcastChannel(CONSENT_CHANNEL);
    channel.postMessage(hint);
    channel.close();
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "button";
  close.textContent = "Close this window";
  close.addEventListener("click", () => window.close());
  document.getElementById("root")?.append(close);
  close.focus();
}

main();
