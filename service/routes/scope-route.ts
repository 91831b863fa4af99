// POST /scope/changes: a PCA's save of project choices and the rule, applied with
// planScopeChanges (src/core/scope-changes.ts) inside one transaction that holds the organization's
// row, so concurrent saves run one after another and none is lost.
import type { FastifyInstance } from "fastify";
import { planScopeChanges } from "../../src/core/scope-changes";
import {
  SERVICE_PATHS,
  type SaveScopeRequest,
  type SaveScopeResponse,
} from "../../src/core/service-api";
import { requireCollectionAdmin } from "../http/request-context";
import { organizationParams, saveScopeBody, routeSchema } from "../http/schemas";
import { lockOrganization } from "../store/organization-lock";
import { loadScope, recordAudit, writeEntries, writeSettings } from "../store/scope-repository";
import { ORGANIZATION_PREFIX, type ServiceContext, scopeWire } from "./context";

export function registerScopeRoute(app: FastifyInstance, ctx: ServiceContext): void {
  app.post(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.scopeChanges}`,
    {
      schema: routeSchema("Save changes to the backup scope (PCA only)", {
        params: organizationParams,
        body: saveScopeBody,
      }),
    },
    async (request): Promise<SaveScopeResponse> => {
      const caller = await requireCollectionAdmin(request, "the backup scope");
      await ctx.importOnce(caller);
      const body = request.body as SaveScopeRequest;
      const org = caller.organization;
      return ctx.db.transaction(async (tx) => {
        const now = ctx.now();
        await lockOrganization(tx, org, now);
        const plan = planScopeChanges(await loadScope(tx, org), body, {
          actor: caller.actor,
          at: now.toISOString(),
        });
        await writeEntries(tx, org, plan.writes);
        if (plan.settingsWrite) await writeSettings(tx, org, plan.settingsWrite);
        if (plan.audit) await recordAudit(tx, org, plan.audit);
        return {
          opId: body.opId,
          applied: plan.applied,
          settingsApplied: plan.settingsApplied,
          conflicts: plan.conflicts,
          ...(plan.settingsConflict ? { settingsConflict: plan.settingsConflict } : {}),
          scope: scopeWire(await loadScope(tx, org)),
        };
      });
    },
  );
}
