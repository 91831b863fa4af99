// App tokens (`SDK.getAppToken()`), as Azure DevOps issues them: an HS256 JWT signed with the
// extension's key (the "Certificate" a publisher downloads from the Marketplace management portal),
// meant for the extension's own backend. Azure DevOps' REST API does not accept them.
//
// Claims, from decoded real app tokens (see CONTRACT.md "App tokens"): `nameid` (the user's id, the
// same as SDK.getUser().id), `tid` (the organization's Entra tenant), `jti`, `iss`
// "app.vstoken.visualstudio.com" (no scheme), `aud` (the extension's own GUID), `nbf`, `exp`
// (~70 minutes later). They carry no organization id. The key is used as the UTF-8 bytes of the
// string the portal shows (Microsoft's validation sample: `Encoding.UTF8.GetBytes(secret)`).
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { NO_TENANT } from "../../src/core/entra-tenant";

/** The emulated extension's key. A fixed development value: never a real extension's key. */
export const DEV_EXTENSION_KEY = "emulator-dev-extension-key-not-a-secret-4b1f0c7e9a2d";
/** The emulated extension's GUID: the `aud` of its app tokens. */
export const DEV_EXTENSION_APP_ID = "5e7c2a41-9d3b-4f08-b6a1-0c8e2f4d7a93";
export const APP_TOKEN_ISSUER = "app.vstoken.visualstudio.com";
/** A real app token's nbf→exp window (70 minutes). */
export const APP_TOKEN_LIFETIME_SECONDS = 4200;

export interface AppTokenClaims {
  /** The Azure DevOps user id. */
  nameid: string;
  /** The organization's Entra tenant; all zeros for one backed by Microsoft accounts. */
  tid: string;
  jti: string;
  iss: typeof APP_TOKEN_ISSUER;
  /** The extension's GUID. */
  aud: string;
  nbf: number;
  exp: number;
}

export interface AppTokenRequest {
  userId: string;
  tenantId?: string;
  /** Default DEV_EXTENSION_KEY. */
  key?: string;
  /** Default DEV_EXTENSION_APP_ID. */
  audience?: string;
  /** Default APP_TOKEN_LIFETIME_SECONDS. */
  lifetimeSeconds?: number;
  /** Epoch seconds; default now. */
  now?: number;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url");

function signature(key: string, signingInput: string): Buffer {
  return createHmac("sha256", Buffer.from(key, "utf8")).update(signingInput).digest();
}

/** An app token as `SDK.getAppToken()` returns it on Azure DevOps. */
export function signAppToken(request: AppTokenRequest): string {
  const now = request.now ?? Math.floor(Date.now() / 1000);
  const claims: AppTokenClaims = {
    nameid: request.userId,
    tid: request.tenantId || NO_TENANT,
    jti: randomUUID(),
    iss: APP_TOKEN_ISSUER,
    aud: request.audience ?? DEV_EXTENSION_APP_ID,
    nbf: now,
    exp: now + (request.lifetimeSeconds ?? APP_TOKEN_LIFETIME_SECONDS),
  };
  const signingInput = `${b64url(JSON.stringify({ typ: "JWT", alg: "HS256" }))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${b64url(signature(request.key ?? DEV_EXTENSION_KEY, signingInput))}`;
}

export class AppTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AppTokenError";
  }
}

/**
 * Checks an app token as an extension's backend must (signature, issuer, audience, time window)
 * and returns its claims; throws AppTokenError otherwise. For tests and the local service.
 */
export function verifyAppToken(
  token: string,
  options: { key?: string; audience?: string; now?: number; clockSkewSeconds?: number } = {},
): AppTokenClaims {
  const [header, payload, sig, ...rest] = token.split(".");
  if (!header || !payload || sig === undefined || rest.length > 0)
    throw new AppTokenError("Not a JWT.");
  const parsedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as {
    alg?: unknown;
  };
  if (parsedHeader.alg !== "HS256") throw new AppTokenError("Not signed with HS256.");
  const expected = signature(options.key ?? DEV_EXTENSION_KEY, `${header}.${payload}`);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppTokenError("The signature does not match the extension's key.");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as AppTokenClaims;
  if (claims.iss !== APP_TOKEN_ISSUER) throw new AppTokenError(`Issuer ${String(claims.iss)}.`);
  if (claims.aud !== (options.audience ?? DEV_EXTENSION_APP_ID))
    throw new AppTokenError(`Audience ${String(claims.aud)}.`);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const skew = options.clockSkewSeconds ?? 300;
  if (typeof claims.nbf !== "number" || claims.nbf > now + skew)
    throw new AppTokenError("Not valid yet.");
  if (typeof claims.exp !== "number" || claims.exp <= now - skew)
    throw new AppTokenError("Expired.");
  return claims;
}
