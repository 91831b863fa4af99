// Verifies Entra access tokens issued for the service app: signature against the tenant's keys
// (found through its OIDC metadata), issuer, audience and time. The fake authority of the
// emulator serves HTTPS with a self-signed certificate: its CA is trusted only when configured
// (ENTRA_CA_FILE), never by default.
import https from "node:https";
import {
  type JWTPayload,
  type JWTVerifyGetKey,
  createRemoteJWKSet,
  decodeJwt,
  jwtVerify,
} from "jose";
import { isGuid } from "../../src/core/guid";

export interface EntraClaims extends JWTPayload {
  tid: string;
  upn?: string;
  preferred_username?: string;
  name?: string;
  oid?: string;
}

export interface EntraTokenVerifier {
  /** The verified claims; throws (jose errors or Error) when the token is not acceptable. */
  verify(token: string): Promise<EntraClaims>;
}

interface TenantKeys {
  issuer: string;
  keys: JWTVerifyGetKey;
}

function getJson(url: string, agent: https.Agent | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent, timeout: 10_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`${url} did not answer JSON`));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${url} timed out`)));
    req.on("error", reject);
  });
}

export function createEntraTokenVerifier(options: {
  authority: string;
  clientId: string;
  caCertificate?: string;
}): EntraTokenVerifier {
  const { authority, clientId } = options;
  const agent = options.caCertificate ? new https.Agent({ ca: options.caCertificate }) : undefined;
  const tenants = new Map<string, Promise<TenantKeys>>();

  async function discover(tenantId: string): Promise<TenantKeys> {
    const meta = (await getJson(
      `${authority}/${tenantId}/v2.0/.well-known/openid-configuration`,
      agent,
    )) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof meta.issuer !== "string" || typeof meta.jwks_uri !== "string")
      throw new Error("The authority's metadata has no issuer or jwks_uri.");
    // Keys only from the configured authority, whatever the metadata says.
    if (new URL(meta.jwks_uri).origin !== new URL(authority).origin)
      throw new Error("The authority's jwks_uri is on another host.");
    return {
      issuer: meta.issuer.replace("{tenantid}", tenantId),
      keys: createRemoteJWKSet(new URL(meta.jwks_uri), agent ? { agent } : {}),
    };
  }

  function keysOf(tenantId: string): Promise<TenantKeys> {
    let found = tenants.get(tenantId);
    if (!found) {
      found = discover(tenantId);
      // A failed discovery is tried again by the next request, not remembered.
      found.catch(() => tenants.delete(tenantId));
      tenants.set(tenantId, found);
    }
    return found;
  }

  return {
    async verify(token) {
      const unverified = decodeJwt(token);
      const tid = unverified.tid;
      if (typeof tid !== "string" || !isGuid(tid)) throw new Error("The token names no tenant.");
      const { issuer, keys } = await keysOf(tid.toLowerCase());
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ["RS256"],
        issuer,
        audience: [clientId, `api://${clientId}`],
        requiredClaims: ["exp", "tid"],
        clockTolerance: 60,
      });
      if (String(payload.tid).toLowerCase() !== tid.toLowerCase())
        throw new Error("The token's tenant changed between decoding and verifying.");
      return payload as EntraClaims;
    },
  };
}
