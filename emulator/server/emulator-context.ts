// What every origin of one running emulator shares, as one named object the origins' modules take:
// the organization, its live settings and faults, the request log and rate budget, the fake Entra,
// the packaged extension and where each origin listens. Plus the few questions about it that more
// than one origin asks (its URLs, its tenant header, app tokens, a reset).
import { NO_TENANT } from "../../src/core/entra-tenant";
import type { OrganizationFixture } from "../fixtures/types";
import { seedTestPlansNow } from "../test-plans";
import { signAppToken } from "./app-token";
import { AREA_HOSTS, type AreaHost, type OriginName } from "./areas";
import type { EntraAuthority } from "./entra-seam";
import type { FaultInjector } from "./faults";
import type { PackagedExtension } from "./packaged-extension";
import { defaultRateLimit, type RateBudget } from "./rate-limit";
import type { EmulatorState } from "./state";
import type { RequestLogEntry, ServerSettings } from "./types";

export interface EmulatorOrigins {
  hostUrl: string;
  extensionUrl: string;
  entraUrl: string;
  /** The separate hosts (extmgmt, vsrm, …), each an origin without a path. */
  areaOrigins: Record<AreaHost, string>;
}

export interface EmulatorContext {
  fixture: OrganizationFixture;
  state: EmulatorState;
  settings: ServerSettings;
  faults: FaultInjector;
  budget: RateBudget;
  requestLog: RequestLogEntry[];
  entra: EntraAuthority;
  extension: PackagedExtension;
  origins: EmulatorOrigins;
  /** The key app tokens are signed with, and their audience (the extension's GUID). */
  appTokens: { key: string; appId: string };
  /** Origins the REST API answers with CORS (besides any chrome-/moz-extension origin). */
  corsOrigins: Set<string>;
}

/** The organization's URL on one of its origins: `https://dev.azure.com/{org}` and the like. */
export function orgUrlOf(ctx: EmulatorContext, origin: OriginName = "core"): string {
  const base = origin === "core" ? ctx.origins.hostUrl : ctx.origins.areaOrigins[origin];
  return `${base}/${ctx.state.organization.name}`;
}

export function areaUrlsOf(ctx: EmulatorContext): Record<AreaHost, string> {
  return Object.fromEntries(AREA_HOSTS.map((h) => [h, orgUrlOf(ctx, h)])) as Record<
    AreaHost,
    string
  >;
}

/** X-VSS-ResourceTenant: Azure DevOps names the organization's tenant on every answer (several, comma-separated, at times). */
export function resourceTenantHeader(ctx: EmulatorContext): string {
  const { state } = ctx;
  return (
    ctx.fixture.organization.resourceTenantHeader ??
    (state.hasTenant ? state.organization.tenantId : NO_TENANT)
  );
}

export function issueAccessToken(
  ctx: EmulatorContext,
  userId: string,
  lifetimeSeconds?: number,
): string {
  return ctx.state.issueToken(
    userId,
    "access",
    lifetimeSeconds ?? ctx.settings.tokenLifetimeSeconds,
  );
}

export function issueAppToken(
  ctx: EmulatorContext,
  userId: string,
  lifetimeSeconds?: number,
): string {
  const { state } = ctx;
  return signAppToken({
    userId,
    tenantId: state.hasTenant ? state.organization.tenantId : NO_TENANT,
    key: ctx.appTokens.key,
    audience: ctx.appTokens.appId,
    ...(lifetimeSeconds !== undefined ? { lifetimeSeconds } : {}),
  });
}

/** Back to the fixture: projects, documents, consents, user, faults (seed kept), log, budget, settings. */
export function resetEmulator(ctx: EmulatorContext): void {
  ctx.state.reset();
  seedTestPlansNow(ctx.state);
  ctx.entra.reset();
  ctx.faults.replace({ seed: ctx.faults.settings.seed });
  ctx.settings.projectsChurn = { create: 0, remove: 0 };
  ctx.requestLog.length = 0;
  ctx.budget.clear();
  ctx.settings.rateLimit = defaultRateLimit();
}
