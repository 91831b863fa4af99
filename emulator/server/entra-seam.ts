// Wires the fake Entra authority (emulator/entra) into the emulated organization: its directory
// comes from the fixture, its tokens are credentials for the REST API, and the control API's
// nested-app-auth and consent calls go through it.
import {
  AZURE_DEVOPS_RESOURCE,
  createEntraAuthority,
  type Consent,
  type EntraAuthority,
  type EntraDirectory,
} from "../entra";
import { SERVICE_APP } from "../../src/core/app-profile";
import type { FixtureEntraApp, OrganizationFixture } from "../fixtures/types";
import { claimsOf } from "../entra/tokens";
import { MSAL_POPUP_REDIRECT_URI, nestedAppAuthRefusal } from "./naa-registration";
import type { EmulatorState } from "./state";

export { AZURE_DEVOPS_RESOURCE };
export type { Consent, EntraAuthority };

/** Used when a fixture names no Entra apps: the backup service app, as the product knows it. */
export const DEFAULT_SERVICE_APP: FixtureEntraApp = {
  clientId: SERVICE_APP.clientId,
  displayName: SERVICE_APP.displayName,
  spaRedirectUris: [MSAL_POPUP_REDIRECT_URI],
};

export function entraDirectory(fixture: OrganizationFixture): EntraDirectory {
  const org = fixture.organization;
  const tenantId = org.tenantId || undefined;
  return {
    tenants: tenantId
      ? [
          {
            id: tenantId,
            domain: org.tenantDomain ?? `${org.name}.onmicrosoft.com`,
            displayName: org.name,
          },
        ]
      : [],
    // Users of an organization without a tenant have Microsoft accounts: no Entra sign-in here.
    users: tenantId
      ? fixture.users.map((u) => ({
          id: u.id,
          tenantId,
          displayName: u.displayName,
          email: u.email,
          roles: [...u.roles],
        }))
      : [],
    apps: (fixture.entraApps ?? [DEFAULT_SERVICE_APP]).map((a) => ({ ...a })),
  };
}

export function startEntraAuthority(
  entraUrl: string,
  fixture: OrganizationFixture,
): EntraAuthority {
  return createEntraAuthority({ baseUrl: entraUrl, directory: entraDirectory(fixture) });
}

/** The fixture user an Entra access token speaks for, if it is a valid Azure DevOps token for this organization's tenant. */
export function userOfEntraToken(
  entra: EntraAuthority,
  token: string,
  state: EmulatorState,
): string | null {
  const info = entra.verifyAccessToken(token);
  if (!info || info.audience !== AZURE_DEVOPS_RESOURCE) return null;
  if (info.tenantId.toLowerCase() !== state.organization.tenantId.toLowerCase()) return null;
  // A revocation refuses every token issued before it (the authority has no revocation list).
  const issuedAt = claimsOf(token)?.iat;
  if (typeof issuedAt !== "number" || issuedAt * 1000 + 999 < state.tokensNotBeforeEpochMs)
    return null;
  return state.user(info.userId)?.id ?? null;
}

/** POST /_emulator/naa/token `{clientId, scopes}`: a token for the current user, as Entra's token endpoint answers. */
export function nestedAppToken(
  entra: EntraAuthority,
  state: EmulatorState,
  request: unknown,
): { status: number; body: unknown } {
  const r = (request ?? {}) as { clientId?: unknown; scopes?: unknown };
  if (
    typeof r.clientId !== "string" ||
    !Array.isArray(r.scopes) ||
    !r.scopes.every((s) => typeof s === "string")
  ) {
    return {
      status: 400,
      body: { error: "invalid_request", error_description: "Send {clientId, scopes: string[]}." },
    };
  }
  // An app Entra knows, but not registered for the host's broker, is refused before consent matters.
  const app = (state.fixture.entraApps ?? [DEFAULT_SERVICE_APP]).find(
    (a) => a.clientId.toLowerCase() === (r.clientId as string).toLowerCase(),
  );
  const refusal = app ? nestedAppAuthRefusal(app) : undefined;
  if (refusal) return { status: 400, body: refusal };
  const issued = entra.issueTokenFor({
    userId: state.currentUserId,
    clientId: r.clientId,
    scopes: r.scopes as string[],
  });
  if (!issued.ok) {
    return {
      status: 400,
      body: {
        error: issued.error,
        error_description: issued.description,
        ...(issued.suberror ? { suberror: issued.suberror } : {}),
      },
    };
  }
  return {
    status: 200,
    body: {
      token_type: "Bearer",
      access_token: issued.accessToken,
      id_token: issued.idToken,
      expires_in: issued.expiresIn,
      scope: (r.scopes as string[]).join(" "),
    },
  };
}
