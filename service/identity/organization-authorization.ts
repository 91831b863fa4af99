// The backup engine's view of a connected organization: an Authorization header as the account
// that connected it (the engine's AuthorizationSource, service/engine/azure-devops/repos-api.ts).
// The access token is reused until shortly before it expires, and fetched again when the engine
// says Azure DevOps refused it (forceRefresh after a 401). Each fetch redeems the stored refresh
// token and re-checks that the account is still a PCA (connection.ts).
import type { OrganizationToken } from "./connection";

/** Fetch a new token when the current one has less than this left. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export function organizationAuthorization(
  acquire: (organization: string) => Promise<OrganizationToken>,
  organization: string,
  now: () => Date = () => new Date(),
): (forceRefresh: boolean) => Promise<string> {
  let current: OrganizationToken | undefined;
  let pending: Promise<OrganizationToken> | undefined;
  return async (forceRefresh) => {
    const fresh =
      current && current.expiresOn.getTime() - EXPIRY_MARGIN_MS > now().getTime() && !forceRefresh;
    if (!fresh) {
      // Concurrent jobs share one refresh instead of each redeeming the refresh token.
      pending ??= acquire(organization).finally(() => (pending = undefined));
      current = await pending;
    }
    return `Bearer ${(current as OrganizationToken).accessToken}`;
  };
}
