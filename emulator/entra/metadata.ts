// Discovery: the OpenID Connect metadata of a tenant (or of common/organizations) and the keys
// that verify the authority's tokens, as MSAL fetches them before anything else.
import type { ServerResponse } from "node:http";
import { sendJson } from "./replies";
import { issuerOf } from "./issued-tokens";
import type { AuthorityState, TenantRef } from "./state";
import { jsonWebKeySet } from "./tokens";

export function sendMetadata(state: AuthorityState, res: ServerResponse, ref: TenantRef): void {
  const { base } = state;
  const segment = ref.kind === "tenant" ? ref.tenant.id : ref.segment;
  const root = `${base}/${segment}`;
  sendJson(res, 200, {
    issuer: ref.kind === "tenant" ? issuerOf(state, ref.tenant.id) : `${base}/{tenantid}/v2.0`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    token_endpoint: `${root}/oauth2/v2.0/token`,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    jwks_uri: `${root}/discovery/v2.0/keys`,
    token_endpoint_auth_methods_supported: [
      "none",
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    response_modes_supported: ["query", "fragment", "form_post"],
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "nbf",
      "nonce",
      "name",
      "preferred_username",
      "email",
      "oid",
      "tid",
      "ver",
    ],
    request_uri_parameter_supported: false,
    frontchannel_logout_supported: true,
    http_logout_supported: true,
    tenant_region_scope: null,
    cloud_instance_name: new URL(base).host,
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  });
}

/** The JWKS: the one signing key's public half. */
export function sendKeys(state: AuthorityState, res: ServerResponse): void {
  sendJson(res, 200, jsonWebKeySet(state.key));
}
