// Everything the fake authority holds, in one named object every endpoint module takes: its
// configuration, the directory it serves, and what sign-ins, consents and tokens have recorded.
// Nothing else in emulator/entra keeps state of its own, so `reset` is one function.
import type { Consent, EntraApp, EntraDirectory, EntraTenant, UserConsent } from "./directory";
import type { ResourceScope } from "./scopes";
import { createSigningKey, type SigningKey } from "./tokens";

/** How the client asked to receive the authorization response (OAuth 2.0 response_mode). */
export type ResponseMode = "query" | "fragment" | "form_post";

/** A path's tenant segment: one tenant (by id or domain), or "common"/"organizations". */
export type TenantRef =
  { kind: "tenant"; tenant: EntraTenant } | { kind: "multi"; segment: string };

/** A sign-in started on the authorize endpoint, waiting for the person to pick an account. */
export interface SignInFlow {
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

/** An admin consent started on /adminconsent: sign-in, then Accept or Cancel. */
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

export type Flow = SignInFlow | AdminConsentFlow;

/** What an authorization code stands for until it is redeemed (once) at the token endpoint. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  nonce?: string;
  codeChallenge: string;
  expiresAt: number;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export interface AuthorityState {
  /** The authority's origin, no trailing slash. */
  base: string;
  now: () => number;
  /** Send Cross-Origin-Opener-Policy on interactive pages, as Entra does. */
  severOpener: boolean;
  directory: EntraDirectory;
  key: SigningKey;
  /** Admin consents (AllPrincipals), one per tenant and app. */
  consents: Consent[];
  /** Users' own consents (Principal). */
  userConsents: UserConsent[];
  /** Authorization codes not yet redeemed. */
  codes: Map<string, CodeGrant>;
  refreshTokens: Map<string, RefreshGrant>;
  /** Refresh tokens revoked (kept so a later use is told "revoked", as Entra says, not "malformed"). */
  revokedRefreshTokens: Set<string>;
  /** Session cookie value → signed-in user id. */
  sessions: Map<string, string>;
  /** Sign-in and admin-consent pages in progress, by the id their forms post back. */
  flows: Map<string, Flow>;
}

export function createAuthorityState(opts: {
  baseUrl: string;
  directory: EntraDirectory;
  now?: () => number;
  severOpener?: boolean;
}): AuthorityState {
  return {
    base: opts.baseUrl.replace(/\/+$/, ""),
    now: opts.now ?? Date.now,
    severOpener: opts.severOpener ?? true,
    directory: opts.directory,
    key: createSigningKey(),
    consents: [],
    userConsents: [],
    codes: new Map(),
    refreshTokens: new Map(),
    revokedRefreshTokens: new Set(),
    sessions: new Map(),
    flows: new Map(),
  };
}

/** Forgets every consent, code, token, session and flow; keeps the directory and signing key. */
export function clearAuthorityState(state: AuthorityState): void {
  state.consents.length = 0;
  state.userConsents.length = 0;
  state.codes.clear();
  state.refreshTokens.clear();
  state.revokedRefreshTokens.clear();
  state.sessions.clear();
  state.flows.clear();
}
