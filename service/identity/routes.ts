// Identity's HTTP surface: three PCA-only POSTs under the organization (connection/start,
// consent/start, consent/check) and the two public landing pages Entra redirects to. The service
// core authenticates every /api/** request (request.caller) and answers whether the caller is a
// PCA with the caller's own Azure DevOps token (service/http/request-context.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SERVICE_PATHS, SERVICE_PUBLIC_PATHS } from "../../src/core/service-api";
import type { Caller } from "../http/authentication";
import { ServiceError } from "../http/errors";
import { registerOrganizationRoute } from "../http/organization-route";
import { routeSchema } from "../http/schemas";
import { checkConsent, completeConsent, startConsent } from "./admin-consent";
import { completeSignIn, startConnection } from "./connection";
import { type IdentityContext, IdentityProblem } from "./context";
import { EntraError } from "./entra-client";
import { LANDING_HEADERS, type LandingOutcome, landingHtml } from "./landing-page";

const consentStartBody = {
  type: "object",
  additionalProperties: false,
  properties: { tenantId: { type: "string", minLength: 1, maxLength: 253 } },
} as const;

/** Identity's failures in the API's words (ServiceErrorBody); Entra outages as 502. */
function asServiceError(e: unknown): unknown {
  if (e instanceof IdentityProblem) return new ServiceError(e.status, e.code, e.message);
  if (e instanceof EntraError)
    return new ServiceError(502, "internal", `Microsoft Entra could not answer: ${e.description}`);
  return e;
}

async function sendLanding(reply: FastifyReply, outcome: Promise<LandingOutcome>) {
  let page: LandingOutcome;
  try {
    page = await outcome;
  } catch (e) {
    const entra = e instanceof EntraError;
    page = {
      status: entra ? 502 : 500,
      title: "Something went wrong",
      message: entra
        ? `Microsoft Entra could not answer (${e.description}). Try again from the Backup settings.`
        : "The backup service failed; try again from the Backup settings.",
    };
    if (!entra) reply.log.error({ err: e }, "landing page failed");
  }
  return reply.status(page.status).headers(LANDING_HEADERS).send(landingHtml(page));
}

export function registerIdentityRoutes(app: FastifyInstance, ctx: IdentityContext): void {
  const adminRoute = (
    path: string,
    summary: string,
    adminTo: string,
    handler: (caller: Caller, body: Record<string, unknown>) => Promise<unknown>,
    body?: object,
  ) =>
    registerOrganizationRoute(
      app,
      { method: "POST", path, summary, adminTo, ...(body ? { body } : {}) },
      async (caller, request) => {
        const input = request.body;
        if (
          input !== undefined &&
          input !== null &&
          (typeof input !== "object" || Array.isArray(input))
        )
          throw new ServiceError(400, "badRequest", "The body must be a JSON object.");
        try {
          return await handler(caller, (input ?? {}) as Record<string, unknown>);
        } catch (e) {
          throw asServiceError(e);
        }
      },
    );

  adminRoute(
    SERVICE_PATHS.connectionStart,
    "Start connecting the organization (PCA): the Entra sign-in URL (code + PKCE) and its state",
    "change the organization's connection",
    (caller) => startConnection(ctx, caller),
  );
  adminRoute(
    SERVICE_PATHS.consentStart,
    "Start admin consent (PCA): the tenant's admin-consent URL and its state",
    "change admin consent",
    (caller, body) => startConsent(ctx, caller, body),
    consentStartBody,
  );
  adminRoute(
    SERVICE_PATHS.consentCheck,
    "Ask Entra again whether the tenant granted admin consent (PCA)",
    "change admin consent",
    (caller) => checkConsent(ctx, caller),
  );

  const query = (request: FastifyRequest) =>
    new URLSearchParams(
      request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "",
    );
  // The landing URLs carry an authorization code and a state: Fastify's request log (info) would
  // write them out, so these routes log warnings and errors only.
  const landing = (summary: string) => ({
    logLevel: "warn" as const,
    schema: routeSchema(summary),
  });
  app.get(
    SERVICE_PUBLIC_PATHS.signInLanding,
    landing("Entra's sign-in redirect (code + state): connects the organization"),
    (request, reply) => sendLanding(reply, completeSignIn(ctx, query(request))),
  );
  app.get(
    SERVICE_PUBLIC_PATHS.consentLanding,
    landing("Entra's admin-consent redirect (state): the service checks consent itself"),
    (request, reply) => sendLanding(reply, completeConsent(ctx, query(request))),
  );
}
