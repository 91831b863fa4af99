// The fake authority's directory: its tenants, users and app registrations, and the lookups every
// endpoint makes in it (which tenant a path names, who may sign in there, where an app may be
// redirected to).
import { createHash } from "node:crypto";
import type { AuthorityState, TenantRef } from "./state";

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

/** Path segments that name no single tenant: any work account may sign in. */
const MULTI_TENANT_SEGMENTS = new Set(["common", "organizations"]);

export const isMultiTenantSegment = (segment: string): boolean =>
  MULTI_TENANT_SEGMENTS.has(segment.toLowerCase());

export const tenantIdOf = (state: AuthorityState, user: EntraUser): string | undefined =>
  user.tenantId ?? state.directory.tenants[0]?.id;

export const findApp = (state: AuthorityState, clientId: string | null | undefined) =>
  clientId
    ? state.directory.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase())
    : undefined;

export const findUser = (state: AuthorityState, userId: string | null | undefined) =>
  userId ? state.directory.users.find((u) => u.id === userId) : undefined;

export const isGlobalAdmin = (user: EntraUser): boolean =>
  user.roles.includes("GlobalAdministrator");

/** The tenant a path segment names (by id or domain), or the multi-tenant segment itself. */
export function resolveTenant(state: AuthorityState, segment: string): TenantRef | undefined {
  const s = segment.toLowerCase();
  if (MULTI_TENANT_SEGMENTS.has(s)) return { kind: "multi", segment: s };
  const tenant = state.directory.tenants.find(
    (t) => t.id.toLowerCase() === s || t.domain.toLowerCase() === s,
  );
  return tenant ? { kind: "tenant", tenant } : undefined;
}

/** The users who may sign in at the tenant reference. */
export function usersOf(state: AuthorityState, ref: TenantRef): EntraUser[] {
  return state.directory.users.filter((u) => {
    const tid = tenantIdOf(state, u);
    return tid !== undefined && (ref.kind === "multi" || tid === ref.tenant.id);
  });
}

/** How Entra names the directory in its messages. */
export const tenantName = (ref: TenantRef): string =>
  ref.kind === "tenant" ? ref.tenant.displayName : ref.segment;

/** Whether the app may be sent back to this URI: its registered ones, or else any local http(s). */
export function redirectAllowed(app: EntraApp, redirectUri: string | null): redirectUri is string {
  if (!redirectUri) return false;
  if (app.redirectUris) return app.redirectUris.includes(redirectUri);
  try {
    const u = new URL(redirectUri);
    return (
      (u.protocol === "http:" || u.protocol === "https:") &&
      ["localhost", "127.0.0.1"].includes(u.hostname)
    );
  } catch {
    return false; // not a URL
  }
}

/** A stable object id for an app's service principal in a tenant (Entra gives each its own GUID). */
export function servicePrincipalId(tenantId: string, appId: string): string {
  const h = createHash("sha256").update(`sp:${tenantId}:${appId.toLowerCase()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
