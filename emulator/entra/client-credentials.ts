// Confidential clients: the client secret check (client_secret in the body or HTTP Basic, RFC 6749
// §2.3.1) and the client credentials grant, which gives an app-only token for one tenant where the
// app has a service principal. Shapes and codes from
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow and
// https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference (idtyp, roles).
import type { IncomingHttpHeaders } from "node:http";
import { hasServicePrincipal } from "./consents";
import { servicePrincipalId, type EntraApp, type EntraTenant } from "./directory";
import { parseScope, splitScopes } from "./scopes";
import { issuerOf } from "./issued-tokens";
import type { AuthorityState } from "./state";
import { ACCESS_TOKEN_LIFETIME_S, randomId, signJwt } from "./tokens";

interface ClientError {
  status: number;
  error: string;
  description: string;
}

/** The secret the client sent, from the form or an HTTP Basic header, if any. */
function sentSecret(form: URLSearchParams, headers: IncomingHttpHeaders): string | undefined {
  const fromForm = form.get("client_secret");
  if (fromForm !== null) return fromForm;
  const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? "")?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : decodeURIComponent(decoded.slice(colon + 1));
}

/**
 * Checks the client's secret where one is sent (or is required). A public client (the SPA, the
 * browser extension) sends none and is not asked for one on the code and refresh grants.
 */
export function checkClientSecret(
  app: EntraApp,
  form: URLSearchParams,
  headers: IncomingHttpHeaders,
  required: boolean,
): ClientError | undefined {
  const secret = sentSecret(form, headers);
  if (secret === undefined) {
    return required
      ? {
          status: 401,
          error: "invalid_client",
          description:
            "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        }
      : undefined;
  }
  if (app.clientSecret === undefined || secret !== app.clientSecret) {
    return {
      status: 401,
      error: "invalid_client",
      description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    };
  }
  return undefined;
}

type ClientCredentialsResult =
  { ok: true; body: Record<string, string | number> } | ({ ok: false } & ClientError);

export function clientCredentialsToken(
  state: AuthorityState,
  tenant: EntraTenant,
  app: EntraApp,
  form: URLSearchParams,
  headers: IncomingHttpHeaders,
): ClientCredentialsResult {
  const secretProblem = checkClientSecret(app, form, headers, true);
  if (secretProblem) return { ok: false, ...secretProblem };
  const scopes = splitScopes(form.get("scope"));
  const scope = scopes.length === 1 ? parseScope(scopes[0] as string) : undefined;
  if (!scope || scope.permission !== ".default") {
    return {
      ok: false,
      status: 400,
      error: "invalid_scope",
      description: `AADSTS1002012: The provided value for scope ${scopes.join(" ")} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    };
  }
  if (!hasServicePrincipal(state, tenant.id, app.clientId)) {
    return {
      ok: false,
      status: 400,
      error: "unauthorized_client",
      description: `AADSTS700016: Application with identifier '${app.clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    };
  }
  const issuedAt = Math.floor(state.now() / 1000);
  const spId = servicePrincipalId(tenant.id, app.clientId);
  const roles = app.applicationPermissions ?? [];
  const accessToken = signJwt(state.key, {
    iss: issuerOf(state, tenant.id),
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + ACCESS_TOKEN_LIFETIME_S,
    aud: scope.resource,
    tid: tenant.id,
    oid: spId,
    sub: spId,
    azp: app.clientId,
    appid: app.clientId,
    azpacr: "1", // authenticated with a client secret
    idtyp: "app",
    ...(roles.length > 0 ? { roles } : {}),
    uti: randomId(12),
    ver: "2.0",
  });
  return {
    ok: true,
    body: {
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      ext_expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: accessToken,
    },
  };
}
