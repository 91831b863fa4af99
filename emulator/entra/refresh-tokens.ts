// Refresh tokens: issued with every token response, replaced by a fresh one on each use, expired
// after inactivity, and revocable (a user's sessions revoked, as Graph's revokeSignInSessions or a
// password reset does). Behaviour and AADSTS codes as documented at
// https://learn.microsoft.com/entra/identity-platform/refresh-tokens and
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS50173,
// AADSTS700082, AADSTS9002313). Entra leaves a used refresh token valid until it expires; the
// client is expected to keep the newest one.
import type { AuthorityState, RefreshGrant } from "./state";
import { randomId } from "./tokens";

/** Entra's default inactivity lifetime for a confidential client's refresh token: 90 days. */
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 3600_000;

export function issueRefreshToken(
  state: AuthorityState,
  grant: Omit<RefreshGrant, "expiresAt">,
): string {
  const token = randomId(32);
  state.refreshTokens.set(token, { ...grant, expiresAt: state.now() + REFRESH_TOKEN_LIFETIME_MS });
  return token;
}

type RefreshRedemption =
  { ok: true; grant: RefreshGrant } | { ok: false; error: "invalid_grant"; description: string };

export function redeemRefreshToken(
  state: AuthorityState,
  token: string,
  clientId: string,
): RefreshRedemption {
  if (state.revokedRefreshTokens.has(token)) {
    return {
      ok: false,
      error: "invalid_grant",
      description:
        "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
    };
  }
  const grant = state.refreshTokens.get(token);
  if (!grant || grant.clientId.toLowerCase() !== clientId.toLowerCase()) {
    return {
      ok: false,
      error: "invalid_grant",
      description: "AADSTS9002313: Invalid request. The refresh token is malformed or not valid.",
    };
  }
  if (grant.expiresAt <= state.now()) {
    state.refreshTokens.delete(token);
    return {
      ok: false,
      error: "invalid_grant",
      description:
        "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on a date and was inactive for 90 days.",
    };
  }
  return { ok: true, grant };
}

/**
 * Revokes every refresh token matching the filter (all of a user's, or one app's for a user);
 * answers how many. Access tokens already issued stay valid until they expire, as in Entra.
 */
export function revokeRefreshTokens(
  state: AuthorityState,
  filter: { userId?: string; clientId?: string },
): number {
  let count = 0;
  for (const [token, grant] of state.refreshTokens) {
    if (filter.userId !== undefined && grant.userId !== filter.userId) continue;
    if (
      filter.clientId !== undefined &&
      grant.clientId.toLowerCase() !== filter.clientId.toLowerCase()
    )
      continue;
    state.refreshTokens.delete(token);
    state.revokedRefreshTokens.add(token);
    count++;
  }
  return count;
}
