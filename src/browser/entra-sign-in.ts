// Signing in to Microsoft Entra from the browser extension: authorization code with PKCE (S256)
// through `identity.launchWebAuthFlow`, the code redeemed at the token endpoint, and silent renewal
// with the refresh token. The tenant is always the organization's own (never "common"). The same
// sign-in also gives the token for the backup service's API (backupServiceToken).
import { AZURE_DEVOPS_SCOPE, SERVICE_APP } from "../core/app-profile";
import type { IdentityApi } from "./browser-api";
import type { SignInKey, SignInSession, SignedInAccount, TokenCache } from "./token-cache";

/** Azure DevOps on behalf of the user, plus what Entra needs to name the user and renew silently. */
export const SIGN_IN_SCOPES = [AZURE_DEVOPS_SCOPE, "openid", "profile", "offline_access"] as const;

/** The backup service's delegated permission on its own API (src/core/service-api.ts). */
export const BACKUP_SERVICE_PERMISSION = "Backup.Manage";

/** The audience of the backup service's tokens: the service app's application ID URI. */
export function backupServiceAudience(serviceAppClientId: string): string {
  return `api://${serviceAppClientId.toLowerCase()}`;
}

export function backupServiceScope(serviceAppClientId: string): string {
  return `${backupServiceAudience(serviceAppClientId)}/${BACKUP_SERVICE_PERMISSION}`;
}

export type SignInProblem = "cancelled" | "state-mismatch" | "refused" | "unreachable";

export class SignInError extends Error {
  constructor(
    readonly problem: SignInProblem,
    message: string,
    /** Entra's error code (e.g. "consent_required"), when Entra gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "SignInError";
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

function base64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomToken(crypto: Crypto, bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** RFC 7636: a 43-character verifier from 32 random bytes, and its SHA-256 challenge. */
export async function createPkce(crypto: Crypto): Promise<Pkce> {
  const verifier = randomToken(crypto, 32);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)) };
}

const endpoint = (key: SignInKey, path: string): string =>
  `${key.authority.replace(/\/+$/, "")}/${encodeURIComponent(key.tenantId)}/oauth2/v2.0/${path}`;

export interface AuthorizeRequest {
  redirectUri: string;
  state: string;
  codeChallenge: string;
  loginHint?: string;
}

export function authorizeUrl(key: SignInKey, request: AuthorizeRequest): string {
  const q = new URLSearchParams({
    client_id: key.clientId,
    response_type: "code",
    response_mode: "query",
    redirect_uri: request.redirectUri,
    scope: SIGN_IN_SCOPES.join(" "),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: "S256",
    prompt: "select_account",
  });
  if (request.loginHint) q.set("login_hint", request.loginHint);
  return `${endpoint(key, "authorize")}?${q.toString()}`;
}

/**
 * The authorization code from the URL Entra redirected to. The `state` must be the one this sign-in
 * sent: anything else is a response to some other request and is refused before its code is used.
 */
export function codeFromRedirect(redirectUrl: string, expectedState: string): string {
  let q: URLSearchParams;
  try {
    const u = new URL(redirectUrl);
    q = new URLSearchParams(u.search || u.hash.replace(/^#/, ""));
  } catch {
    throw new SignInError("refused", "The sign-in page returned an address that is not a URL.");
  }
  if (q.get("state") !== expectedState) {
    throw new SignInError(
      "state-mismatch",
      "The sign-in answer did not belong to this sign-in (its state did not match), so it was ignored. Try again.",
    );
  }
  const error = q.get("error");
  if (error) {
    throw new SignInError(
      error === "access_denied" ? "cancelled" : "refused",
      q.get("error_description") ?? `Microsoft Entra refused the sign-in (${error}).`,
      error,
    );
  }
  const code = q.get("code");
  if (!code) throw new SignInError("refused", "The sign-in answer carried no authorization code.");
  return code;
}

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  error?: string;
  error_description?: string;
}

/** The id token's claims. It came straight from the token endpoint over TLS, so it is read, not verified. */
function accountOf(idToken: string | undefined, known?: SignedInAccount): SignedInAccount {
  const payload = idToken?.split(".")[1];
  if (!payload) {
    if (known) return known; // a renewal may come without a new id token
    throw new SignInError("refused", "Microsoft Entra returned no id token.");
  }
  const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  const claims = JSON.parse(json) as Record<string, unknown>;
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  return {
    id: text(claims.oid) || text(claims.sub),
    name: text(claims.name) || text(claims.preferred_username),
    username: text(claims.preferred_username),
  };
}

export class EntraSignIn {
  constructor(
    private readonly browser: IdentityApi,
    private readonly fetchImpl: typeof fetch,
    private readonly crypto: Crypto,
    private readonly now: () => number = Date.now,
  ) {}

  /** Where Entra sends the browser back: the extension's own redirect URL (chromiumapp.org in Chromium). */
  redirectUri(): string {
    return this.browser.identity.getRedirectURL();
  }

  /** Opens Entra's sign-in page; resolves once the user has signed in and the code is redeemed. */
  async interactive(key: SignInKey, loginHint?: string): Promise<SignInSession> {
    const pkce = await createPkce(this.crypto);
    const state = randomToken(this.crypto, 16);
    const redirectUri = this.redirectUri();
    const url = authorizeUrl(key, { redirectUri, state, codeChallenge: pkce.challenge, loginHint });
    let redirected: string;
    try {
      redirected = await this.browser.identity.launchWebAuthFlow({ url, interactive: true });
    } catch (e) {
      // Chromium rejects with "The user did not approve access." when the window is closed.
      throw new SignInError(
        "cancelled",
        `Sign-in was not completed: ${((e as Error).message || "the window was closed").replace(/\.$/, "")}.`,
      );
    }
    const code = codeFromRedirect(redirected, state);
    return this.redeem(key, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    });
  }

  /** A new access token from the refresh token, without any window. */
  async renew(key: SignInKey, session: SignInSession): Promise<SignInSession> {
    return this.tokenFor(key, session, SIGN_IN_SCOPES);
  }

  /**
   * An access token for `scopes` from the session's refresh token, without any window: Entra's
   * refresh tokens are good for every resource the app may ask for, which is how MSAL's
   * acquireTokenSilent gets a second resource's token from one sign-in.
   */
  async tokenFor(
    key: SignInKey,
    session: SignInSession,
    scopes: readonly string[],
  ): Promise<SignInSession> {
    if (!session.refreshToken) throw new SignInError("refused", "Sign in again.");
    const renewed = await this.redeem(
      key,
      { grant_type: "refresh_token", refresh_token: session.refreshToken },
      session.account,
      scopes,
    );
    return { ...renewed, refreshToken: renewed.refreshToken ?? session.refreshToken };
  }

  private async redeem(
    key: SignInKey,
    grant: Record<string, string>,
    known?: SignedInAccount,
    scopes: readonly string[] = SIGN_IN_SCOPES,
  ): Promise<SignInSession> {
    const body = new URLSearchParams({
      client_id: key.clientId,
      scope: scopes.join(" "),
      ...grant,
    });
    let response: Response;
    try {
      response = await this.fetchImpl(endpoint(key, "token"), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      });
    } catch (e) {
      throw new SignInError(
        "unreachable",
        `Microsoft Entra (${key.authority}) could not be reached: ${(e as Error).message}.`,
      );
    }
    let answer: TokenAnswer;
    try {
      answer = (await response.json()) as TokenAnswer;
    } catch {
      throw new SignInError(
        "refused",
        `Microsoft Entra answered ${response.status} without a readable body.`,
      );
    }
    if (!response.ok || !answer.access_token) {
      throw new SignInError(
        "refused",
        answer.error_description ?? `Microsoft Entra refused the sign-in (${response.status}).`,
        answer.error,
      );
    }
    const session: SignInSession = {
      accessToken: answer.access_token,
      expiresAt: this.now() + (answer.expires_in ?? 3600) * 1000,
      account: accountOf(answer.id_token, known),
    };
    if (answer.refresh_token) session.refreshToken = answer.refresh_token;
    return session;
  }
}

/** What both token functions below need: the sign-in and the session-only, organization-bound cache. */
export interface SignedInTokens {
  entra: Pick<EntraSignIn, "tokenFor">;
  tokens: Pick<TokenCache, "accessToken" | "session" | "save" | "forget">;
}

/**
 * The organization's Azure DevOps session: the cached one while valid (unless forced, after a 401),
 * else renewed with its refresh token; undefined when signed out (or the refresh token is no longer
 * good, which signs that organization out).
 */
export async function azureDevOpsSession(
  deps: SignedInTokens,
  key: SignInKey,
  forceRefresh = false,
): Promise<SignInSession | undefined> {
  if (!forceRefresh) {
    const valid = await deps.tokens.accessToken(key);
    if (valid) return valid;
  }
  const stored = await deps.tokens.session(key);
  if (!stored?.refreshToken) return undefined;
  try {
    const renewed = await deps.entra.tokenFor(key, stored, SIGN_IN_SCOPES);
    await deps.tokens.save(key, renewed);
    return renewed;
  } catch (e) {
    if (e instanceof SignInError && e.problem === "refused") {
      await deps.tokens.forget(key);
      return undefined;
    }
    throw e;
  }
}

export interface BackupServiceTokenOptions {
  /** The service app whose API the token is for; the provided service app unless told otherwise. */
  serviceAppClientId?: string;
  /** Ask Entra again even if a cached token is still valid (after the service answered 401). */
  forceRefresh?: boolean;
}

/**
 * An Entra access token for the backup service (scope `api://{service app}/Backup.Manage`,
 * audience `api://{service app}`), from the same sign-in as the organization's Azure DevOps token
 * and cached the same way: in `storage.session`, bound to the organization, authority, tenant and
 * app of `key`. Undefined when that organization is signed out. Throws SignInError when Entra
 * refuses (e.g. `consent_required` when the tenant has not consented to the service's API): that
 * is not a sign-out, so the Azure DevOps sign-in is kept.
 */
export async function backupServiceToken(
  deps: SignedInTokens,
  key: SignInKey,
  options: BackupServiceTokenOptions = {},
): Promise<string | undefined> {
  const serviceApp = options.serviceAppClientId ?? SERVICE_APP.clientId;
  const audience = backupServiceAudience(serviceApp);
  if (!options.forceRefresh) {
    const cached = await deps.tokens.accessToken(key, audience);
    if (cached) return cached.accessToken;
  }
  const signedIn = await deps.tokens.session(key);
  if (!signedIn?.refreshToken) return undefined;
  const scopes = [backupServiceScope(serviceApp), "offline_access"];
  const { refreshToken: _sameSignIn, ...forService } = await deps.entra.tokenFor(
    key,
    signedIn,
    scopes,
  );
  // Only the access token is kept under the service's audience: renewal goes through the sign-in.
  await deps.tokens.save(key, forService, audience);
  return forService.accessToken;
}
