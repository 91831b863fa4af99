// A route of one organization (/api/v1/organizations/:organization/…): its schema, which Fastify
// validates and /openapi.json lists, and who may call it, settled before its handler runs: any
// member of the organization (authenticated by request-context's hook), or a Project Collection
// Administrator alone (Azure DevOps asked; 403 naming the action otherwise).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Caller } from "./authentication";
import { callerOf, requireCollectionAdmin } from "./request-context";
import { organizationParams, routeSchema } from "./schemas";

export const ORGANIZATION_PREFIX = "/api/v1/organizations/:organization";

export interface OrganizationRoute {
  method: "GET" | "POST" | "PUT";
  /** Below ORGANIZATION_PREFIX: one of SERVICE_PATHS, perhaps with a parameter after it. */
  path: string;
  /** One line, for /openapi.json. */
  summary: string;
  /** The path's parameters; the organization alone unless said. */
  params?: object;
  body?: object;
  querystring?: object;
  /** Only for a PCA: what the caller asks to do, in the 403's words ("start a backup"). */
  adminTo?: string;
}

export type OrganizationHandler<Reply> = (
  caller: Caller,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<Reply>;

export function registerOrganizationRoute<Reply>(
  app: FastifyInstance,
  route: OrganizationRoute,
  handle: OrganizationHandler<Reply>,
): void {
  const { method, path, summary, adminTo, params = organizationParams, ...input } = route;
  app.route({
    method,
    url: `${ORGANIZATION_PREFIX}${path}`,
    schema: routeSchema(summary, { params, ...input }),
    handler: async (request, reply) => {
      const caller =
        adminTo === undefined ? callerOf(request) : await requireCollectionAdmin(request, adminTo);
      return handle(caller, request, reply);
    },
  });
}
