// POST /scope/changes: a PCA's save of project choices and the rule, applied with
// planScopeChanges (src/core/scope-changes.ts) as one change of the organization (changeOrganization:
// concurrent saves run one after another and none is lost).
import type { FastifyInstance } from "fastify";
import { planScopeChanges } from "../../src/core/scope-changes";
import {
  SERVICE_PATHS,
  type SaveScopeRequest,
  type SaveScopeResponse,
} from "../../src/core/service-api";
import { registerOrganizationRoute } from "../http/organization-route";
import { saveScopeBody } from "../http/schemas";
import { loadScope, recordAudit, writeEntries, writeSettings } from "../store/scope-repository";
import { type ServiceContext, changeOrganization, scopeWire } from "./context";

export function registerScopeRoute(app: FastifyInstance, ctx: ServiceContext): void {
  registerOrganizationRoute(
    app,
    {
      method: "POST",
      path: SERVICE_PATHS.scopeChanges,
      summary: "Save changes to the backup scope (PCA only)",
      body: saveScopeBody,
      adminTo: "change the backup scope",
    },
    async (caller, request): Promise<SaveScopeResponse> => {
      const body = request.body as SaveScopeRequest;
      const org = caller.organization;
      return changeOrganization(ctx, caller, async (tx, now) => {
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
