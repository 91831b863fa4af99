// Identity's HTTP surface: three PCA-only POSTs under the organization (connection/start,
// consent/start, consent/check) and the two public landing pages Entra redirects to. Routes rely
// on the service core's authentication having set `request.caller`; the PCA check asks Azure
// DevOps with the caller's own token (service/http/authorization.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SERVICE_PATHS, SERVICE_PUBLIC_PATHS } from "../../src/core/serviceApi";
import type { Caller } from "../http/authentication";
import type { CollectionAdminCheck } from "../http/authorization";
import { ServiceError, unauthenticated } from "../http/errors";
import { checkConsent, completeConsent, startConsent } from "./admin-consent";
import { completeSignIn, startConnection } from "./connection";
import { type IdentityContext, IdentityProblem } from "./context";
import { EntraError } from "./entra-client";
import { LANDING_HEADERS, type LandingOutcome, landingHtml } from "./landing-page";

export const ORGANIZATION_BASE = "/api/v1/organizations/:organization";

/** The caller service core's authentication established for this request. */
function callerOf(request: FastifyRequest): Caller {
  const caller = (request as FastifyRequest & { caller?: Caller }).caller;
  if (!caller) throw unauthenticated("The request was not authenticated.");
  return caller;
}

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

export function registerIdentityRoutes(
  app: FastifyInstance,
  ctx: IdentityContext,
  access: CollectionAdminCheck,
): void {
  const adminRoute = (
    path: string,
    what: string,
    handler: (caller: Caller, body: Record<string, unknown>) => Promise<unknown>,
  ) =>
    app.post<{ Params: { organization: string } }>(
      `${ORGANIZATION_BASE}${path}`,
      async (request) => {
        const caller = callerOf(request);
        await access.requireCollectionAdmin(caller, what);
        const body = request.body;
        if (
          body !== undefined &&
          (typeof body !== "object" || body === null || Array.isArray(body))
        )
          throw new ServiceError(400, "badRequest", "The body must be a JSON object.");
        try {
          return await handler(caller, (body ?? {}) as Record<string, unknown>);
        } catch (e) {
          throw asServiceError(e);
        }
      },
    );

  adminRoute(SERVICE_PATHS.connectionStart, "the organization's connection", (caller) =>
    startConnection(ctx, caller.organization, caller),
  );
  adminRoute(SERVICE_PATHS.consentStart, "admin consent", (caller, body) =>
    startConsent(ctx, caller.organization, caller, body),
  );
  adminRoute(SERVICE_PATHS.consentCheck, "admin consent", (caller) =>
    checkConsent(ctx, caller.organization, caller),
  );

  const query = (request: FastifyRequest) =>
    new URLSearchParams(
      request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "",
    );
  app.get(SERVICE_PUBLIC_PATHS.signInLanding, (request, reply) =>
    sendLanding(reply, completeSignIn(ctx, query(request))),
  );
  app.get(SERVICE_PUBLIC_PATHS.consentLanding, (request, reply) =>
    sendLanding(reply, completeConsent(ctx, query(request))),
  );
}
