// Who is calling, established without believing anything the client says about itself:
// 1. `Authorization: Bearer` is either an app token of the marketplace extension (HS256, signed
//    with EXTENSION_KEY) or an Entra access token for the service app (browser extension);
// 2. `X-Azure-DevOps-Token` is the caller's own Azure DevOps token: the service asks Azure DevOps
//    (connectionData of the organization) whose it is, and requires the same user as (1).
//
// App token claims. No Microsoft page lists them; Microsoft's guide
// (https://learn.microsoft.com/en-us/azure/devops/extend/develop/auth, "Authenticate requests to
// your service") says the token is a JWT signed with the extension's certificate, validated with
// the key as UTF-8 bytes. Decoded real tokens (emulator/CONTRACT.md "App tokens", which cites
// them) carry `nameid` = the Azure DevOps user id, `tid` = the organization's tenant (zeros for
// Microsoft accounts), `iss` = "app.vstoken.visualstudio.com", `aud` = the extension's GUID,
// `nbf`, `exp` (70 minutes). No organization: that comes from the path and is checked with
// Azure DevOps through the second token.
import { createHash } from "node:crypto";
import { type JWTPayload, decodeProtectedHeader, jwtVerify } from "jose";
import { NO_TENANT } from "../../src/core/entra-tenant";
import type { Actor } from "../../src/core/scope";
import { AZURE_DEVOPS_TOKEN_HEADER } from "../../src/core/service-api";
import {
  type AzureDevOpsClient,
  AzureDevOpsError,
  type ConnectionData,
} from "../azure-devops/client";
import type { EntraTokenVerifier } from "./entra-keys";
import { ServiceError, badRequest, unauthenticated } from "./errors";
import { TtlCache } from "./ttl-cache";

export const APP_TOKEN_ISSUER = "app.vstoken.visualstudio.com";
/** Azure DevOps organization names: letters, digits and hyphens, at most 50. */
export const ORGANIZATION_PATTERN = "^[A-Za-z0-9][A-Za-z0-9-]{0,49}$";
const ORGANIZATION = new RegExp(ORGANIZATION_PATTERN);

/** The verified caller of one request (FastifyRequest.caller). */
export interface Caller {
  /** Lower-cased organization name from the path, confirmed with Azure DevOps. */
  organization: string;
  actor: Actor;
  /** The organization's Entra tenant as Azure DevOps states it; absent: Microsoft accounts. */
  tenantId?: string;
  /** The caller's UPN, when Azure DevOps names one (Entra-backed organizations). */
  upn?: string;
  via: "appToken" | "entra";
  /** The caller's own Azure DevOps token, for calls made on their behalf. Never logged or stored. */
  azureDevOpsToken: string;
}

export interface Authenticator {
  authenticate(
    organization: string,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<Caller>;
}

export interface AuthenticatorOptions {
  extensionKey: string;
  extensionAppId: string;
  azureDevOps: AzureDevOpsClient;
  entra: EntraTokenVerifier;
  /** How long what Azure DevOps said about a pair of tokens is believed. */
  ttlMs?: number;
  /**
   * Asked to start the PCA question alongside connectionData (both with the caller's own token),
   * so a route that needs it does not wait for one after the other; its answer is believed only
   * for the caller this authentication confirms (authorization.ts). Only for app tokens: they name
   * the user, so a cached answer saves the call.
   */
  collectionAdmins?: {
    startCheck(organization: string, azureDevOpsToken: string, claimedUserId: string): void;
  };
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

interface TokenClaims {
  via: Caller["via"];
  /** App token: the Azure DevOps user id. */
  userId?: string;
  /** Entra: the UPN (upn or preferred_username), lower-cased. */
  upn?: string;
  tenantId?: string;
}

async function verifyAppToken(token: string, opts: AuthenticatorOptions): Promise<TokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(opts.extensionKey), {
      algorithms: ["HS256"],
      issuer: APP_TOKEN_ISSUER,
      audience: opts.extensionAppId,
      requiredClaims: ["exp", "nameid"],
      clockTolerance: 60,
    }));
  } catch (e) {
    throw unauthenticated(`The app token is not valid (${(e as Error).message}). Reload the page.`);
  }
  if (typeof payload.nameid !== "string") throw unauthenticated("The app token names no user.");
  const tid = typeof payload.tid === "string" ? payload.tid.toLowerCase() : undefined;
  return {
    via: "appToken",
    userId: payload.nameid.toLowerCase(),
    ...(tid && tid !== NO_TENANT ? { tenantId: tid } : {}),
  };
}

async function verifyEntraToken(token: string, opts: AuthenticatorOptions): Promise<TokenClaims> {
  try {
    const claims = await opts.entra.verify(token);
    const upn = claims.upn ?? claims.preferred_username;
    if (typeof upn !== "string") throw new Error("it names no user");
    return { via: "entra", upn: upn.toLowerCase(), tenantId: claims.tid.toLowerCase() };
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    throw unauthenticated(
      `The sign-in token is not valid (${(e as Error).message}). Sign in again.`,
    );
  }
}

/** The same person on both tokens, in the organization's tenant. */
function matchCaller(organization: string, claims: TokenClaims, data: ConnectionData): void {
  const { user, tenantId } = data;
  if (claims.via === "appToken" && claims.userId !== user.id)
    throw unauthenticated("The Azure DevOps token and the app token belong to different users.");
  if (
    claims.via === "entra" &&
    (claims.upn !== user.upn || claims.tenantId !== user.descriptorTenant)
  )
    throw unauthenticated(
      "The Azure DevOps token and the sign-in token belong to different users.",
    );
  if (claims.tenantId && tenantId && claims.tenantId !== tenantId)
    throw new ServiceError(
      403,
      "wrongOrganization",
      `The token was issued for another Microsoft Entra tenant than ${organization}'s.`,
    );
  if (claims.via === "entra" && !tenantId)
    throw new ServiceError(
      403,
      "wrongOrganization",
      `${organization} is not connected to a Microsoft Entra tenant; use the extension in Azure DevOps.`,
    );
}

export function createAuthenticator(opts: AuthenticatorOptions): Authenticator {
  const verified = new TtlCache<ConnectionData>(opts.ttlMs ?? 60_000);
  /** Questions in flight, by the same key: parallel requests with one token ask once. */
  const asking = new Map<string, Promise<ConnectionData>>();

  function askAzureDevOps(
    key: string,
    organization: string,
    adoToken: string,
  ): Promise<ConnectionData> {
    const pending = asking.get(key);
    if (pending) return pending;
    const answer = opts.azureDevOps.connectionData(organization, adoToken).then((data) => {
      verified.set(key, data);
      return data;
    });
    asking.set(key, answer);
    const forget = (): void => {
      asking.delete(key);
    };
    answer.then(forget, forget);
    return answer;
  }

  async function connectionOf(organization: string, adoToken: string): Promise<ConnectionData> {
    const key = createHash("sha256").update(`${organization}\n${adoToken}`).digest("base64url");
    const hit = verified.get(key);
    if (hit) return hit;
    try {
      return await askAzureDevOps(key, organization, adoToken);
    } catch (e) {
      if (e instanceof AzureDevOpsError && (e.refusedToken || e.status === 404))
        throw unauthenticated(
          `Azure DevOps did not accept your token for ${organization}. Sign in again.`,
        );
      if (e instanceof AzureDevOpsError)
        throw new ServiceError(
          502,
          "internal",
          `Azure DevOps could not confirm who you are: ${e.message}`,
        );
      throw e;
    }
  }

  return {
    async authenticate(rawOrganization, headers) {
      if (!ORGANIZATION.test(rawOrganization))
        throw badRequest("That is not an organization name.");
      const organization = rawOrganization.toLowerCase();
      const auth = /^Bearer\s+(\S+)$/i.exec(header(headers, "authorization") ?? "");
      if (!auth) throw unauthenticated("The request carries no token (Authorization: Bearer).");
      const adoToken = header(headers, AZURE_DEVOPS_TOKEN_HEADER)?.trim();
      if (!adoToken)
        throw unauthenticated(
          `The request carries no Azure DevOps token (${AZURE_DEVOPS_TOKEN_HEADER}).`,
        );
      const token = auth[1] as string;
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw unauthenticated("The bearer token is not a JWT.");
      }
      const claims =
        alg === "HS256" ? await verifyAppToken(token, opts) : await verifyEntraToken(token, opts);
      if (claims.userId) opts.collectionAdmins?.startCheck(organization, adoToken, claims.userId);
      const data = await connectionOf(organization, adoToken);
      matchCaller(organization, claims, data);
      return {
        organization,
        actor: { id: data.user.id, displayName: data.user.displayName },
        ...(data.tenantId ? { tenantId: data.tenantId } : {}),
        ...(data.user.upn ? { upn: data.user.upn } : {}),
        via: claims.via,
        azureDevOpsToken: adoToken,
      };
    },
  };
}
