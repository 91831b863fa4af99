// Connecting the organization (issue 8): a Project Collection Administrator signs in with the
// service app (authorization code + PKCE, confidential client), the service keeps that account's
// refresh token sealed (secret-box.ts), and the backup engine later turns it into Azure DevOps
// access tokens with acquireOrganizationToken. When Entra stops accepting the refresh token
// (invalid_grant: revoked, expired) or the account is no longer a PCA, the connection needs renewal.
import { AZURE_DEVOPS_SCOPE } from "../../src/core/app-profile";
import type { Actor } from "../../src/core/scope";
import type { ConnectionWire, StartFlowResponse } from "../../src/core/service-api";
import { SERVICE_PUBLIC_PATHS } from "../../src/core/service-api";
import { AzureDevOpsError } from "../azure-devops/client";
import {
  type FlowStarter,
  type IdentityContext,
  IdentityProblem,
  organizationKey,
} from "./context";
import { EntraError, idTokenClaims, newPkcePair } from "./entra-client";
import { landingFlow, startFlow, unknownLinkMessage } from "./flow-states";
import { recordIdentityEvent } from "./identity-audit";
import type { LandingOutcome } from "./landing-page";

/** Azure DevOps as the signed-in user, and a refresh token (offline_access). */
export const CONNECTION_SCOPES = [AZURE_DEVOPS_SCOPE, "offline_access"];
/** Sign-in adds OpenID scopes: the ID token names the account that connected. */
const SIGN_IN_SCOPES = [...CONNECTION_SCOPES, "openid", "profile"];

interface ConnectionRow {
  status: "connected" | "renewalNeeded";
  account: string;
  tenant_id: string;
  connected_by_id: string;
  connected_by_name: string;
  connected_at: string;
  refresh_token: string;
  reason: string | null;
}

/** The associated data of a sealed refresh token: it opens only as this organization's. */
const sealContext = (organization: string) => `connection:${organization}`;
const verifierContext = (organization: string) => `pkce:${organization}`;
const redirectUriOf = (ctx: IdentityContext) =>
  `${ctx.publicUrl}${SERVICE_PUBLIC_PATHS.signInLanding}`;

export async function startConnection(
  ctx: IdentityContext,
  caller: FlowStarter,
): Promise<StartFlowResponse> {
  const org = organizationKey(caller.organization);
  // Azure DevOps names no tenant: Microsoft accounts, which the service app cannot act as.
  if (!caller.tenantId)
    throw new IdentityProblem(
      400,
      "badRequest",
      `${org} is not connected to a Microsoft Entra tenant, so the backup service cannot sign in for it. Connect the organization to your tenant in Azure DevOps first.`,
    );
  const pkce = newPkcePair();
  const tenant = caller.tenantId;
  const state = await startFlow(
    ctx.db,
    {
      kind: "connection",
      organization: org,
      by: caller.actor,
      tenant,
      sealedVerifier: ctx.box.seal(pkce.verifier, verifierContext(org)),
    },
    ctx.now(),
  );
  const url = ctx.entra.authorizeUrl({
    tenant,
    redirectUri: redirectUriOf(ctx),
    scopes: SIGN_IN_SCOPES,
    state,
    codeChallenge: pkce.challenge,
  });
  return { url, state };
}

const failed = (status: number, message: string): LandingOutcome => ({
  status,
  title: "The organization was not connected",
  message,
});

/** The sign-in landing: checks state, redeems the code, checks the account is a PCA, stores. */
export async function completeSignIn(
  ctx: IdentityContext,
  query: URLSearchParams,
): Promise<LandingOutcome> {
  const flow = await landingFlow(ctx, "connection", query);
  if (!flow || !flow.sealedVerifier || !flow.tenant)
    return failed(400, unknownLinkMessage("sign-in"));
  const error = query.get("error");
  if (error)
    return failed(
      400,
      `Microsoft Entra did not sign you in: ${query.get("error_description") ?? error}`,
    );
  const code = query.get("code");
  if (!code) return failed(400, "Microsoft Entra answered without a sign-in code.");
  const org = flow.organization;
  let tokens;
  try {
    tokens = await ctx.entra.redeemCode({
      tenant: flow.tenant,
      code,
      verifier: ctx.box.open(flow.sealedVerifier, verifierContext(org)),
      redirectUri: redirectUriOf(ctx),
      scopes: SIGN_IN_SCOPES,
    });
  } catch (e) {
    if (e instanceof EntraError)
      return failed(e.status >= 500 || e.status === 0 ? 502 : 400, e.description);
    throw e;
  }
  const claims = idTokenClaims(tokens.idToken);
  const account = String(claims.preferred_username ?? claims.upn ?? claims.email ?? "");
  const tenantId = typeof claims.tid === "string" ? claims.tid.toLowerCase() : "";
  if (!tokens.refreshToken || !account || !tenantId)
    return failed(502, "Microsoft Entra's answer lacked the account or a refresh token.");
  if (flow.tenant.toLowerCase() !== tenantId)
    return failed(
      400,
      `${account} belongs to another Microsoft Entra tenant than ${org}'s. Sign in with an account of the organization's tenant.`,
    );
  let isAdmin: boolean;
  try {
    isAdmin = await ctx.ado.isCollectionAdmin(org, tokens.accessToken);
  } catch (e) {
    if (e instanceof AzureDevOpsError)
      return failed(e.refusedToken ? 403 : 502, `Azure DevOps: ${e.message}`);
    throw e;
  }
  if (!isAdmin)
    return failed(
      403,
      `${account} is not a Project Collection Administrator of ${org}. Sign in with an account that is.`,
    );
  const at = ctx.now();
  await saveConnection(ctx, org, {
    account,
    accountId: String(claims.oid ?? ""),
    tenantId,
    by: flow.by,
    at,
    sealedRefreshToken: ctx.box.seal(tokens.refreshToken, sealContext(org)),
  });
  await recordIdentityEvent(ctx.db, {
    organization: org,
    event: "connected",
    by: flow.by,
    at,
    detail: { account, tenantId },
  });
  return {
    status: 200,
    title: "Connected",
    message: `${org} is connected as ${account}. You can close this window.`,
  };
}

async function saveConnection(
  ctx: IdentityContext,
  org: string,
  c: {
    account: string;
    accountId: string;
    tenantId: string;
    by: Actor;
    at: Date;
    sealedRefreshToken: string;
  },
): Promise<void> {
  const at = c.at.toISOString();
  await ctx.db.execute(
    `INSERT INTO organization_connections
       (organization, status, account, account_id, tenant_id, connected_by_id, connected_by_name, connected_at, refresh_token, reason, updated_at)
     VALUES ($1, 'connected', $2, $3, $4, $5, $6, $7, $8, NULL, $7)
     ON CONFLICT (organization) DO UPDATE SET
       status = 'connected', account = $2, account_id = $3, tenant_id = $4, connected_by_id = $5,
       connected_by_name = $6, connected_at = $7, refresh_token = $8, reason = NULL, updated_at = $7`,
    [org, c.account, c.accountId, c.tenantId, c.by.id, c.by.displayName, at, c.sealedRefreshToken],
  );
}

async function connectionRow(ctx: IdentityContext, org: string) {
  const [row] = await ctx.db.query<ConnectionRow>(
    "SELECT status, account, tenant_id, connected_by_id, connected_by_name, connected_at, refresh_token, reason FROM organization_connections WHERE organization = $1",
    [org],
  );
  return row;
}

export async function connectionOf(
  ctx: IdentityContext,
  organization: string,
): Promise<ConnectionWire> {
  const row = await connectionRow(ctx, organizationKey(organization));
  if (!row) return { status: "notConnected" };
  const common = {
    by: { id: row.connected_by_id, displayName: row.connected_by_name },
    at: row.connected_at,
    account: row.account,
  };
  return row.status === "renewalNeeded"
    ? {
        status: "renewalNeeded",
        ...common,
        reason: row.reason ?? "Connect the organization again.",
      }
    : { status: "connected", ...common };
}

async function markRenewalNeeded(
  ctx: IdentityContext,
  org: string,
  row: ConnectionRow,
  reason: string,
): Promise<void> {
  const at = ctx.now();
  // Only the connection this refresh used: a reconnect meanwhile stays connected.
  const changed = await ctx.db.execute(
    "UPDATE organization_connections SET status = 'renewalNeeded', reason = $1, updated_at = $2 WHERE organization = $3 AND refresh_token = $4",
    [reason, at.toISOString(), org, row.refresh_token],
  );
  if (changed === 1)
    await recordIdentityEvent(ctx.db, {
      organization: org,
      event: "connectionRenewalNeeded",
      by: { id: row.connected_by_id, displayName: row.connected_by_name },
      at,
      detail: { account: row.account, reason },
    });
}

export interface OrganizationToken {
  accessToken: string;
  expiresOn: Date;
  account: string;
}

/**
 * An Azure DevOps access token as the account that connected the organization: redeems the stored
 * refresh token, keeps the new one Entra returns, and checks the account is still a PCA. Throws
 * IdentityProblem "connectionRequired" (and records renewalNeeded) when the admin must act.
 */
export async function acquireOrganizationToken(
  ctx: IdentityContext,
  organization: string,
): Promise<OrganizationToken> {
  const org = organizationKey(organization);
  const row = await connectionRow(ctx, org);
  if (!row)
    throw new IdentityProblem(
      409,
      "connectionRequired",
      `${org} is not connected: a Project Collection Administrator must connect it.`,
    );
  if (row.status === "renewalNeeded")
    throw new IdentityProblem(
      409,
      "connectionRequired",
      row.reason ?? "Connect the organization again.",
    );
  let tokens;
  try {
    tokens = await ctx.entra.refresh({
      tenant: row.tenant_id,
      refreshToken: ctx.box.open(row.refresh_token, sealContext(org)),
      scopes: CONNECTION_SCOPES,
    });
  } catch (e) {
    if (e instanceof EntraError && e.error === "invalid_grant") {
      const reason = `Microsoft Entra no longer accepts the sign-in of ${row.account} (${e.aadsts ?? e.error}: revoked or expired). A Project Collection Administrator must connect the organization again.`;
      await markRenewalNeeded(ctx, org, row, reason);
      throw new IdentityProblem(409, "connectionRequired", reason);
    }
    throw e;
  }
  let sealed = row.refresh_token;
  if (tokens.refreshToken) {
    // Entra returns a new refresh token with each use: keep the newest (unless a reconnect won).
    const next = ctx.box.seal(tokens.refreshToken, sealContext(org));
    const kept = await ctx.db.execute(
      "UPDATE organization_connections SET refresh_token = $1, updated_at = $2 WHERE organization = $3 AND refresh_token = $4",
      [next, ctx.now().toISOString(), org, sealed],
    );
    if (kept === 1) sealed = next;
  }
  if (!(await ctx.ado.isCollectionAdmin(org, tokens.accessToken))) {
    const reason = `${row.account} is no longer a Project Collection Administrator of ${org}. Connect the organization again with an account that is.`;
    await markRenewalNeeded(ctx, org, { ...row, refresh_token: sealed }, reason);
    throw new IdentityProblem(409, "connectionRequired", reason);
  }
  return {
    accessToken: tokens.accessToken,
    expiresOn: new Date(ctx.now().getTime() + tokens.expiresIn * 1000),
    account: row.account,
  };
}
