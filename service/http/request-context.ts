// The verified caller travels on the request: every `/api/**` request is authenticated in one
// onRequest hook (whoever registered the route: the core's or identity's), and routes ask for
// `callerOf(request)` or `requireCollectionAdmin(request)` (organization-route.ts does it for
// the routes under an organization).
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Authenticator, Caller } from "./authentication";
import type { CollectionAdminCheck } from "./authorization";
import { unauthenticated } from "./errors";

declare module "fastify" {
  interface FastifyRequest {
    /** Set for every /api/** request before its handler runs (never from client input). */
    caller?: Caller;
  }
  interface FastifyInstance {
    collectionAdmins: CollectionAdminCheck;
  }
}

export const API_PREFIX = "/api/";
const ORGANIZATION_IN_PATH = /^\/api\/v1\/organizations\/([^/?#]*)/;

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthenticated("The request was not authenticated.");
  return request.caller;
}

/**
 * The caller, when a PCA of the organization (Azure DevOps asked, ≤ 60 s ago); otherwise 403
 * naming the group and the action ("start a backup").
 */
export async function requireCollectionAdmin(
  request: FastifyRequest,
  action?: string,
): Promise<Caller> {
  const caller = callerOf(request);
  await request.server.collectionAdmins.requireCollectionAdmin(caller, action);
  return caller;
}

export function isCollectionAdmin(request: FastifyRequest): Promise<boolean> {
  return request.server.collectionAdmins.isCollectionAdmin(callerOf(request));
}

export function registerAuthentication(
  app: FastifyInstance,
  authenticator: Authenticator,
  collectionAdmins: CollectionAdminCheck,
): void {
  app.decorate("collectionAdmins", collectionAdmins);
  app.decorateRequest("caller", undefined);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith(API_PREFIX) || request.method === "OPTIONS") return;
    // Not decoded: an organization name has no character that needs escaping, so anything
    // escaped is refused as not a name.
    const organization = ORGANIZATION_IN_PATH.exec(request.url)?.[1] ?? "";
    request.caller = await authenticator.authenticate(organization, request.headers);
  });
}
