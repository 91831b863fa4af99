// The token endpoint: finds the tenant and the app, then answers by grant type: client
// credentials (client-credentials.ts), an authorization code (code-grant.ts) or a refresh token
// (refresh-tokens.ts), the last two minting the user's tokens (user-tokens.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkClientSecret, clientCredentialsToken } from "./client-credentials";
import { redeemCode } from "./code-grant";
import {
  findApp,
  findUser,
  resolveTenant,
  tenantIdOf,
  tenantName,
  type EntraApp,
} from "./directory";
import { redeemRefreshToken } from "./refresh-tokens";
import { readForm, refused, sendJson, sendOAuthError, type OAuthError } from "./replies";
import { splitScopes } from "./scopes";
import type { AuthorityState, TenantRef } from "./state";
import { mintTokens, type TokenResponse } from "./user-tokens";

/** What a user's grant (a code or a refresh token) stands for. */
type UserGrant =
  { ok: true; userId: string; scopes: string[]; nonce?: string } | ({ ok: false } & OAuthError);

export async function tokenEndpoint(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
  segment: string,
): Promise<void> {
  if (req.method !== "POST")
    return sendOAuthError(state, res, 405, {
      error: "invalid_request",
      description: "AADSTS900561: The endpoint only accepts POST requests.",
    });
  const form = await readForm(req);
  const ref = resolveTenant(state, segment);
  if (!ref)
    return sendOAuthError(state, res, 400, {
      error: "invalid_request",
      description: `AADSTS90002: Tenant '${segment}' not found.`,
    });
  const app = findApp(state, form.get("client_id"));
  if (!app) {
    return sendOAuthError(state, res, 400, {
      error: "unauthorized_client",
      description: `AADSTS700016: Application with identifier '${form.get("client_id") ?? ""}' was not found in the directory '${tenantName(ref)}'.`,
    });
  }
  const grantType = form.get("grant_type");
  if (grantType === "client_credentials") {
    if (ref.kind !== "tenant") {
      return sendOAuthError(state, res, 400, {
        error: "invalid_request",
        description: `Client credentials need a tenant: use /{tenant}/oauth2/v2.0/token, not /${segment}.`,
      });
    }
    const result = clientCredentialsToken(state, ref.tenant, app, form, req.headers);
    return result.ok
      ? sendJson(res, 200, result.body)
      : sendOAuthError(state, res, result.status, result);
  }
  // A public client sends no secret; a confidential one that sends a wrong one is refused.
  const secretProblem = checkClientSecret(app, form, req.headers, false);
  if (secretProblem) return sendOAuthError(state, res, secretProblem.status, secretProblem);
  if (grantType !== "authorization_code" && grantType !== "refresh_token") {
    return sendOAuthError(state, res, 400, {
      error: "unsupported_grant_type",
      description: `AADSTS70003: The app requested an unsupported grant type '${grantType ?? ""}'.`,
    });
  }
  const grant = userGrant(state, app, form, grantType);
  if (!grant.ok) return sendOAuthError(state, res, 400, grant);
  const result = userTokens(state, ref, app, grant);
  if (!result.ok) return sendOAuthError(state, res, 400, result);
  sendJson(res, 200, result.body);
}

function userGrant(
  state: AuthorityState,
  app: EntraApp,
  form: URLSearchParams,
  grantType: "authorization_code" | "refresh_token",
): UserGrant {
  const redeemed =
    grantType === "authorization_code"
      ? redeemCode(state, app, form)
      : redeemRefreshToken(state, form.get("refresh_token") ?? "", app.clientId);
  return redeemed.ok ? granted(redeemed.grant, form) : redeemed;
}

/** The client may narrow (or name another resource of) what was granted. */
function granted(
  grant: { userId: string; scopes: string[]; nonce?: string },
  form: URLSearchParams,
): UserGrant {
  const asked = splitScopes(form.get("scope"));
  const scopes = asked.length > 0 ? asked : grant.scopes;
  return { ok: true, userId: grant.userId, scopes, nonce: grant.nonce };
}

/** The user's tokens, if the user still exists and belongs to the tenant the path names. */
function userTokens(
  state: AuthorityState,
  ref: TenantRef,
  app: EntraApp,
  grant: { userId: string; scopes: string[]; nonce?: string },
): TokenResponse {
  const user = findUser(state, grant.userId);
  if (!user) {
    return refused(
      "invalid_grant",
      "AADSTS50034: The user account does not exist in this directory.",
    );
  }
  if (ref.kind === "tenant" && tenantIdOf(state, user) !== ref.tenant.id) {
    return refused(
      "invalid_grant",
      `AADSTS50020: User account '${user.email}' does not exist in tenant '${ref.tenant.displayName}'.`,
    );
  }
  return mintTokens(state, user, app, grant.scopes, grant.nonce);
}
