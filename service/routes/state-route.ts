// GET /state: everything the hub's overview needs, for any member; a PCA's first read imports
// the organization's former extension-data scope.
import type { FastifyInstance } from "fastify";
import { type OrganizationStateWire, SERVICE_PATHS } from "../../src/core/service-api";
import { registerOrganizationRoute } from "../http/organization-route";
import { isCollectionAdmin } from "../http/request-context";
import { loadAppProfile, loadScope } from "../store/scope-repository";
import { type ServiceContext, appProfileWire } from "./context";

export function registerStateRoute(app: FastifyInstance, ctx: ServiceContext): void {
  registerOrganizationRoute(
    app,
    {
      method: "GET",
      path: SERVICE_PATHS.state,
      summary: "The organization's scope, app profile, connection, consent and the caller",
    },
    async (caller, request): Promise<OrganizationStateWire> => {
      const org = caller.organization;
      // The connection and consent do not depend on the import: read them while it runs.
      const identity = Promise.all([ctx.identity.connectionOf(org), ctx.identity.consentOf(org)]);
      identity.catch(() => undefined); // awaited below, unless the PCA check fails first
      const admin = await isCollectionAdmin(request);
      if (admin) await ctx.importOnce(caller);
      const [scope, appProfile, [connection, consent]] = await Promise.all([
        loadScope(ctx.db, org),
        loadAppProfile(ctx.db, org),
        identity,
      ]);
      return {
        organization: org,
        ...(caller.tenantId ? { tenantId: caller.tenantId } : {}),
        caller: { actor: caller.actor, isCollectionAdmin: admin },
        // Read for this answer alone, so sent as read: scopeWire's defensive copy of 10,000
        // entries would only be garbage.
        scope: { settings: scope.settings, entries: [...scope.entries.values()] },
        appProfile: appProfileWire(appProfile),
        connection,
        consent,
      };
    },
  );
}
