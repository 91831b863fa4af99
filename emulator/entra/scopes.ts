// Scope strings as Entra v2.0 reads them: "<resource>/<permission>", a bare Graph permission, or an OIDC scope.

export const AZURE_DEVOPS_RESOURCE = "499b84ac-1321-427f-aa17-267ca6975798";
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Microsoft Graph's app id: another name for its resource, and its service principal's appId. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

/** Other names Entra accepts for the same resource. */
const CANONICAL_RESOURCE: Record<string, string> = {
  [AZURE_DEVOPS_RESOURCE]: AZURE_DEVOPS_RESOURCE,
  "https://app.vssps.visualstudio.com": AZURE_DEVOPS_RESOURCE,
  [GRAPH_RESOURCE]: GRAPH_RESOURCE,
  [GRAPH_APP_ID]: GRAPH_RESOURCE,
};

const RESOURCE_NAME: Record<string, string> = {
  [AZURE_DEVOPS_RESOURCE]: "Azure DevOps",
  [GRAPH_RESOURCE]: "Microsoft Graph",
};

const PERMISSION_DESCRIPTION: Record<string, string> = {
  [`${AZURE_DEVOPS_RESOURCE}/user_impersonation`]:
    "Have full access to the Azure DevOps REST APIs as the signed-in user",
  [`${GRAPH_RESOURCE}/user.read.all`]: "Read all users' full profiles",
  [`${GRAPH_RESOURCE}/user.read`]: "Sign in and read user profile",
  [`${GRAPH_RESOURCE}/.default`]: "All the Microsoft Graph permissions the app is configured with",
  [`${AZURE_DEVOPS_RESOURCE}/.default`]:
    "All the Azure DevOps permissions the app is configured with",
};

export interface ResourceScope {
  /** As the client wrote it (becomes the access token's `aud`). */
  resource: string;
  /** Aliases folded together, for consent checks. */
  canonicalResource: string;
  /** e.g. "user_impersonation", "User.Read.All", ".default". */
  permission: string;
  /** The scope string as requested. */
  scope: string;
}

export function splitScopes(scope: string | null | undefined): string[] {
  return (scope ?? "").split(/\s+/).filter((s) => s.length > 0);
}

/** undefined for OIDC scopes (they need no consent and name no resource). */
export function parseScope(scope: string): ResourceScope | undefined {
  if (OIDC_SCOPES.has(scope.toLowerCase())) return undefined;
  const slash = scope.lastIndexOf("/");
  // A bare permission ("User.Read") is a Microsoft Graph permission.
  const resource = slash < 0 ? GRAPH_RESOURCE : scope.slice(0, slash);
  const permission = slash < 0 ? scope : scope.slice(slash + 1);
  const canonicalResource = CANONICAL_RESOURCE[resource.toLowerCase()] ?? resource.toLowerCase();
  return { resource, canonicalResource, permission, scope };
}

export function resourceScopes(scopes: string[]): ResourceScope[] {
  return scopes.map(parseScope).filter((s): s is ResourceScope => s !== undefined);
}

/** The text a consent page shows for a permission, e.g. "Microsoft Graph: Read all users' full profiles (User.Read.All)". */
export function describePermission(scope: ResourceScope): string {
  const name = RESOURCE_NAME[scope.canonicalResource] ?? scope.resource;
  const description =
    PERMISSION_DESCRIPTION[`${scope.canonicalResource}/${scope.permission.toLowerCase()}`];
  return description
    ? `${name}: ${description} (${scope.permission})`
    : `${name}: ${scope.permission}`;
}

/**
 * Permissions a user may get without an administrator: signing in and reading one's own profile
 * (Entra tenants allow this by default).
 */
function needsNoConsent(scope: ResourceScope): boolean {
  return (
    scope.canonicalResource === GRAPH_RESOURCE && scope.permission.toLowerCase() === "user.read"
  );
}

/** The requested scopes that the granted scopes (of one tenant, for one app) do not cover. */
export function scopesMissingConsent(
  requested: ResourceScope[],
  granted: string[],
): ResourceScope[] {
  const grants = resourceScopes(granted);
  return requested.filter((want) => {
    if (needsNoConsent(want)) return false;
    const sameResource = grants.filter((g) => g.canonicalResource === want.canonicalResource);
    if (want.permission === ".default") return sameResource.length === 0;
    return !sameResource.some(
      (g) =>
        g.permission === ".default" || g.permission.toLowerCase() === want.permission.toLowerCase(),
    );
  });
}

/** The `scp` claim's permissions for a token on one resource. */
export function grantedPermissions(requested: ResourceScope[], granted: string[]): string[] {
  const out = new Set<string>();
  for (const want of requested) {
    if (want.permission !== ".default") {
      out.add(want.permission);
      continue;
    }
    for (const g of resourceScopes(granted)) {
      if (g.canonicalResource === want.canonicalResource && g.permission !== ".default")
        out.add(g.permission);
    }
  }
  return [...out];
}
