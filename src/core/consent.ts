// Admin consent (DESIGN §4): the URL a Global Administrator is sent to, and what its redirect
// means. The outcome is trusted only when `state` matches what this browser sent.
import { REQUIRED_PERMISSIONS } from "./appProfile";

export interface AdminConsentRequest {
  authority: string; // https://login.microsoftonline.com, or the emulator's fake Entra
  tenantId: string; // never "common": consent is per tenant
  clientId: string;
  redirectUri: string;
  state: string;
}

export function adminConsentUrl(req: AdminConsentRequest): string {
  if (!req.tenantId || /^(common|organizations|consumers)$/i.test(req.tenantId)) {
    throw new Error("Admin consent needs the organization's own tenant, not a shared endpoint.");
  }
  const url = new URL(
    `${req.authority.replace(/\/+$/, "")}/${encodeURIComponent(req.tenantId)}/v2.0/adminconsent`,
  );
  url.searchParams.set("client_id", req.clientId);
  url.searchParams.set("scope", REQUIRED_PERMISSIONS.map((p) => p.scope).join(" "));
  url.searchParams.set("redirect_uri", req.redirectUri);
  url.searchParams.set("state", req.state);
  return url.toString();
}

export type ConsentOutcome =
  | { kind: "granted"; tenantId: string; scopes: string[] }
  | { kind: "declined"; code: string; description: string }
  | { kind: "failed"; code: string; description: string }
  | { kind: "untrusted"; reason: string };

/** Reads the admin-consent redirect's query. A mismatched or missing state is never trusted. */
export function parseConsentRedirect(
  query: URLSearchParams,
  expectedState: string | undefined,
): ConsentOutcome {
  const state = query.get("state");
  if (!expectedState || state !== expectedState) {
    return {
      kind: "untrusted",
      reason: "This answer does not belong to a consent request made from this browser.",
    };
  }
  const error = query.get("error");
  if (error) {
    const description = query.get("error_description") ?? "";
    const declined = error === "access_denied" && /AADSTS65004/.test(description);
    return { kind: declined ? "declined" : "failed", code: error, description };
  }
  if (query.get("admin_consent")?.toLowerCase() === "true") {
    return {
      kind: "granted",
      tenantId: query.get("tenant") ?? "",
      scopes: (query.get("scope") ?? "").split(/\s+/).filter(Boolean),
    };
  }
  return {
    kind: "failed",
    code: "unexpected_response",
    description: "The sign-in page answered without a result.",
  };
}

/** What the consent page tells the window that opened it: a hint, re-checked against state. */
export interface ConsentHint {
  type: "backup-consent-result";
  state: string;
  outcome: ConsentOutcome["kind"];
}

export function isConsentHint(v: unknown): v is ConsentHint {
  const h = v as Partial<ConsentHint> | null;
  return (
    typeof h === "object" &&
    h !== null &&
    h.type === "backup-consent-result" &&
    typeof h.state === "string"
  );
}
