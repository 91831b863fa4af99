// Which tokens are this authority's: the issuer it names for each tenant, and reading back a token
// it signed that is still valid (unexpired, for one of its tenants, from that tenant's issuer).
// Both the emulated organization (verifyAccessToken) and Graph accept only such tokens.
import type { AuthorityState } from "./state";
import { readSignedJwt, type JwtClaims } from "./tokens";

/** The `iss` of the tokens the authority signs for a tenant (and of its metadata). */
export const issuerOf = (state: AuthorityState, tenantId: string): string =>
  `${state.base}/${tenantId}/v2.0`;

/** The claims of a valid token this authority issued, with its tenant; undefined otherwise. */
export function readIssuedToken(
  state: AuthorityState,
  token: string,
): (JwtClaims & { tid: string }) | undefined {
  const claims = readSignedJwt(state.key, token);
  if (!claims) return undefined;
  const { exp, tid, iss } = claims;
  if (typeof exp !== "number" || exp * 1000 <= state.now()) return undefined;
  if (typeof tid !== "string" || !state.directory.tenants.some((t) => t.id === tid))
    return undefined;
  if (iss !== issuerOf(state, tid)) return undefined;
  return { ...claims, tid };
}
