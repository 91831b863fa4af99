// Admin consent (issue 8, docs/platform.md#entra-admin-consent): the service sends a Global Administrator to Entra's
// admin-consent page for the organization's tenant and app profile, and then decides itself,
// with Microsoft Graph, whether the tenant granted admin consent: an oauth2PermissionGrant with
// consentType "AllPrincipals" for each required permission (a user's own consent, "Principal",
// is not admin consent). Graph: https://learn.microsoft.com/graph/api/serviceprincipal-list,
// https://learn.microsoft.com/graph/api/oauth2permissiongrant-list.
//
// Graph is read with the provided service app's client-credentials token for the tenant, also
// when the organization uses a custom app: the service holds no secret of a custom app, and a
// delegated read would need a directory-read scope nobody consented to (User.Read.All does not
// cover service principals or grants) and an account that may have left. This needs the service
// app (with its read-only Application.Read.All) to be in the tenant; when it is not, the reason
// says so.
import {
  AZURE_DEVOPS_RESOURCE,
  MICROSOFT_GRAPH_RESOURCE,
  REQUIRED_PERMISSIONS,
} from "../../src/core/app-profile";
import { adminConsentUrl, readConsentAnswer } from "../../src/core/consent";
import { tenantEntryProblem, tenantOfEntry } from "../../src/core/entra-tenant";
import type { Actor } from "../../src/core/scope";
import type { ConsentWire, StartFlowResponse } from "../../src/core/service-api";
import { SERVICE_PUBLIC_PATHS } from "../../src/core/service-api";
import { loadAppProfile } from "../store/scope-repository";
import {
  type FlowStarter,
  type IdentityContext,
  IdentityProblem,
  organizationKey,
} from "./context";
import { EntraError, GRAPH_APP_ID } from "./entra-client";
import { landingFlow, startFlow, unknownLinkMessage } from "./flow-states";
import { recordIdentityEvent } from "./identity-audit";
import type { LandingOutcome } from "./landing-page";

type Verdict = { granted: true } | { granted: false; reason: string };

interface ServicePrincipal {
  id: string;
  appId: string;
}
interface PermissionGrant {
  clientId: string;
  consentType: string;
  principalId: string | null;
  resourceId: string;
  scope: string;
}
interface GraphList<T> {
  value: T[];
}

const RESOURCE_APP_ID: Record<string, string> = {
  [AZURE_DEVOPS_RESOURCE]: AZURE_DEVOPS_RESOURCE,
  [MICROSOFT_GRAPH_RESOURCE]: GRAPH_APP_ID,
};

/**
 * The client id consent is for: the organization's custom app, or the service app as configured
 * (SERVICE_APP_CLIENT_ID, whose secret the service holds) for the provided one.
 */
export async function appClientIdOf(ctx: IdentityContext, org: string): Promise<string> {
  const { profile } = await loadAppProfile(ctx.db, org);
  return profile.kind === "custom" ? profile.clientId.toLowerCase() : ctx.serviceClientId;
}

async function servicePrincipalOf(
  ctx: IdentityContext,
  token: string,
  appId: string,
): Promise<ServicePrincipal | undefined> {
  const filter = encodeURIComponent(`appId eq '${appId}'`);
  const list = await ctx.entra.graphGet<GraphList<ServicePrincipal>>(
    `servicePrincipals?$filter=${filter}&$select=id,appId`,
    token,
  );
  return list.value[0];
}

/** Reads the tenant's grants to the app and compares them with REQUIRED_PERMISSIONS. */
async function grantsVerdict(
  ctx: IdentityContext,
  token: string,
  tenantId: string,
  clientId: string,
): Promise<Verdict> {
  const app = await servicePrincipalOf(ctx, token, clientId);
  if (!app)
    return {
      granted: false,
      reason: `The app ${clientId} is not in tenant ${tenantId}: nobody has consented to it there yet. A Global Administrator must open the consent link.`,
    };
  const filter = encodeURIComponent(`clientId eq '${app.id}'`);
  const grants = (
    await ctx.entra.graphGet<GraphList<PermissionGrant>>(
      `oauth2PermissionGrants?$filter=${filter}`,
      token,
    )
  ).value;
  const missing: string[] = [];
  let onlyUsers = 0;
  for (const p of REQUIRED_PERMISSIONS) {
    const slash = p.scope.lastIndexOf("/");
    const resource = p.scope.slice(0, slash);
    const permission = p.scope.slice(slash + 1).toLowerCase();
    const resourceSp = await servicePrincipalOf(ctx, token, RESOURCE_APP_ID[resource] ?? resource);
    const covers = (g: PermissionGrant) =>
      g.resourceId === resourceSp?.id &&
      g.scope.split(/\s+/).some((s) => s.toLowerCase() === permission);
    if (grants.some((g) => g.consentType === "AllPrincipals" && covers(g))) continue;
    const userOwn = grants.some((g) => g.consentType === "Principal" && covers(g));
    if (userOwn) onlyUsers++;
    missing.push(
      `${p.api} ${p.scope.slice(slash + 1)}${userOwn ? " (only users' own consent, for themselves)" : ""}`,
    );
  }
  if (missing.length === 0) return { granted: true };
  const lead =
    onlyUsers === missing.length
      ? "Only individual users consented for themselves; that is not admin consent."
      : "Admin consent for the whole tenant is missing.";
  return {
    granted: false,
    reason: `${lead} Not granted: ${missing.join(", ")}. A Global Administrator of tenant ${tenantId} must grant admin consent.`,
  };
}

/** Whether the tenant's administrator granted the app both permissions, asked of Entra and Graph. */
export async function verifyAdminConsent(
  ctx: IdentityContext,
  tenantId: string,
  clientId: string,
): Promise<Verdict> {
  let token: string;
  try {
    token = (await ctx.entra.appToken(tenantId, MICROSOFT_GRAPH_RESOURCE)).accessToken;
  } catch (e) {
    if (
      e instanceof EntraError &&
      (e.error === "unauthorized_client" || e.aadsts === "AADSTS700016")
    )
      return {
        granted: false,
        reason:
          clientId === ctx.serviceClientId
            ? `Nobody in tenant ${tenantId} has consented to the backup service app yet. A Global Administrator must open the consent link.`
            : `The service checks a custom app's consent through the backup service app, which is not in tenant ${tenantId} yet. A Global Administrator must also consent to the backup service app.`,
      };
    throw e;
  }
  try {
    return await grantsVerdict(ctx, token, tenantId, clientId);
  } catch (e) {
    if (e instanceof EntraError && e.status === 403)
      return {
        granted: false,
        reason: `Microsoft Graph does not let the backup service read tenant ${tenantId}'s consent (${e.description}). A Global Administrator must grant the service app's read access (Application.Read.All).`,
      };
    throw e;
  }
}

async function saveConsent(
  ctx: IdentityContext,
  org: string,
  tenantId: string,
  clientId: string,
  verdict: Verdict,
  at: Date,
): Promise<ConsentWire> {
  const checkedAt = at.toISOString();
  const reason = verdict.granted ? null : verdict.reason;
  await ctx.db.execute(
    `INSERT INTO organization_consents (organization, status, tenant_id, client_id, checked_at, reason)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (organization) DO UPDATE SET status = $2, tenant_id = $3, client_id = $4, checked_at = $5, reason = $6`,
    [org, verdict.granted ? "granted" : "notGranted", tenantId, clientId, checkedAt, reason],
  );
  return verdict.granted
    ? { status: "granted", tenantId, clientId, checkedAt }
    : { status: "notGranted", tenantId, clientId, checkedAt, reason: verdict.reason };
}

/** The recorded result; "unknown" when never checked or checked for another app than today's. */
export async function consentOf(ctx: IdentityContext, organization: string): Promise<ConsentWire> {
  const org = organizationKey(organization);
  const [row] = await ctx.db.query<{
    status: string;
    tenant_id: string;
    client_id: string;
    checked_at: string;
    reason: string | null;
  }>(
    "SELECT status, tenant_id, client_id, checked_at, reason FROM organization_consents WHERE organization = $1",
    [org],
  );
  if (!row || row.client_id !== (await appClientIdOf(ctx, org))) return { status: "unknown" };
  const base = { tenantId: row.tenant_id, clientId: row.client_id, checkedAt: row.checked_at };
  return row.status === "granted"
    ? { status: "granted", ...base }
    : { status: "notGranted", ...base, reason: row.reason ?? "" };
}

/** The tenant to ask: the one Azure DevOps names for the organization, or the admin's entry. */
async function consentTenant(
  ctx: IdentityContext,
  entry: string | undefined,
  organizationTenant: string | undefined,
): Promise<string> {
  if (entry === undefined) {
    if (!organizationTenant)
      throw new IdentityProblem(
        400,
        "badRequest",
        "Enter your organization's tenant ID or primary domain.",
      );
    return organizationTenant.toLowerCase();
  }
  const problem = tenantEntryProblem(entry);
  if (problem) throw new IdentityProblem(400, "badRequest", problem);
  let tenantId: string;
  try {
    tenantId = await ctx.entra.tenantIdOf(tenantOfEntry(entry));
  } catch (e) {
    if (e instanceof EntraError && e.status >= 400 && e.status < 500)
      throw new IdentityProblem(
        400,
        "badRequest",
        `Microsoft Entra does not know the tenant "${entry}".`,
      );
    throw e;
  }
  if (organizationTenant && organizationTenant.toLowerCase() !== tenantId)
    throw new IdentityProblem(
      400,
      "badRequest",
      `This organization belongs to tenant ${organizationTenant}, not ${tenantId}.`,
    );
  return tenantId;
}

export async function startConsent(
  ctx: IdentityContext,
  caller: FlowStarter,
  body: { tenantId?: unknown },
): Promise<StartFlowResponse> {
  if (body.tenantId !== undefined && typeof body.tenantId !== "string")
    throw new IdentityProblem(400, "badRequest", "tenantId must be a string.");
  const org = organizationKey(caller.organization);
  const tenantId = await consentTenant(ctx, body.tenantId, caller.tenantId);
  const clientId = await appClientIdOf(ctx, org);
  const state = await startFlow(
    ctx.db,
    { kind: "consent", organization: org, by: caller.actor, tenant: tenantId, clientId },
    ctx.now(),
  );
  await recordIdentityEvent(ctx.db, {
    organization: org,
    event: "consentStarted",
    by: caller.actor,
    at: ctx.now(),
    detail: { tenantId, clientId },
  });
  const url = adminConsentUrl({
    authority: ctx.entraAuthority,
    tenantId,
    clientId,
    redirectUri: `${ctx.publicUrl}${SERVICE_PUBLIC_PATHS.consentLanding}`,
    state,
  });
  return { url, state };
}

async function checkAndRecord(
  ctx: IdentityContext,
  org: string,
  by: Actor,
  tenantId: string,
  clientId: string,
): Promise<ConsentWire> {
  const verdict = await verifyAdminConsent(ctx, tenantId, clientId);
  const at = ctx.now();
  const wire = await saveConsent(ctx, org, tenantId, clientId, verdict, at);
  await recordIdentityEvent(ctx.db, {
    organization: org,
    event: "consentChecked",
    by,
    at,
    detail: { tenantId, clientId, status: wire.status },
  });
  return wire;
}

/** POST consent/check: asks Entra again for the organization's tenant and current app. */
export async function checkConsent(
  ctx: IdentityContext,
  caller: FlowStarter,
): Promise<ConsentWire> {
  const org = organizationKey(caller.organization);
  const [recorded] = await ctx.db.query<{ tenant_id: string }>(
    "SELECT tenant_id FROM organization_consents WHERE organization = $1",
    [org],
  );
  const tenantId = caller.tenantId?.toLowerCase() ?? recorded?.tenant_id;
  if (!tenantId)
    throw new IdentityProblem(
      400,
      "badRequest",
      "No tenant is known for this organization yet: start admin consent with your tenant ID or domain.",
    );
  return checkAndRecord(ctx, org, caller.actor, tenantId, await appClientIdOf(ctx, org));
}

/** The consent landing: state first, then Entra's answer, then the service's own check. */
export async function completeConsent(
  ctx: IdentityContext,
  query: URLSearchParams,
): Promise<LandingOutcome> {
  const flow = await landingFlow(ctx, "consent", query);
  if (!flow || !flow.tenant || !flow.clientId)
    return {
      status: 400,
      title: "Admin consent was not recorded",
      message: unknownLinkMessage("consent"),
    };
  const answer = readConsentAnswer(query);
  const wire = await checkAndRecord(ctx, flow.organization, flow.by, flow.tenant, flow.clientId);
  if (wire.status === "granted")
    return {
      status: 200,
      title: "Admin consent granted",
      message: `Tenant ${wire.tenantId} has granted admin consent to the app. You can close this window.`,
    };
  const entraSaid =
    answer.kind === "declined" || answer.kind === "failed"
      ? `Microsoft Entra answered: ${answer.description} `
      : "";
  return {
    status: 200,
    title: "Admin consent is not complete",
    message: `${entraSaid}${wire.status === "notGranted" ? wire.reason : ""}`,
  };
}
