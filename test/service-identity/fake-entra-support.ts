// The fake Entra authority a test file talks to over HTTPS (emulator/entra): one per file, started
// before its tests, reset before each one, closed after; and the tenant and apps its tests share.
import {
  serveEntraAuthority,
  type EntraAuthority,
  type EntraDirectory,
  type HttpsOrigin,
} from "../../emulator/entra";

/** Fabrikam's tenant, the one every fake Entra test signs in to. */
export const TENANT_ID = "3f6b8a4e-5d1c-4f7a-9b2e-0c8d7e6f5a41";
export const FABRIKAM_TENANT = {
  id: TENANT_ID,
  domain: "fabrikam.onmicrosoft.com",
  displayName: "Fabrikam",
};

/** Azure DevOps' resource id: its scopes are `${AZURE_DEVOPS_RESOURCE}/user_impersonation` and `/.default`. */
export const AZURE_DEVOPS_RESOURCE = "499b84ac-1321-427f-aa17-267ca6975798";

/** A public client (no secret) the tests register in their directories. */
export const PUBLIC_CLIENT_ID = "b1d2e3f4-1111-4222-8333-944455566677";

/** The served authority: its origin (URL and CA) and the authority itself (consents, reset). */
export interface FakeEntra {
  origin: HttpsOrigin;
  /** The origin's URL, the base of every endpoint (`${url}/${tenant}/oauth2/v2.0/token`). */
  url: string;
  entra: EntraAuthority;
}

/** Serves a fake Entra over `directory` for the test file; `now` is its clock (default: the real one). */
export function useFakeEntra(directory: EntraDirectory, now?: () => number): FakeEntra {
  const fake = {} as FakeEntra;
  beforeAll(async () => {
    const served = await serveEntraAuthority({ directory, ...(now ? { now } : {}) });
    fake.origin = served;
    fake.url = served.url;
    fake.entra = served.entra;
  });
  afterAll(() => fake.origin?.close());
  beforeEach(() => fake.entra.reset());
  return fake;
}
