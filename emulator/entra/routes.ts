// Which endpoint answers a request: the path's first segment is the tenant (or "common",
// "organizations"; "v1.0" is Microsoft Graph), the rest names the endpoint. The JSON endpoints
// answer browsers' CORS preflights, as Entra's do.
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminConsent } from "./admin-consent";
import { authorize } from "./authorize";
import { resolveTenant } from "./directory";
import { handleGraph } from "./graph";
import { logout } from "./logout";
import { sendKeys, sendMetadata } from "./metadata";
import { allowCors, sendJson, sendOAuthError } from "./replies";
import type { AuthorityState } from "./state";
import { tokenEndpoint } from "./token-endpoint";

export async function route(
  state: AuthorityState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", state.base);
  const [segment, ...rest] = url.pathname.split("/").filter((s) => s.length > 0);
  const path = rest.join("/");
  const json =
    path.endsWith("openid-configuration") ||
    path.startsWith("discovery/") ||
    path === "oauth2/v2.0/token";
  if (json) allowCors(req, res);
  if (req.method === "OPTIONS" && json) {
    res.writeHead(204, {
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers":
        req.headers["access-control-request-headers"] ?? "content-type",
      "Access-Control-Max-Age": "600",
    });
    res.end();
    return;
  }
  if (!segment)
    return sendJson(res, 404, {
      error: "not_found",
      error_description: "Try /{tenant}/v2.0/.well-known/openid-configuration",
    });
  if (
    path === "v2.0/.well-known/openid-configuration" ||
    path === ".well-known/openid-configuration"
  ) {
    const ref = resolveTenant(state, segment);
    if (!ref)
      return sendOAuthError(state, res, 400, {
        error: "invalid_tenant",
        description: `AADSTS90002: Tenant '${segment}' not found.`,
      });
    return sendMetadata(state, res, ref);
  }
  if (path === "discovery/v2.0/keys" || path === "discovery/keys") return sendKeys(state, res);
  if (path === "oauth2/v2.0/authorize") return authorize(state, req, res, segment, url);
  if (path === "oauth2/v2.0/token") return tokenEndpoint(state, req, res, segment);
  if (path === "oauth2/v2.0/logout") return logout(state, req, res, url);
  if (path === "v2.0/adminconsent") return adminConsent(state, req, res, segment, url);
  if (segment === "v1.0") {
    // Microsoft Graph's paths, served on this origin (graph.ts).
    const reply = handleGraph(state, req.method ?? "GET", path, url, req.headers.authorization);
    return sendJson(res, reply.status, reply.body);
  }
  sendJson(res, 404, { error: "not_found", error_description: `No endpoint at ${url.pathname}` });
}
