// Tokens for a signed-in user (delegated): the access token for one resource, the ID token, a
// refresh token, in the v2.0 token response shape, and only for scopes someone consented to.
// Also the checks the emulated organization makes on an access token it is shown.
import { grantedScopes } from "./consents";
import { findApp, findUser, tenantIdOf, type EntraApp, type EntraUser } from "./directory";
import { issueRefreshToken } from "./refresh-tokens";
import { refused, type OAuthError } from "./replies";
import {
  GRAPH_APP_ID,
  grantedPermissions,
  OIDC_SCOPES,
  resourceScopes,
  scopesMissingConsent,
  splitScopes,
} from "./scopes";
import { issuerOf, readIssuedToken } from "./issued-tokens";
import type { AuthorityState } from "./state";
import {
  ACCESS_TOKEN_LIFETIME_S,
  encodeJson,
  pkceChallenge,
  randomId,
  signJwt,
  type JwtClaims,
} from "./tokens";

export interface AccessTokenInfo {
  userId: string;
  tenantId: string;
  appId: string;
  audience: string;
  /** The token's `scp`, e.g. ["user_impersonation"]. */
  scopes: string[];
}

export type IssuedToken =
  | { ok: true; accessToken: string; idToken: string; expiresIn: number }
  | { ok: false; error: string; suberror?: string; description: string };

export type TokenResponse =
  { ok: true; body: Record<string, string | number> } | ({ ok: false } & OAuthError);

/** AADSTS65001: nobody consented to (all of) the scopes for this user. */
export function consentRequired(app: EntraApp): OAuthError {
  return {
    error: "invalid_grant",
    suberror: "consent_required",
    description:
      `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' ` +
      `named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
  };
}

/** Whether the tenant's admin or the user consented to every resource scope asked for. */
export function hasConsentFor(
  state: AuthorityState,
  user: EntraUser,
  app: EntraApp,
  scopes: string[],
): boolean {
  const granted = grantedScopes(state, tenantIdOf(state, user) ?? "", app.clientId, user.id);
  return scopesMissingConsent(resourceScopes(scopes), granted).length === 0;
}

export function mintTokens(
  state: AuthorityState,
  user: EntraUser,
  app: EntraApp,
  scopes: string[],
  nonce: string | undefined,
): TokenResponse {
  const tenantId = tenantIdOf(state, user);
  if (!tenantId) {
    return refused(
      "invalid_grant",
      `AADSTS50020: User account '${user.email}' does not exist in any tenant of this directory.`,
    );
  }
  const requested = resourceScopes(scopes);
  const resources = new Set(requested.map((s) => s.canonicalResource));
  if (resources.size > 1) {
    return refused(
      "invalid_scope",
      `AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scopes.join(" ")} is not valid.`,
    );
  }
  const granted = grantedScopes(state, tenantId, app.clientId, user.id);
  if (scopesMissingConsent(requested, granted).length > 0)
    return { ok: false, ...consentRequired(app) };

  const first = requested[0];
  const audience = first ? first.resource : GRAPH_APP_ID;
  const permissions = first
    ? grantedPermissions(requested, granted)
    : scopes.filter((s) => OIDC_SCOPES.has(s.toLowerCase()) && s !== "offline_access");
  const issuedAt = Math.floor(state.now() / 1000);
  const common: JwtClaims = {
    iss: issuerOf(state, tenantId),
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + ACCESS_TOKEN_LIFETIME_S,
    tid: tenantId,
    oid: user.id,
    sub: pkceChallenge(`${user.id}:${app.clientId}`), // pairwise, as Entra's `sub`
    name: user.displayName,
    preferred_username: user.email,
    ver: "2.0",
  };
  const accessToken = signJwt(state.key, {
    ...common,
    aud: audience,
    scp: permissions.join(" "),
    azp: app.clientId,
    appid: app.clientId,
    azpacr: "0",
    upn: user.email,
    uti: randomId(12),
  });
  const idToken = signJwt(state.key, {
    ...common,
    aud: app.clientId,
    email: user.email,
    ...(nonce !== undefined ? { nonce } : {}),
  });
  const refreshToken = issueRefreshToken(state, {
    clientId: app.clientId,
    userId: user.id,
    scopes,
  });
  const responseScopes = [
    ...requested.map((s) => s.scope),
    ...scopes.filter((s) => OIDC_SCOPES.has(s.toLowerCase())),
  ];
  return {
    ok: true,
    body: {
      token_type: "Bearer",
      scope: responseScopes.join(" "),
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      ext_expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: encodeJson({ uid: user.id, utid: tenantId }),
    },
  };
}

/** A user's access token this authority signed, unexpired, for one of its tenants. */
export function verifyAccessToken(
  state: AuthorityState,
  token: string,
): AccessTokenInfo | undefined {
  const claims = readIssuedToken(state, token);
  if (!claims) return undefined;
  const { tid, oid, azp, aud, scp } = claims;
  // Only access tokens carry `scp`; an id token is not accepted as a bearer token.
  if (
    typeof oid !== "string" ||
    typeof azp !== "string" ||
    typeof aud !== "string" ||
    typeof scp !== "string"
  ) {
    return undefined;
  }
  return { userId: oid, tenantId: tid, appId: azp, audience: aud, scopes: splitScopes(scp) };
}

/** A token for a user without a browser round trip (the emulator's nested app auth answers). */
export function issueTokenFor(
  state: AuthorityState,
  req: { userId: string; clientId: string; scopes: string[] },
): IssuedToken {
  const app = findApp(state, req.clientId);
  if (!app) {
    return refused(
      "invalid_client",
      `AADSTS700016: Application with identifier '${req.clientId}' was not found in the directory.`,
    );
  }
  const user = findUser(state, req.userId);
  if (!user) {
    return refused(
      "interaction_required",
      "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
      "login_required",
    );
  }
  const result = mintTokens(state, user, app, req.scopes, undefined);
  if (!result.ok) {
    return result.suberror === "consent_required"
      ? refused("consent_required", result.description, "consent_required")
      : refused(result.error, result.description);
  }
  return {
    ok: true,
    accessToken: String(result.body.access_token),
    idToken: String(result.body.id_token),
    expiresIn: ACCESS_TOKEN_LIFETIME_S,
  };
}
