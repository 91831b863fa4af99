// The service's side of Microsoft Entra's protocols (v2.0 endpoints): the sign-in URL with PKCE,
// redeeming a code and a refresh token as a confidential client, client-credentials tokens, and
// Microsoft Graph reads. Protocol references:
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow (code + PKCE,
// refresh), .../v2-oauth2-client-creds-grant-flow (client credentials). No token ever goes into
// an error message or a log line.
import { createHash, randomBytes } from "node:crypto";
import { requestTrustingCa } from "./trusted-https";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const TIMEOUT_MS = 15_000;

/** Entra or Graph refused a request; `error` is the OAuth/Graph code, `description` Entra's words. */
export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`Microsoft Entra answered ${status} ${error}: ${description}`);
    this.name = "EntraError";
  }
  /** The AADSTS code in Entra's description, e.g. "AADSTS50173". */
  get aadsts(): string | undefined {
    return /AADSTS\d+/.exec(this.description)?.[0];
  }
}

interface HttpReply {
  status: number;
  body: unknown;
}
type HttpSend = (
  url: string,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string },
) => Promise<HttpReply>;

/**
 * Requests to the authority and Graph. With `ca` (the emulator's self-signed authority) they go
 * through node:https trusting that certificate; otherwise through fetch.
 */
function createHttpSend(opts: { fetch?: typeof fetch; ca?: string }): HttpSend {
  const fetchImpl = opts.fetch ?? fetch;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined; // not JSON: the caller reports the status
    }
  };
  return async (url, init) => {
    if (opts.ca && url.startsWith("https:")) {
      const res = await requestTrustingCa(url, { ...init, ca: opts.ca, timeoutMs: TIMEOUT_MS });
      return { status: res.status, body: parse(res.text) };
    }
    const res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { status: res.status, body: parse(await res.text()) };
  };
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresIn: number;
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** RFC 7636 S256: a 43-character verifier from 32 random bytes, and its SHA-256 challenge. */
export function newPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/**
 * The claims of an ID token the service received itself from the token endpoint over TLS; OpenID
 * Connect Core §3.1.3.7 (6) lets such a client rely on TLS instead of the signature.
 */
export function idTokenClaims(idToken: string | undefined): Record<string, unknown> {
  const part = idToken?.split(".")[1];
  if (!part) return {};
  try {
    const claims = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return claims !== null && typeof claims === "object" ? (claims as Record<string, unknown>) : {};
  } catch {
    return {}; // unreadable: the caller treats the account as unknown
  }
}

export interface EntraClientOptions {
  authority: string;
  clientId: string;
  clientSecret: string;
  /** Microsoft Graph's root, e.g. https://graph.microsoft.com. */
  graphUrl: string;
  ca?: string;
  fetch?: typeof fetch;
}

export function createEntraClient(opts: EntraClientOptions): EntraClient {
  return new EntraClient(opts);
}

/** The service app as a confidential client of one authority, and its Graph reads. */
export class EntraClient {
  readonly clientId: string;
  private readonly send: HttpSend;
  private readonly authority: string;

  constructor(private readonly opts: EntraClientOptions) {
    this.clientId = opts.clientId;
    this.send = createHttpSend({ fetch: opts.fetch, ca: opts.ca });
    this.authority = opts.authority.replace(/\/+$/, "");
  }

  authorizeUrl(req: {
    tenant: string;
    redirectUri: string;
    scopes: string[];
    state: string;
    codeChallenge: string;
  }): string {
    const url = new URL(`${this.tenantPath(req.tenant)}/oauth2/v2.0/authorize`);
    url.searchParams.set("client_id", this.clientId);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("redirect_uri", req.redirectUri);
    url.searchParams.set("response_mode", "query");
    url.searchParams.set("scope", req.scopes.join(" "));
    url.searchParams.set("state", req.state);
    url.searchParams.set("code_challenge", req.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
    url.searchParams.set("prompt", "select_account");
    return url.toString();
  }

  redeemCode(req: {
    tenant: string;
    code: string;
    verifier: string;
    redirectUri: string;
    scopes: string[];
  }): Promise<TokenSet> {
    return this.tokenRequest(req.tenant, {
      grant_type: "authorization_code",
      code: req.code,
      code_verifier: req.verifier,
      redirect_uri: req.redirectUri,
      scope: req.scopes.join(" "),
    });
  }

  refresh(req: { tenant: string; refreshToken: string; scopes: string[] }): Promise<TokenSet> {
    return this.tokenRequest(req.tenant, {
      grant_type: "refresh_token",
      refresh_token: req.refreshToken,
      scope: req.scopes.join(" "),
    });
  }

  /** An app-only token of the service app in one tenant, e.g. for Graph. */
  appToken(tenant: string, resource: string): Promise<TokenSet> {
    return this.tokenRequest(tenant, {
      grant_type: "client_credentials",
      scope: `${resource.replace(/\/+$/, "")}/.default`,
    });
  }

  /** The tenant ID a domain (or ID) names, from the tenant's OpenID metadata (`issuer`). */
  async tenantIdOf(tenant: string): Promise<string> {
    const reply = await this.reach(
      "Microsoft Entra",
      `${this.tenantPath(tenant)}/v2.0/.well-known/openid-configuration`,
      { method: "GET", headers: { Accept: "application/json" } },
    );
    const issuer = (reply.body as { issuer?: unknown } | undefined)?.issuer;
    const tid =
      typeof issuer === "string" ? /\/([0-9a-f-]{36})\/v2\.0\/?$/i.exec(issuer)?.[1] : undefined;
    if (reply.status !== 200 || !tid) {
      const b = (reply.body ?? {}) as Record<string, unknown>;
      throw new EntraError(
        reply.status,
        typeof b.error === "string" ? b.error : "invalid_tenant",
        typeof b.error_description === "string"
          ? b.error_description
          : `Tenant '${tenant}' was not found.`,
      );
    }
    return tid.toLowerCase();
  }

  /** GET a Graph v1.0 path (with its query) and answer the JSON body. */
  async graphGet<T>(path: string, accessToken: string): Promise<T> {
    const reply = await this.reach(
      "Microsoft Graph",
      `${this.opts.graphUrl.replace(/\/+$/, "")}/v1.0/${path}`,
      {
        method: "GET",
        headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
      },
    );
    if (reply.status !== 200) {
      const err = (reply.body as { error?: { code?: unknown; message?: unknown } } | undefined)
        ?.error;
      throw new EntraError(
        reply.status,
        typeof err?.code === "string" ? err.code : "graph_error",
        typeof err?.message === "string" ? err.message : `HTTP ${reply.status}`,
      );
    }
    return reply.body as T;
  }

  private tenantPath(tenant: string): string {
    return `${this.authority}/${encodeURIComponent(tenant)}`;
  }

  /** One request; a network failure becomes an EntraError naming who could not be reached. */
  private async reach(
    who: "Microsoft Entra" | "Microsoft Graph",
    url: string,
    init: Parameters<HttpSend>[1],
  ): Promise<HttpReply> {
    try {
      return await this.send(url, init);
    } catch (e) {
      throw new EntraError(
        0,
        "unreachable",
        `${who} could not be reached (${(e as Error).message}).`,
      );
    }
  }

  private async tokenRequest(tenant: string, form: Record<string, string>): Promise<TokenSet> {
    const body = new URLSearchParams({ client_id: this.clientId, ...form });
    body.set("client_secret", this.opts.clientSecret);
    const reply = await this.reach(
      "Microsoft Entra",
      `${this.tenantPath(tenant)}/oauth2/v2.0/token`,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      },
    );
    const b = (reply.body ?? {}) as Record<string, unknown>;
    if (reply.status !== 200 || typeof b.access_token !== "string") {
      throw new EntraError(
        reply.status,
        typeof b.error === "string" ? b.error : "unexpected_response",
        typeof b.error_description === "string" ? b.error_description : `HTTP ${reply.status}`,
      );
    }
    return {
      accessToken: b.access_token,
      ...(typeof b.refresh_token === "string" ? { refreshToken: b.refresh_token } : {}),
      ...(typeof b.id_token === "string" ? { idToken: b.id_token } : {}),
      expiresIn: typeof b.expires_in === "number" ? b.expires_in : Number(b.expires_in ?? 3600),
    };
  }
}

/**
 * Microsoft Graph's root for an authority: the real Graph for Entra's public cloud; otherwise the
 * authority's own origin, where the emulator's fake Entra serves Graph's /v1.0 paths.
 */
export function graphUrlFor(authority: string): string {
  const u = new URL(authority);
  return u.hostname === "login.microsoftonline.com" ? "https://graph.microsoft.com" : u.origin;
}
