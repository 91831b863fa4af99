// GET /state: everything the hub's overview needs, for any member; a PCA's first read imports
// the organization's former extension-data scope.
import type { FastifyInstance } from "fastify";
import { type OrganizationStateWire, SERVICE_PATHS } from "../../src/core/serviceApi";
import { callerOf, isCollectionAdmin } from "../http/request-context";
import { organizationParams, routeSchema } from "../http/schemas";
import { loadAppProfile, loadScope } from "../store/scope-repository";
import { ORGANIZATION_PREFIX, type ServiceContext, appProfileWire, scopeWire } from "./context";

export function registerStateRoute(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.state}`,
    {
      schema: routeSchema(
        "The organization's scope, app profile, connection, consent and the caller",
        { params: organizationParams },
      ),
    },
    async (request): Promise<OrganizationStateWire> => {
      const caller = callerOf(request);
      const admin = await isCollectionAdmin(request);
      if (admin) await ctx.importOnce(caller);
      const org = caller.organization;
      const [scope, appProfile, connection, consent] = await Promise.all([
        loadScope(ctx.db, org),
        loadAppProfile(ctx.db, org),
        ctx.identity.connectionOf(org),
        ctx.identity.consentOf(org),
      ]);
      return {
        organization: org,
        ...(caller.tenantId ? { tenantId: caller.tenantId } : {}),
        caller: { actor: caller.actor, isCollectionAdmin: admin },
        scope: scopeWire(scope),
        appProfile: appProfileWire(appProfile),
        connection,
        consent,
      };
    },
  );
}
