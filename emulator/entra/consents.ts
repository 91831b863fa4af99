// Who consented to what: a Global Administrator for the whole tenant (admin consent), or a user
// for themselves. What a token may carry is the union of the two
// (docs/platform.md#entra-admin-consent).
import { findApp } from "./directory";
import type { AuthorityState } from "./state";

/** What the tenant's admin consent, and the user's own consent, grant the app. */
export function grantedScopes(
  state: AuthorityState,
  tenantId: string,
  clientId: string,
  userId?: string,
): string[] {
  const admin = state.consents.find((c) => c.tenantId === tenantId && c.clientId === clientId);
  const own = state.userConsents.find(
    (c) => c.tenantId === tenantId && c.clientId === clientId && c.userId === userId,
  );
  return [...(admin?.scopes ?? []), ...(own?.scopes ?? [])];
}

/** A Global Administrator accepted for the tenant: adds the scopes to the tenant's consent. */
export function recordAdminConsent(
  state: AuthorityState,
  consent: { tenantId: string; clientId: string; scopes: string[]; grantedBy: string },
): void {
  const at = new Date(state.now()).toISOString();
  const existing = state.consents.find(
    (c) => c.tenantId === consent.tenantId && c.clientId === consent.clientId,
  );
  if (existing) {
    existing.scopes = [...new Set([...existing.scopes, ...consent.scopes])];
    existing.grantedBy = consent.grantedBy;
    existing.at = at;
  } else state.consents.push({ ...consent, scopes: [...consent.scopes], at });
}

/** A user's own consent to an app (what Entra records when a user accepts for themselves). */
export function grantUserConsent(
  state: AuthorityState,
  consent: { tenantId: string; clientId: string; userId: string; scopes: string[] },
): void {
  if (!findApp(state, consent.clientId)) throw new Error(`no app ${consent.clientId}`);
  const at = new Date(state.now()).toISOString();
  const existing = state.userConsents.find(
    (c) =>
      c.tenantId === consent.tenantId &&
      c.clientId === consent.clientId &&
      c.userId === consent.userId,
  );
  if (existing) {
    existing.scopes = [...new Set([...existing.scopes, ...consent.scopes])];
    existing.at = at;
  } else state.userConsents.push({ ...consent, scopes: [...consent.scopes], at });
}

/**
 * Whether the app has a service principal in the tenant: Entra creates one when anyone there
 * consents (admin or user), so an app nobody consented to is "not found in the directory".
 */
export function hasServicePrincipal(state: AuthorityState, tenantId: string, clientId: string) {
  const same = (c: { tenantId: string; clientId: string }) =>
    c.tenantId === tenantId && c.clientId.toLowerCase() === clientId.toLowerCase();
  return state.consents.some(same) || state.userConsents.some(same);
}
