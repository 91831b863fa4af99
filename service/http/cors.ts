// CORS for the origins that call the service from a browser: the extension's CDN origin (the hub
// and panel frames) and the browser extension (SERVICE_ALLOWED_ORIGINS). Preflights are answered
// here, before authentication: a preflight carries no credentials.
import type { FastifyInstance } from "fastify";
import { AZURE_DEVOPS_TOKEN_HEADER } from "../../src/core/service-api";

const ALLOWED_HEADERS = ["Authorization", "Content-Type", AZURE_DEVOPS_TOKEN_HEADER].join(", ");
const ALLOWED_METHODS = "GET, POST, PUT, OPTIONS";

export function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  app.addHook("onRequest", async (request, reply) => {
    const origin = request.headers.origin;
    const ok = typeof origin === "string" && allowed.has(origin);
    if (ok) {
      reply.header("Access-Control-Allow-Origin", origin);
      reply.header("Access-Control-Expose-Headers", "Retry-After");
    }
    reply.header("Vary", "Origin");
    if (request.method !== "OPTIONS") return;
    if (!ok)
      return reply
        .status(403)
        .send({ code: "badRequest", message: "This origin may not call the backup service." });
    return reply
      .status(204)
      .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
      .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
      .header("Access-Control-Max-Age", "600")
      .send();
  });
}
