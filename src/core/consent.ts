// Admin consent (docs/platform.md#entra-admin-consent): the URL a Global Administrator is sent to, what Entra's redirect
// says, and when a hint about it may be trusted. The redirect page cannot know the `state` the
// hub sent (the hub is a cross-origin frame with partitioned storage), so reading the answer and
// trusting it are separate: the page reads, the hub trusts only a hint carrying its own state,
// and even then only as a reason to check consent again itself.
import { REQUIRED_PERMISSIONS } from "./app-profile";
import { isTenantId } from "./entra-tenant";
import type { ConsentWire } from "./service-api";

/** Entra's public authority. The emulator maps it to its fake Entra, like a hosts file. */
export const ENTRA_AUTHORITY = "https://login.microsoftonline.com";

/** Where the consent page posts its hint; the hub listens there too. */
export const CONSENT_CHANNEL = "backup-consent";

export interface AdminConsentRequest {
  authority: string; // ENTRA_AUTHORITY
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

/** A fresh, unguessable `state` for one consent request (hex of 16 random bytes). */
export function newConsentState(fillRandom: (bytes: Uint8Array<ArrayBuffer>) => void): string {
  const bytes = new Uint8Array(16);
  fillRandom(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** What Entra's redirect says. It is Entra's claim, not proof: nothing here checks `state`. */
export type ConsentAnswer =
  | { kind: "granted"; tenantId: string; scopes: string[]; state: string }
  | { kind: "declined"; code: string; description: string; state: string }
  | { kind: "failed"; code: string; description: string; state: string }
  | { kind: "none" };

/** Reads the admin-consent redirect's query. "none": the page was opened without an answer. */
export function readConsentAnswer(query: URLSearchParams): ConsentAnswer {
  const state = query.get("state") ?? "";
  const error = query.get("error");
  if (error) {
    const description = query.get("error_description") ?? "";
    const declined = error === "access_denied" && /AADSTS65004/.test(description);
    return { kind: declined ? "declined" : "failed", code: error, description, state };
  }
  const consent = query.get("admin_consent");
  if (consent?.toLowerCase() === "true") {
    return {
      kind: "granted",
      tenantId: query.get("tenant") ?? "",
      scopes: (query.get("scope") ?? "").split(/\s+/).filter(Boolean),
      state,
    };
  }
  if (consent !== null || query.has("state")) {
    return {
      kind: "failed",
      code: "unexpected_response",
      description: "Microsoft Entra answered without a result.",
      state,
    };
  }
  return { kind: "none" };
}

/** What the consent page tells whoever listens: a hint to check again, never a result. */
export interface ConsentHint {
  type: "backup-consent-result";
  state: string;
  outcome: "granted" | "declined" | "failed";
  /** The tenant Entra named on a grant (a tenant ID): something to show, never to authorize by. */
  tenant?: string;
}

export function consentHintOf(answer: ConsentAnswer): ConsentHint | undefined {
  if (answer.kind === "none" || !answer.state) return undefined;
  const hint: ConsentHint = {
    type: "backup-consent-result",
    state: answer.state,
    outcome: answer.kind,
  };
  if (answer.kind === "granted" && isTenantId(answer.tenantId))
    hint.tenant = answer.tenantId.toLowerCase();
  return hint;
}

/**
 * The tenant a hint says was granted consent, if it names one. Call only for a trusted hint; even
 * then it is Entra's claim relayed by a page, so the hub shows it only once its own check agrees.
 */
export function consentedTenantOf(hint: unknown): string | undefined {
  const h = hint as Partial<ConsentHint> | null;
  if (typeof h !== "object" || h === null || h.outcome !== "granted") return undefined;
  return typeof h.tenant === "string" && isTenantId(h.tenant) ? h.tenant.toLowerCase() : undefined;
}

/**
 * A hint is trusted only when it carries the `state` this window sent (and still waits for).
 * Anything else (another tab's request, a forged message, no request at all) is ignored.
 */
export function isTrustedHint(hint: unknown, expectedState: string | undefined): boolean {
  if (!expectedState) return false;
  const h = hint as Partial<ConsentHint> | null;
  return (
    typeof h === "object" &&
    h !== null &&
    h.type === "backup-consent-result" &&
    typeof h.state === "string" &&
    h.state.length === expectedState.length &&
    h.state === expectedState
  );
}

/** Whether the backup app may act for the organization's tenant, as the hub last learnt it. */
export type ConsentStatus =
  | { kind: "checking" }
  | { kind: "consented" }
  | { kind: "not-consented"; detail: string }
  | { kind: "unknown"; reason: string }
  /** The backup service has not asked Microsoft Entra yet (a new organization). */
  | { kind: "unchecked" };

/** The backup service's answer (it alone decides whether a tenant has consented, docs/architecture.md#security-rules). */
export function consentStatusOf(wire: ConsentWire): ConsentStatus {
  switch (wire.status) {
    case "granted":
      return { kind: "consented" };
    case "notGranted":
      return { kind: "not-consented", detail: wire.reason };
    case "unknown":
      return { kind: "unchecked" };
  }
}
