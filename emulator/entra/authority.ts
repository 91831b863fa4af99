// The fake Microsoft Entra authority: OIDC metadata and keys, authorize (code + PKCE), token,
// logout and admin consent, in the v2.0 shapes that @azure/msal-browser expects, plus a minimal
// Graph. Its state is one AuthorityState (state.ts); each endpoint is its own module (routes.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { grantUserConsent } from "./consents";
import type { Consent, EntraDirectory, UserConsent } from "./directory";
import { revokeRefreshTokens } from "./refresh-tokens";
import { sendJson } from "./replies";
import { route } from "./routes";
import { clearAuthorityState, createAuthorityState } from "./state";
import {
  issueTokenFor,
  verifyAccessToken,
  type AccessTokenInfo,
  type IssuedToken,
} from "./user-tokens";

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

export function createEntraAuthority(opts: EntraAuthorityOptions): EntraAuthority {
  const state = createAuthorityState(opts);
  return {
    consents: state.consents,
    userConsents: state.userConsents,
    grantUserConsent: (consent) => grantUserConsent(state, consent),
    revokeRefreshTokens: (filter) => revokeRefreshTokens(state, filter),
    async handle(req, res) {
      try {
        await route(state, req, res);
      } catch (err) {
        // A handler failure is the emulator's bug: say so to the caller instead of hanging.
        console.error("entra: request failed", req.method, req.url, err);
        if (!res.headersSent)
          sendJson(res, 500, { error: "server_error", error_description: String(err) });
        else res.destroy();
      }
    },
    verifyAccessToken: (token) => verifyAccessToken(state, token),
    issueTokenFor: (req) => issueTokenFor(state, req),
    reset: () => clearAuthorityState(state),
  };
}
