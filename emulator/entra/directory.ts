// The fake authority's directory and the state its parts share: one named object, so each
// endpoint module (refresh tokens, client credentials, Graph) takes what it reads and writes
// explicitly instead of sharing a closure with the authority.
import { createHash } from "node:crypto";
import type { SigningKey } from "./tokens";

export interface EntraTenant {
  id: string;
  domain: string;
  displayName: string;
}
export interface EntraUser {
  id: string;
  /** Absent: the directory's first tenant. */
  tenantId?: string;
  displayName: string;
  email: string;
  /** "GlobalAdministrator" may grant admin consent. */
  roles: string[];
}
export interface EntraApp {
  clientId: string;
  displayName: string;
  /** Absent: any http(s) URL on localhost or 127.0.0.1. */
  redirectUris?: string[];
  /**
   * A confidential client's secret (the backup service's). When set, the token endpoint checks
   * `client_secret` wherever one is sent, and client credentials need it.
   */
  clientSecret?: string;
  /**
   * Application permissions (app roles) a client-credentials token carries in a tenant where the
   * app has a service principal, e.g. ["Application.Read.All"]. Real Entra needs an admin to
   * grant these; the emulator assumes the admin who added the app granted them.
   */
  applicationPermissions?: string[];
}
export interface EntraDirectory {
  tenants: EntraTenant[];
  users: EntraUser[];
  apps: EntraApp[];
}

/** Admin consent for the whole tenant (Graph: an oauth2PermissionGrant with consentType AllPrincipals). */
export interface Consent {
  tenantId: string;
  clientId: string;
  /** As requested on the admin-consent URL, e.g. "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation". */
  scopes: string[];
  /** User id of the Global Administrator who accepted. */
  grantedBy: string;
  at: string;
}

/** One user's own consent, for themselves only (Graph: consentType Principal). */
export interface UserConsent {
  tenantId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  at: string;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export interface AuthorityState {
  /** The authority's origin, no trailing slash. */
  base: string;
  now: () => number;
  directory: EntraDirectory;
  key: SigningKey;
  consents: Consent[];
  userConsents: UserConsent[];
  refreshTokens: Map<string, RefreshGrant>;
  /** Refresh tokens revoked (kept so a later use is told "revoked", as Entra says, not "malformed"). */
  revokedRefreshTokens: Set<string>;
}

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export const tenantIdOf = (state: AuthorityState, user: EntraUser): string | undefined =>
  user.tenantId ?? state.directory.tenants[0]?.id;

export const findApp = (state: AuthorityState, clientId: string | null | undefined) =>
  clientId
    ? state.directory.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase())
    : undefined;

export const findTenant = (state: AuthorityState, idOrDomain: string) =>
  state.directory.tenants.find(
    (t) =>
      t.id.toLowerCase() === idOrDomain.toLowerCase() ||
      t.domain.toLowerCase() === idOrDomain.toLowerCase(),
  );

/** A stable object id for an app's service principal in a tenant (Entra gives each its own GUID). */
export function servicePrincipalId(tenantId: string, appId: string): string {
  const h = createHash("sha256").update(`sp:${tenantId}:${appId.toLowerCase()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
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
