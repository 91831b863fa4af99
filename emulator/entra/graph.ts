// A minimal Microsoft Graph on the authority's origin (`/v1.0/...`, the real paths): the service
// principals of a tenant and their delegated permission grants, enough for a service to verify
// that a tenant's administrator (not one user for themselves) consented to an app. Shapes from
// https://learn.microsoft.com/graph/api/serviceprincipal-list,
// https://learn.microsoft.com/graph/api/oauth2permissiongrant-list and
// https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant (consentType
// "AllPrincipals" = admin consent for everyone, "Principal" = one user's own consent).
import { createHash } from "node:crypto";
import { hasServicePrincipal } from "./consents";
import { servicePrincipalId } from "./directory";
import {
  AZURE_DEVOPS_RESOURCE,
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  resourceScopes,
  splitScopes,
} from "./scopes";
import { readIssuedToken } from "./issued-tokens";
import type { AuthorityState } from "./state";

const GRAPH_AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID]);
/** Permissions that may read service principals and grants (app roles or delegated scopes). */
const READ_PERMISSIONS = new Set([
  "application.read.all",
  "application.readwrite.all",
  "directory.read.all",
  "directory.readwrite.all",
]);

/** First-party resources every tenant has a service principal for. */
const RESOURCE_APPS: Record<string, { appId: string; displayName: string }> = {
  [AZURE_DEVOPS_RESOURCE]: { appId: AZURE_DEVOPS_RESOURCE, displayName: "Azure DevOps" },
  [GRAPH_RESOURCE]: { appId: GRAPH_APP_ID, displayName: "Microsoft Graph" },
};

interface GraphReply {
  status: number;
  body: unknown;
}

interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: "Application";
  accountEnabled: true;
}

interface PermissionGrant {
  id: string;
  clientId: string;
  consentType: "AllPrincipals" | "Principal";
  principalId: string | null;
  resourceId: string;
  scope: string;
}

const graphError = (status: number, code: string, message: string): GraphReply => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString() } } },
});

/** The tenant a bearer token may read, or the error Graph answers. */
function authorizeGraph(state: AuthorityState, authorization: string | undefined) {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return graphError(401, "InvalidAuthenticationToken", "Access token is empty.");
  const claims = readIssuedToken(state, token);
  if (!claims)
    return graphError(401, "InvalidAuthenticationToken", "Access token validation failure.");
  if (typeof claims.aud !== "string" || !GRAPH_AUDIENCES.has(claims.aud))
    return graphError(
      401,
      "InvalidAuthenticationToken",
      "Access token validation failure. Invalid audience.",
    );
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const scopes = typeof claims.scp === "string" ? splitScopes(claims.scp) : [];
  if (![...roles, ...scopes].some((p) => READ_PERMISSIONS.has(p.toLowerCase())))
    return graphError(
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    );
  return { tenantId: claims.tid };
}

function servicePrincipalsOf(state: AuthorityState, tenantId: string): ServicePrincipal[] {
  const sp = (appId: string, displayName: string): ServicePrincipal => ({
    id: servicePrincipalId(tenantId, appId),
    appId,
    displayName,
    servicePrincipalType: "Application",
    accountEnabled: true,
  });
  const apps = state.directory.apps
    .filter((a) => hasServicePrincipal(state, tenantId, a.clientId))
    .map((a) => sp(a.clientId, a.displayName));
  return [...apps, ...Object.values(RESOURCE_APPS).map((r) => sp(r.appId, r.displayName))];
}

/** One grant per (client, consent type, principal, resource), as Graph stores them. */
function grantsOf(state: AuthorityState, tenantId: string): PermissionGrant[] {
  const out: PermissionGrant[] = [];
  const add = (clientAppId: string, principalId: string | null, scopes: string[]) => {
    const byResource = new Map<string, string[]>();
    for (const s of resourceScopes(scopes)) {
      const list = byResource.get(s.canonicalResource) ?? [];
      list.push(s.permission);
      byResource.set(s.canonicalResource, list);
    }
    const clientId = servicePrincipalId(tenantId, clientAppId);
    for (const [resource, permissions] of byResource) {
      const resourceApp = RESOURCE_APPS[resource];
      if (!resourceApp) continue; // a resource this directory has no service principal for
      const resourceId = servicePrincipalId(tenantId, resourceApp.appId);
      const id = createHash("sha256")
        .update(`${clientId}:${principalId ?? "all"}:${resourceId}`)
        .digest("base64url")
        .slice(0, 43);
      out.push({
        id,
        clientId,
        consentType: principalId === null ? "AllPrincipals" : "Principal",
        principalId,
        resourceId,
        scope: permissions.join(" "),
      });
    }
  };
  for (const c of state.consents) if (c.tenantId === tenantId) add(c.clientId, null, c.scopes);
  for (const c of state.userConsents)
    if (c.tenantId === tenantId) add(c.clientId, c.userId, c.scopes);
  return out;
}

/** `$filter=name eq 'value'`, the only filter form served here; undefined: no filter. */
function equalityFilter(url: URL, allowed: string): { value: string } | "unsupported" | undefined {
  const filter = url.searchParams.get("$filter");
  if (filter === null) return undefined;
  const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/.exec(filter);
  if (!m || m[1] !== allowed) return "unsupported";
  return { value: m[2] as string };
}

const collection = (entity: string, value: unknown[]): GraphReply => ({
  status: 200,
  body: { "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#${entity}`, value },
});

/** Graph compares an appId (a GUID) without regard to case. */
const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** An entity set, only the items matching `$filter=<property> eq '…'` when the request has one. */
function filteredCollection<T>(
  url: URL,
  entity: string,
  all: T[],
  property: string,
  matches: (item: T, value: string) => boolean,
): GraphReply {
  const f = equalityFilter(url, property);
  if (f === "unsupported") return graphError(400, "Request_UnsupportedQuery", "Unsupported Query.");
  return collection(entity, f ? all.filter((item) => matches(item, f.value)) : all);
}

/** Answers a Graph request on `/v1.0/...`; `path` is the part after `v1.0/`. */
export function handleGraph(
  state: AuthorityState,
  method: string,
  path: string,
  url: URL,
  authorization: string | undefined,
): GraphReply {
  const auth = authorizeGraph(state, authorization);
  if ("status" in auth) return auth;
  if (method !== "GET")
    return graphError(405, "Request_BadRequest", "This emulator's Graph only reads.");
  if (path === "servicePrincipals") {
    const all = servicePrincipalsOf(state, auth.tenantId);
    return filteredCollection(url, path, all, "appId", (sp, id) => sameId(sp.appId, id));
  }
  const one = /^servicePrincipals\/([^/]+)$/.exec(path)?.[1];
  if (one) {
    const sp = servicePrincipalsOf(state, auth.tenantId).find((s) => s.id === one);
    return sp
      ? { status: 200, body: sp }
      : graphError(
          404,
          "Request_ResourceNotFound",
          `Resource '${one}' does not exist or one of its queried reference-property objects are not present.`,
        );
  }
  if (path === "oauth2PermissionGrants") {
    const all = grantsOf(state, auth.tenantId);
    return filteredCollection(url, path, all, "clientId", (g, id) => g.clientId === id);
  }
  return graphError(404, "Request_ResourceNotFound", `No Graph resource at /v1.0/${path}.`);
}
