// The fake Microsoft Entra authority: OIDC metadata and keys, authorize (code + PKCE), token,
// logout and admin consent, in the v2.0 shapes that @azure/msal-browser expects.
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkClientSecret, clientCredentialsToken } from "./client-credentials";
import {
  type AuthorityState,
  type Consent,
  type EntraApp,
  type EntraDirectory,
  type EntraTenant,
  type EntraUser,
  type UserConsent,
  GRAPH_APP_ID,
  findApp as findAppIn,
  grantUserConsent,
  tenantIdOf as tenantIdOfUser,
} from "./directory";
import { handleGraph } from "./graph";
import {
  consentPage,
  errorPage,
  formPostPage,
  signedOutPage,
  signInPage,
  type HtmlPage,
} from "./pages";
import {
  describePermission,
  grantedPermissions,
  OIDC_SCOPES,
  resourceScopes,
  scopesMissingConsent,
  splitScopes,
  type ResourceScope,
} from "./scopes";
import { issueRefreshToken, redeemRefreshToken, revokeRefreshTokens } from "./refresh-tokens";
import {
  createSigningKey,
  encodeJson,
  jsonWebKeySet,
  pkceChallenge,
  randomId,
  readSignedJwt,
  signJwt,
  type JwtClaims,
} from "./tokens";

export type { Consent, EntraApp, EntraDirectory, EntraTenant, EntraUser, UserConsent };

export interface AccessTokenInfo {
  userId: string;
  tenantId: string;
  appId: string;
  audience: string;
  /** The token's `scp`, e.g. ["user_impersonation"]. */
  scopes: string[];
}

export type IssuedToken =
  | { ok: true; accessToken: string; idToken: string; expiresIn: number }
  | { ok: false; error: string; suberror?: string; description: string };

export interface EntraAuthorityOptions {
  /** The HTTPS origin the authority is served on, e.g. https://localhost:8443. */
  baseUrl: string;
  directory: EntraDirectory;
  now?: () => number;
  /**
   * Send `Cross-Origin-Opener-Policy: same-origin` on sign-in and consent pages, so a popup loses
   * `window.opener` as it does with the real Entra (docs/platform.md#popup-and-frame-messaging). Default true.
   */
  severOpener?: boolean;
}

export interface EntraAuthority {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  verifyAccessToken(token: string): AccessTokenInfo | undefined;
  issueTokenFor(opts: { userId: string; clientId: string; scopes: string[] }): IssuedToken;
  /** Admin consents (AllPrincipals), one per tenant and app. */
  consents: Consent[];
  /** Users' own consents (Principal): not admin consent (docs/platform.md#entra-admin-consent). */
  userConsents: UserConsent[];
  /** Records a user's own consent to an app, as accepting Entra's user consent prompt does. */
  grantUserConsent(consent: {
    tenantId: string;
    clientId: string;
    userId: string;
    scopes: string[];
  }): void;
  /**
   * Revokes refresh tokens (all of a user's, optionally for one app), as Graph's
   * revokeSignInSessions or a password reset does; answers how many.
   */
  revokeRefreshTokens(filter: { userId?: string; clientId?: string }): number;
  reset(): void;
}

const TOKEN_LIFETIME_S = 3600;
const CODE_LIFETIME_MS = 10 * 60_000;
const FLOW_LIFETIME_MS = 30 * 60_000;
const SESSION_COOKIE = "entra_session";
const MULTI_TENANT_SEGMENTS = new Set(["common", "organizations"]);

type ResponseMode = "query" | "fragment" | "form_post";

type TenantRef = { kind: "tenant"; tenant: EntraTenant } | { kind: "multi"; segment: string };

interface AuthorizeFlow {
  kind: "authorize";
  tenantRef: TenantRef;
  app: EntraApp;
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
  nonce?: string;
  scopes: string[];
  codeChallenge: string;
  expiresAt: number;
}

interface AdminConsentFlow {
  kind: "adminconsent";
  tenant: EntraTenant;
  app: EntraApp;
  redirectUri: string;
  state?: string;
  scopes: ResourceScope[];
  signedInUserId?: string;
  expiresAt: number;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  nonce?: string;
  codeChallenge: string;
  expiresAt: number;
}

/** An OAuth error as the token endpoint returns it. */
interface OAuthError {
  error: string;
  suberror?: string;
  description: string;
}

type TokenResponse =
  { ok: true; body: Record<string, string | number> } | ({ ok: false } & OAuthError);

export function createEntraAuthority(opts: EntraAuthorityOptions): EntraAuthority {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const now = opts.now ?? Date.now;
  const severOpener = opts.severOpener ?? true;
  const directory = opts.directory;
  const key = createSigningKey();
  const state: AuthorityState = {
    base,
    now,
    directory,
    key,
    consents: [],
    userConsents: [],
    refreshTokens: new Map(),
    revokedRefreshTokens: new Set(),
  };
  const consents = state.consents;
  const codes = new Map<string, CodeGrant>();
  const sessions = new Map<string, string>();
  const flows = new Map<string, AuthorizeFlow | AdminConsentFlow>();

  // ---- directory -------------------------------------------------------------------------------

  const issuerOf = (tenantId: string) => `${base}/${tenantId}/v2.0`;
  const tenantIdOf = (user: EntraUser) => tenantIdOfUser(state, user);
  const findApp = (clientId: string | null | undefined) => findAppIn(state, clientId);
  const findUser = (userId: string | null | undefined) =>
    userId ? directory.users.find((u) => u.id === userId) : undefined;
  const isGlobalAdmin = (user: EntraUser) => user.roles.includes("GlobalAdministrator");

  function resolveTenant(segment: string): TenantRef | undefined {
    const s = segment.toLowerCase();
    if (MULTI_TENANT_SEGMENTS.has(s)) return { kind: "multi", segment: s };
    const tenant = directory.tenants.find(
      (t) => t.id.toLowerCase() === s || t.domain.toLowerCase() === s,
    );
    return tenant ? { kind: "tenant", tenant } : undefined;
  }

  function usersOf(ref: TenantRef): EntraUser[] {
    return directory.users.filter((u) => {
      const tid = tenantIdOf(u);
      return tid !== undefined && (ref.kind === "multi" || tid === ref.tenant.id);
    });
  }

  function tenantName(ref: TenantRef): string {
    return ref.kind === "tenant" ? ref.tenant.displayName : ref.segment;
  }

  function redirectAllowed(app: EntraApp, redirectUri: string | null): redirectUri is string {
    if (!redirectUri) return false;
    if (app.redirectUris) return app.redirectUris.includes(redirectUri);
    try {
      const u = new URL(redirectUri);
      return (
        (u.protocol === "http:" || u.protocol === "https:") &&
        ["localhost", "127.0.0.1"].includes(u.hostname)
      );
    } catch {
      return false; // not a URL
    }
  }

  /** What the tenant's admin consent, and the user's own consent, grant the app. */
  function grantedScopes(tenantId: string, clientId: string, userId?: string): string[] {
    const admin = consents.find((c) => c.tenantId === tenantId && c.clientId === clientId);
    const own = state.userConsents.find(
      (c) => c.tenantId === tenantId && c.clientId === clientId && c.userId === userId,
    );
    return [...(admin?.scopes ?? []), ...(own?.scopes ?? [])];
  }

  function recordConsent(tenantId: string, clientId: string, scopes: string[], grantedBy: string) {
    const at = new Date(now()).toISOString();
    const existing = consents.find((c) => c.tenantId === tenantId && c.clientId === clientId);
    if (existing) {
      existing.scopes = [...new Set([...existing.scopes, ...scopes])];
      existing.grantedBy = grantedBy;
      existing.at = at;
    } else {
      consents.push({ tenantId, clientId, scopes: [...scopes], grantedBy, at });
    }
  }

  // ---- tokens ----------------------------------------------------------------------------------

  function consentRequired(app: EntraApp): OAuthError {
    return {
      error: "invalid_grant",
      suberror: "consent_required",
      description:
        `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' ` +
        `named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
    };
  }

  function mintTokens(
    user: EntraUser,
    app: EntraApp,
    scopes: string[],
    nonce: string | undefined,
  ): TokenResponse {
    const tenantId = tenantIdOf(user);
    if (!tenantId) {
      return {
        ok: false,
        error: "invalid_grant",
        description: `AADSTS50020: User account '${user.email}' does not exist in any tenant of this directory.`,
      };
    }
    const requested = resourceScopes(scopes);
    const resources = new Set(requested.map((s) => s.canonicalResource));
    if (resources.size > 1) {
      return {
        ok: false,
        error: "invalid_scope",
        description: `AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scopes.join(" ")} is not valid.`,
      };
    }
    const granted = grantedScopes(tenantId, app.clientId, user.id);
    if (scopesMissingConsent(requested, granted).length > 0)
      return { ok: false, ...consentRequired(app) };

    const first = requested[0];
    const audience = first ? first.resource : GRAPH_APP_ID;
    const permissions = first
      ? grantedPermissions(requested, granted)
      : scopes.filter((s) => OIDC_SCOPES.has(s.toLowerCase()) && s !== "offline_access");
    const issuedAt = Math.floor(now() / 1000);
    const common: JwtClaims = {
      iss: issuerOf(tenantId),
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + TOKEN_LIFETIME_S,
      tid: tenantId,
      oid: user.id,
      sub: pkceChallenge(`${user.id}:${app.clientId}`), // pairwise, as Entra's `sub`
      name: user.displayName,
      preferred_username: user.email,
      ver: "2.0",
    };
    const accessToken = signJwt(key, {
      ...common,
      aud: audience,
      scp: permissions.join(" "),
      azp: app.clientId,
      appid: app.clientId,
      azpacr: "0",
      upn: user.email,
      uti: randomId(12),
    });
    const idToken = signJwt(key, {
      ...common,
      aud: app.clientId,
      email: user.email,
      ...(nonce !== undefined ? { nonce } : {}),
    });
    const refreshToken = issueRefreshToken(state, {
      clientId: app.clientId,
      userId: user.id,
      scopes,
    });
    const responseScopes = [
      ...requested.map((s) => s.scope),
      ...scopes.filter((s) => OIDC_SCOPES.has(s.toLowerCase())),
    ];
    return {
      ok: true,
      body: {
        token_type: "Bearer",
        scope: responseScopes.join(" "),
        expires_in: TOKEN_LIFETIME_S,
        ext_expires_in: TOKEN_LIFETIME_S,
        access_token: accessToken,
        refresh_token: refreshToken,
        id_token: idToken,
        client_info: encodeJson({ uid: user.id, utid: tenantId }),
      },
    };
  }

  function verifyAccessToken(token: string): AccessTokenInfo | undefined {
    const claims = readSignedJwt(key, token);
    if (!claims) return undefined;
    const { exp, tid, iss, oid, azp, aud, scp } = claims;
    if (typeof exp !== "number" || exp * 1000 <= now()) return undefined;
    if (typeof tid !== "string" || !directory.tenants.some((t) => t.id === tid)) return undefined;
    if (iss !== issuerOf(tid)) return undefined;
    // Only access tokens carry `scp`; an id token is not accepted as a bearer token.
    if (
      typeof oid !== "string" ||
      typeof azp !== "string" ||
      typeof aud !== "string" ||
      typeof scp !== "string"
    ) {
      return undefined;
    }
    return { userId: oid, tenantId: tid, appId: azp, audience: aud, scopes: splitScopes(scp) };
  }

  function issueTokenFor(req: { userId: string; clientId: string; scopes: string[] }): IssuedToken {
    const app = findApp(req.clientId);
    if (!app) {
      return {
        ok: false,
        error: "invalid_client",
        description: `AADSTS700016: Application with identifier '${req.clientId}' was not found in the directory.`,
      };
    }
    const user = findUser(req.userId);
    if (!user) {
      return {
        ok: false,
        error: "interaction_required",
        suberror: "login_required",
        description: "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
      };
    }
    const result = mintTokens(user, app, req.scopes, undefined);
    if (!result.ok) {
      return result.suberror === "consent_required"
        ? {
            ok: false,
            error: "consent_required",
            suberror: "consent_required",
            description: result.description,
          }
        : { ok: false, error: result.error, description: result.description };
    }
    return {
      ok: true,
      accessToken: String(result.body.access_token),
      idToken: String(result.body.id_token),
      expiresIn: TOKEN_LIFETIME_S,
    };
  }

  // ---- HTTP plumbing ---------------------------------------------------------------------------

  function allowCors(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
    }
  }

  function sendJson(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
    });
    res.end(JSON.stringify(body));
  }

  function sendOAuthError(res: ServerResponse, status: number, err: OAuthError) {
    const code = /^AADSTS(\d+)/.exec(err.description)?.[1];
    sendJson(res, status, {
      error: err.error,
      error_description: err.description,
      error_codes: code ? [Number(code)] : [],
      timestamp: new Date(now())
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z"),
      trace_id: randomId(8),
      correlation_id: randomId(8),
      ...(err.suberror ? { suberror: err.suberror } : {}),
    });
  }

  function sendPage(res: ServerResponse, status: number, page: HtmlPage, interactive = false) {
    const headers: Record<string, string> = {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": page.csp,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    };
    if (interactive && severOpener) headers["Cross-Origin-Opener-Policy"] = "same-origin";
    res.writeHead(status, headers);
    res.end(page.html);
  }

  function sendError(res: ServerResponse, status: number, title: string, description: string) {
    const code = /^(AADSTS\d+)/.exec(description)?.[1] ?? "error";
    sendPage(res, status, errorPage({ nonce: randomId(12), title, code, description }));
  }

  /** Sends the outcome to the client's redirect URI the way it asked (query, fragment or form_post). */
  function respondToClient(
    req: IncomingMessage,
    res: ServerResponse,
    redirectUri: string,
    mode: ResponseMode,
    params: Record<string, string | undefined>,
  ) {
    const defined: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined) defined[k] = v;
    if (mode === "form_post") {
      sendPage(res, 200, formPostPage({ nonce: randomId(12), redirectUri, params: defined }));
      return;
    }
    const target = new URL(redirectUri);
    if (mode === "fragment") target.hash = new URLSearchParams(defined).toString();
    else for (const [k, v] of Object.entries(defined)) target.searchParams.set(k, v);
    res.writeHead(req.method === "POST" ? 303 : 302, {
      Location: target.toString(),
      "Cache-Control": "no-store",
    });
    res.end();
  }

  async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > 1_000_000) throw new Error("request body too large");
      chunks.push(buf);
    }
    return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  }

  function sessionUser(req: IncomingMessage): EntraUser | undefined {
    const cookie = req.headers.cookie ?? "";
    for (const part of cookie.split(";")) {
      const [name, value] = part.trim().split("=");
      if (name === SESSION_COOKIE && value) return findUser(sessions.get(value));
    }
    return undefined;
  }

  function startSession(res: ServerResponse, user: EntraUser) {
    const sid = randomId(24);
    sessions.set(sid, user.id);
    res.setHeader(
      "Set-Cookie",
      `${SESSION_COOKIE}=${sid}; Path=/; Secure; HttpOnly; SameSite=None`,
    );
  }

  function newFlow(flow: AuthorizeFlow | AdminConsentFlow): string {
    const t = now();
    for (const [id, f] of flows) if (f.expiresAt <= t) flows.delete(id);
    const id = randomId(24);
    flows.set(id, flow);
    return id;
  }

  function takeFlow<K extends (AuthorizeFlow | AdminConsentFlow)["kind"]>(
    id: string | null,
    kind: K,
  ): Extract<AuthorizeFlow | AdminConsentFlow, { kind: K }> | undefined {
    const flow = id ? flows.get(id) : undefined;
    if (!flow || flow.kind !== kind || flow.expiresAt <= now()) return undefined;
    return flow as Extract<AuthorizeFlow | AdminConsentFlow, { kind: K }>;
  }

  // ---- endpoints -------------------------------------------------------------------------------

  function metadata(res: ServerResponse, ref: TenantRef) {
    const segment = ref.kind === "tenant" ? ref.tenant.id : ref.segment;
    const root = `${base}/${segment}`;
    sendJson(res, 200, {
      issuer: ref.kind === "tenant" ? issuerOf(ref.tenant.id) : `${base}/{tenantid}/v2.0`,
      authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
      token_endpoint: `${root}/oauth2/v2.0/token`,
      end_session_endpoint: `${root}/oauth2/v2.0/logout`,
      jwks_uri: `${root}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: [
        "none",
        "client_secret_post",
        "private_key_jwt",
        "client_secret_basic",
      ],
      response_modes_supported: ["query", "fragment", "form_post"],
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: [
        "sub",
        "iss",
        "aud",
        "exp",
        "iat",
        "nbf",
        "nonce",
        "name",
        "preferred_username",
        "email",
        "oid",
        "tid",
        "ver",
      ],
      request_uri_parameter_supported: false,
      frontchannel_logout_supported: true,
      http_logout_supported: true,
      tenant_region_scope: null,
      cloud_instance_name: new URL(base).host,
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
    });
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, segment: string, url: URL) {
    if (req.method === "POST") return authorizeChoice(req, res);
    const q = url.searchParams;
    const ref = resolveTenant(segment);
    if (!ref)
      return sendError(res, 400, "Sign in failed", `AADSTS90002: Tenant '${segment}' not found.`);
    const app = findApp(q.get("client_id"));
    if (!app) {
      return sendError(
        res,
        400,
        "Sign in failed",
        `AADSTS700016: Application with identifier '${q.get("client_id") ?? ""}' was not found in the directory '${tenantName(ref)}'.`,
      );
    }
    const redirectUri = q.get("redirect_uri");
    if (!redirectAllowed(app, redirectUri)) {
      return sendError(
        res,
        400,
        "Sign in failed",
        `AADSTS50011: The redirect URI '${redirectUri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
      );
    }
    const modeParam = q.get("response_mode");
    const responseMode: ResponseMode =
      modeParam === "fragment" || modeParam === "form_post" ? modeParam : "query";
    const state = q.get("state") ?? undefined;
    const fail = (error: string, description: string) =>
      respondToClient(req, res, redirectUri, responseMode, {
        error,
        error_description: description,
        state,
      });

    if (q.get("response_type") !== "code") {
      return fail(
        "unsupported_response_type",
        `AADSTS700054: response_type '${q.get("response_type") ?? ""}' is not enabled for the application.`,
      );
    }
    const scopes = splitScopes(q.get("scope"));
    if (scopes.length === 0) {
      return fail(
        "invalid_request",
        "AADSTS900144: The request body must contain the following parameter: 'scope'.",
      );
    }
    const codeChallenge = q.get("code_challenge");
    if (!codeChallenge) {
      return fail(
        "invalid_request",
        "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
      );
    }
    if (q.get("code_challenge_method") !== "S256") {
      return fail(
        "invalid_request",
        "AADSTS501491: Invalid code_challenge_method: this authority only supports 'S256'.",
      );
    }
    const flow: AuthorizeFlow = {
      kind: "authorize",
      tenantRef: ref,
      app,
      redirectUri,
      responseMode,
      state,
      nonce: q.get("nonce") ?? undefined,
      scopes,
      codeChallenge,
      expiresAt: now() + FLOW_LIFETIME_MS,
    };
    const candidates = usersOf(ref);

    if (q.get("prompt") === "none") {
      // The session cookie, or a login_hint naming a user of the tenant (headless browsers often
      // drop third-party cookies in the silent iframe, so the hint stands in for the session).
      const hint = q.get("login_hint")?.toLowerCase();
      const fromSession = sessionUser(req);
      const user =
        (fromSession && candidates.includes(fromSession) ? fromSession : undefined) ??
        (hint ? candidates.find((u) => u.email.toLowerCase() === hint) : undefined);
      if (!user)
        return fail(
          "login_required",
          "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
        );
      const tid = tenantIdOf(user) ?? "";
      if (
        scopesMissingConsent(resourceScopes(scopes), grantedScopes(tid, app.clientId, user.id))
          .length > 0
      ) {
        return fail("consent_required", consentRequired(app).description);
      }
      return issueCode(req, res, flow, user);
    }

    const flowId = newFlow(flow);
    sendPage(
      res,
      200,
      signInPage({
        nonce: randomId(12),
        action: `${base}/${segment}/oauth2/v2.0/authorize`,
        flowId,
        appName: app.displayName,
        purpose: "Choose who signs in.",
        users: candidates,
        formTargets: [new URL(redirectUri).origin],
      }),
      true,
    );
  }

  async function authorizeChoice(req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    const flowId = form.get("flow");
    const flow = takeFlow(flowId, "authorize");
    if (!flow || !flowId)
      return sendError(
        res,
        400,
        "Sign in failed",
        "AADSTS90015: This sign-in request expired. Start again from the app.",
      );
    flows.delete(flowId);
    if (form.get("decision") === "cancel") {
      return respondToClient(req, res, flow.redirectUri, flow.responseMode, {
        error: "access_denied",
        error_description: "AADSTS65004: User declined to sign in to the app.",
        state: flow.state,
      });
    }
    const user = usersOf(flow.tenantRef).find((u) => u.id === form.get("user"));
    if (!user)
      return sendError(
        res,
        400,
        "Sign in failed",
        "AADSTS50034: The user account does not exist in this directory.",
      );
    startSession(res, user);
    issueCode(req, res, flow, user);
  }

  function issueCode(
    req: IncomingMessage,
    res: ServerResponse,
    flow: AuthorizeFlow,
    user: EntraUser,
  ) {
    const code = randomId(32);
    codes.set(code, {
      clientId: flow.app.clientId,
      redirectUri: flow.redirectUri,
      userId: user.id,
      scopes: flow.scopes,
      nonce: flow.nonce,
      codeChallenge: flow.codeChallenge,
      expiresAt: now() + CODE_LIFETIME_MS,
    });
    respondToClient(req, res, flow.redirectUri, flow.responseMode, {
      code,
      client_info: encodeJson({ uid: user.id, utid: tenantIdOf(user) }),
      state: flow.state,
    });
  }

  async function token(req: IncomingMessage, res: ServerResponse, segment: string) {
    if (req.method !== "POST")
      return sendOAuthError(res, 405, {
        error: "invalid_request",
        description: "AADSTS900561: The endpoint only accepts POST requests.",
      });
    const form = await readForm(req);
    const ref = resolveTenant(segment);
    if (!ref)
      return sendOAuthError(res, 400, {
        error: "invalid_request",
        description: `AADSTS90002: Tenant '${segment}' not found.`,
      });
    const app = findApp(form.get("client_id"));
    if (!app) {
      return sendOAuthError(res, 400, {
        error: "unauthorized_client",
        description: `AADSTS700016: Application with identifier '${form.get("client_id") ?? ""}' was not found in the directory '${tenantName(ref)}'.`,
      });
    }
    const invalidGrant = (description: string) =>
      sendOAuthError(res, 400, { error: "invalid_grant", description });
    const grantType = form.get("grant_type");
    if (grantType === "client_credentials") {
      if (ref.kind !== "tenant") {
        return sendOAuthError(res, 400, {
          error: "invalid_request",
          description: `Client credentials need a tenant: use /{tenant}/oauth2/v2.0/token, not /${segment}.`,
        });
      }
      const result = clientCredentialsToken(state, ref.tenant, app, form, req.headers);
      return result.ok
        ? sendJson(res, 200, result.body)
        : sendOAuthError(res, result.status, result);
    }
    const secretProblem = checkClientSecret(app, form, req.headers, false);
    if (secretProblem) return sendOAuthError(res, secretProblem.status, secretProblem);
    let user: EntraUser | undefined;
    let scopes: string[];
    let nonce: string | undefined;
    if (grantType === "authorization_code") {
      const codeValue = form.get("code") ?? "";
      const grant = codes.get(codeValue);
      if (!grant)
        return invalidGrant(
          "AADSTS70000: The provided authorization code is invalid or was already redeemed.",
        );
      codes.delete(codeValue); // a code is redeemed once
      if (grant.expiresAt <= now())
        return invalidGrant("AADSTS70008: The provided authorization code has expired.");
      if (grant.clientId !== app.clientId)
        return invalidGrant(
          "AADSTS700005: The authorization code was issued to another application.",
        );
      if (form.get("redirect_uri") !== grant.redirectUri) {
        return invalidGrant(
          "AADSTS50011: The redirect_uri does not match the one the authorization code was issued for.",
        );
      }
      const verifier = form.get("code_verifier");
      if (!verifier) {
        return sendOAuthError(res, 400, {
          error: "invalid_request",
          description:
            "AADSTS900144: The request body must contain the following parameter: 'code_verifier'.",
        });
      }
      if (pkceChallenge(verifier) !== grant.codeChallenge) {
        return invalidGrant(
          "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        );
      }
      user = findUser(grant.userId);
      scopes =
        splitScopes(form.get("scope")).length > 0 ? splitScopes(form.get("scope")) : grant.scopes;
      nonce = grant.nonce;
    } else if (grantType === "refresh_token") {
      const redeemed = redeemRefreshToken(state, form.get("refresh_token") ?? "", app.clientId);
      if (!redeemed.ok) return invalidGrant(redeemed.description);
      const grant = redeemed.grant;
      user = findUser(grant.userId);
      scopes =
        splitScopes(form.get("scope")).length > 0 ? splitScopes(form.get("scope")) : grant.scopes;
    } else {
      return sendOAuthError(res, 400, {
        error: "unsupported_grant_type",
        description: `AADSTS70003: The app requested an unsupported grant type '${grantType ?? ""}'.`,
      });
    }
    if (!user)
      return invalidGrant("AADSTS50034: The user account does not exist in this directory.");
    if (ref.kind === "tenant" && tenantIdOf(user) !== ref.tenant.id) {
      return invalidGrant(
        `AADSTS50020: User account '${user.email}' does not exist in tenant '${ref.tenant.displayName}'.`,
      );
    }
    const result = mintTokens(user, app, scopes, nonce);
    if (!result.ok) return sendOAuthError(res, 400, result);
    sendJson(res, 200, result.body);
  }

  function logout(req: IncomingMessage, res: ServerResponse, url: URL) {
    const cookie = req.headers.cookie ?? "";
    for (const part of cookie.split(";")) {
      const [name, value] = part.trim().split("=");
      if (name === SESSION_COOKIE && value) sessions.delete(value);
    }
    res.setHeader(
      "Set-Cookie",
      `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`,
    );
    const next = url.searchParams.get("post_logout_redirect_uri");
    if (next && directory.apps.some((a) => redirectAllowed(a, next))) {
      res.writeHead(302, { Location: next });
      res.end();
      return;
    }
    sendPage(res, 200, signedOutPage(randomId(12)));
  }

  async function adminConsent(
    req: IncomingMessage,
    res: ServerResponse,
    segment: string,
    url: URL,
  ) {
    if (req.method === "POST") return adminConsentChoice(req, res, segment);
    const q = url.searchParams;
    const title = "Admin consent failed";
    if (MULTI_TENANT_SEGMENTS.has(segment.toLowerCase()) || segment.toLowerCase() === "consumers") {
      return sendError(
        res,
        400,
        title,
        `AADSTS90130: Admin consent needs a tenant: use /{tenant-id}/v2.0/adminconsent, not /${segment}.`,
      );
    }
    const ref = resolveTenant(segment);
    if (!ref || ref.kind !== "tenant")
      return sendError(res, 400, title, `AADSTS90002: Tenant '${segment}' not found.`);
    const app = findApp(q.get("client_id"));
    if (!app) {
      return sendError(
        res,
        400,
        title,
        `AADSTS700016: Application with identifier '${q.get("client_id") ?? ""}' was not found in the directory '${ref.tenant.displayName}'.`,
      );
    }
    const redirectUri = q.get("redirect_uri") ?? app.redirectUris?.[0] ?? null;
    if (!redirectAllowed(app, redirectUri)) {
      return sendError(
        res,
        400,
        title,
        `AADSTS50011: The redirect URI '${redirectUri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
      );
    }
    const state = q.get("state") ?? undefined;
    const scopes = resourceScopes(splitScopes(q.get("scope")));
    if (scopes.length === 0) {
      return respondToClient(req, res, redirectUri, "query", {
        error: "invalid_request",
        error_description:
          "AADSTS70011: The provided request must include a 'scope' input parameter naming the permissions to consent to.",
        state,
      });
    }
    const flowId = newFlow({
      kind: "adminconsent",
      tenant: ref.tenant,
      app,
      redirectUri,
      state,
      scopes,
      expiresAt: now() + FLOW_LIFETIME_MS,
    });
    sendPage(
      res,
      200,
      signInPage({
        nonce: randomId(12),
        action: `${base}/${segment}/v2.0/adminconsent`,
        flowId,
        appName: app.displayName,
        purpose: `A Global Administrator of ${ref.tenant.displayName} signs in to review the permissions the app asks for.`,
        users: usersOf(ref),
        formTargets: [new URL(redirectUri).origin],
      }),
      true,
    );
  }

  async function adminConsentChoice(req: IncomingMessage, res: ServerResponse, segment: string) {
    const form = await readForm(req);
    const flowId = form.get("flow");
    const flow = takeFlow(flowId, "adminconsent");
    if (!flow || !flowId)
      return sendError(
        res,
        400,
        "Admin consent failed",
        "AADSTS90015: This consent request expired. Start again from the app.",
      );
    const back = (params: Record<string, string | undefined>) => {
      flows.delete(flowId);
      respondToClient(req, res, flow.redirectUri, "query", { ...params, state: flow.state });
    };
    const decision = form.get("decision");
    if (decision === "cancel") {
      return back({
        error: "access_denied",
        error_subcode: "cancel",
        error_description: "AADSTS65004: User declined to consent to access the app.",
      });
    }
    const chosen = form.get("user");
    if (chosen !== null) {
      const user = usersOf({ kind: "tenant", tenant: flow.tenant }).find((u) => u.id === chosen);
      if (!user)
        return sendError(
          res,
          400,
          "Admin consent failed",
          "AADSTS50034: The user account does not exist in this directory.",
        );
      startSession(res, user);
      if (!isGlobalAdmin(user)) {
        return back({
          error: "access_denied",
          error_description:
            `AADSTS90094: The grant requires admin permission. ${user.displayName} is not a Global Administrator of ` +
            `${flow.tenant.displayName}; ask an administrator to grant consent to '${flow.app.displayName}'.`,
        });
      }
      flow.signedInUserId = user.id;
      return sendPage(
        res,
        200,
        consentPage({
          nonce: randomId(12),
          action: `${base}/${segment}/v2.0/adminconsent`,
          flowId,
          appName: flow.app.displayName,
          userName: user.displayName,
          userEmail: user.email,
          permissions: flow.scopes.map(describePermission),
          formTargets: [new URL(flow.redirectUri).origin],
        }),
        true,
      );
    }
    const admin = findUser(flow.signedInUserId);
    if (decision !== "accept" || !admin || !isGlobalAdmin(admin)) {
      return sendError(
        res,
        400,
        "Admin consent failed",
        "AADSTS90015: Sign in before accepting. Start again from the app.",
      );
    }
    const scopes = flow.scopes.map((s) => s.scope);
    recordConsent(flow.tenant.id, flow.app.clientId, scopes, admin.id);
    back({ admin_consent: "True", tenant: flow.tenant.id, scope: scopes.join(" ") });
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", base);
    const [segment, ...rest] = url.pathname.split("/").filter((s) => s.length > 0);
    const path = rest.join("/");
    const json =
      path.endsWith("openid-configuration") ||
      path.startsWith("discovery/") ||
      path === "oauth2/v2.0/token";
    if (json) allowCors(req, res);
    if (req.method === "OPTIONS" && json) {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers":
          req.headers["access-control-request-headers"] ?? "content-type",
        "Access-Control-Max-Age": "600",
      });
      res.end();
      return;
    }
    if (!segment)
      return sendJson(res, 404, {
        error: "not_found",
        error_description: "Try /{tenant}/v2.0/.well-known/openid-configuration",
      });
    if (
      path === "v2.0/.well-known/openid-configuration" ||
      path === ".well-known/openid-configuration"
    ) {
      const ref = resolveTenant(segment);
      if (!ref)
        return sendOAuthError(res, 400, {
          error: "invalid_tenant",
          description: `AADSTS90002: Tenant '${segment}' not found.`,
        });
      return metadata(res, ref);
    }
    if (path === "discovery/v2.0/keys" || path === "discovery/keys")
      return sendJson(res, 200, jsonWebKeySet(key));
    if (path === "oauth2/v2.0/authorize") return authorize(req, res, segment, url);
    if (path === "oauth2/v2.0/token") return token(req, res, segment);
    if (path === "oauth2/v2.0/logout") return logout(req, res, url);
    if (path === "v2.0/adminconsent") return adminConsent(req, res, segment, url);
    if (segment === "v1.0") {
      // Microsoft Graph's paths, served on this origin (graph.ts).
      const reply = handleGraph(state, req.method ?? "GET", path, url, req.headers.authorization);
      return sendJson(res, reply.status, reply.body);
    }
    sendJson(res, 404, { error: "not_found", error_description: `No endpoint at ${url.pathname}` });
  }

  return {
    consents,
    userConsents: state.userConsents,
    grantUserConsent: (consent) => grantUserConsent(state, consent),
    revokeRefreshTokens: (filter) => revokeRefreshTokens(state, filter),
    async handle(req, res) {
      try {
        await route(req, res);
      } catch (err) {
        // A handler failure is the emulator's bug: say so to the caller instead of hanging.
        console.error("entra: request failed", req.method, req.url, err);
        if (!res.headersSent)
          sendJson(res, 500, { error: "server_error", error_description: String(err) });
        else res.destroy();
      }
    },
    verifyAccessToken,
    issueTokenFor,
    reset() {
      consents.length = 0;
      state.userConsents.length = 0;
      state.revokedRefreshTokens.clear();
      codes.clear();
      state.refreshTokens.clear();
      sessions.clear();
      flows.clear();
    },
  };
}
