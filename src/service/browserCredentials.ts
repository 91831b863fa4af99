// How the browser extension proves who it is to the backup service (src/core/serviceApi.ts): an
// Entra access token for the service app's own API (api://{client id}/Backup.Manage), redeemed
// from the sign-in's refresh token (Entra refresh tokens are good for any resource the app may
// ask for, https://learn.microsoft.com/entra/identity-platform/refresh-tokens), and the Azure
// DevOps token of the same sign-in. Tokens stay in memory here (DESIGN §6).
// Until the browser adapters offer this, it lives beside the service client (see the report).
import type { ServiceCredentials } from "./backupService";

export const SERVICE_API_PERMISSION = "Backup.Manage";

/** The scope the service's own API is asked for with. */
export function serviceScopeOf(clientId: string): string {
  return `api://${clientId}/${SERVICE_API_PERMISSION}`;
}

export interface EntraSignInRef {
  authority: string;
  tenantId: string;
  clientId: string;
}

export class ServiceTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceTokenError";
  }
}

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  error_description?: string;
}

/** One token request: the refresh token for an access token to the service's API. */
export async function redeemServiceToken(
  key: EntraSignInRef,
  refreshToken: string,
  fetchImpl: typeof fetch,
  now: () => number = Date.now,
): Promise<{ token: string; expiresAt: number }> {
  const url = `${key.authority.replace(/\/+$/, "")}/${encodeURIComponent(key.tenantId)}/oauth2/v2.0/token`;
  const body = new URLSearchParams({
    client_id: key.clientId,
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    scope: serviceScopeOf(key.clientId),
  });
  const response = await fetchImpl(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  const answer = (await response.json().catch(() => ({}))) as TokenAnswer;
  if (!response.ok || !answer.access_token) {
    throw new ServiceTokenError(
      answer.error_description ??
        `Microsoft Entra did not give a token for the backup service (${response.status}).`,
    );
  }
  return { token: answer.access_token, expiresAt: now() + (answer.expires_in ?? 3600) * 1000 };
}

export interface BrowserSignIn {
  /** The sign-in's current Azure DevOps token; a new one when forced (after a 401). */
  azureDevOpsToken(forceRefresh: boolean): Promise<string>;
  /** The sign-in's refresh token, if it has one. */
  refreshToken(): Promise<string | undefined>;
}

/** Credentials for one organization's sign-in; the service token is kept until shortly before expiry. */
export function browserCredentials(
  key: EntraSignInRef,
  signIn: BrowserSignIn,
  fetchImpl: typeof fetch,
  now: () => number = Date.now,
): ServiceCredentials {
  let cached: { token: string; expiresAt: number } | undefined;
  return {
    async authorization(forceRefresh) {
      if (forceRefresh || !cached || cached.expiresAt - 120_000 < now()) {
        const refreshToken = await signIn.refreshToken();
        if (!refreshToken)
          throw new ServiceTokenError("Sign in again to reach the backup service.");
        cached = await redeemServiceToken(key, refreshToken, fetchImpl, now);
      }
      return `Bearer ${cached.token}`;
    },
    azureDevOpsToken: (forceRefresh) => signIn.azureDevOpsToken(forceRefresh),
  };
}
