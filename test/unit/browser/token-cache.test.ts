import { VARIANTS } from "../../../scripts/browser-manifest";
import {
  EXPIRY_MARGIN_MS,
  OrganizationBoundaryError,
  TokenCache,
  isInOrganization,
  organizationFetch,
  type SignInSession,
} from "../../../src/browser/token-cache";
import { fakeBrowser } from "./fake-browser";

const key = {
  authority: "https://login.microsoftonline.com/",
  tenantId: "T1",
  clientId: "C1",
  organization: "https://dev.azure.com/fabrikam/",
};
const session = (expiresAt: number): SignInSession => ({
  accessToken: "access",
  refreshToken: "refresh",
  expiresAt,
  account: { id: "u1", name: "Avery Admin", username: "avery@fabrikam.example" },
});

describe("isInOrganization", () => {
  test.each([
    ["https://dev.azure.com/fabrikam/", "https://vsrm.dev.azure.com/fabrikam/_apis/release", true],
    ["https://dev.azure.com/fabrikam/", "https://fabrikam.visualstudio.com/_apis/projects", true],
    ["https://fabrikam.visualstudio.com/", "https://fabrikam.vsrm.visualstudio.com/_apis", true],
    ["https://fabrikam.visualstudio.com/", "https://dev.azure.com/fabrikam/_apis", true],
    ["https://fabrikam.visualstudio.com/", "https://contoso.visualstudio.com/_apis", false],
    ["https://fabrikam.visualstudio.com/", "https://fabrikam.a.b.visualstudio.com/", false],
    ["https://dev.azure.com/fabrikam/", "https://dev.azure.com:444/fabrikam/", false],
    ["https://dev.azure.com/fabrikam/", "https://u:p@dev.azure.com/fabrikam/", false],
    ["http://localhost:8080/fabrikam/", "http://localhost:8080/fabrikam/_apis", false],
  ])("%s: %s → %s", (organization, url, inside) => {
    expect(isInOrganization(organization, url)).toBe(inside);
  });

  test("the emulated organization (development variant) spans its local ports, not other names", () => {
    const org = "http://localhost:8080/fabrikam/";
    const dev = VARIANTS.development;
    expect(isInOrganization(org, "http://localhost:8082/fabrikam/_apis/x", dev)).toBe(true);
    expect(isInOrganization(org, "http://127.0.0.1:8082/fabrikam/_apis/x", dev)).toBe(true);
    expect(isInOrganization(org, "http://localhost:8082/contoso/_apis/x", dev)).toBe(false);
    expect(isInOrganization(org, "https://localhost:8443/fabrikam/", dev)).toBe(false);
  });
});

describe("TokenCache", () => {
  test("keeps sessions in storage.session only, never local or sync", async () => {
    const browser = fakeBrowser();
    const cache = new TokenCache(browser, () => 0);
    await cache.save(key, session(3_600_000));
    expect(browser.storage.session.items.size).toBe(1);
    expect(browser.storage.local.set).not.toHaveBeenCalled();
    expect(browser.storage.sync.set).not.toHaveBeenCalled();
    await expect(cache.accessToken(key)).resolves.toMatchObject({ accessToken: "access" });
  });

  test("an access token near its expiry is not handed out, but the session stays for renewal", async () => {
    let now = 0;
    const cache = new TokenCache(fakeBrowser(), () => now);
    await cache.save(key, session(10 * 60_000));
    now = 10 * 60_000 - EXPIRY_MARGIN_MS + 1;
    await expect(cache.accessToken(key)).resolves.toBeUndefined();
    await expect(cache.session(key)).resolves.toMatchObject({ refreshToken: "refresh" });
  });

  test("sessions are per authority, tenant, app and organization; forget removes one", async () => {
    const cache = new TokenCache(fakeBrowser(), () => 0);
    await cache.save(key, session(3_600_000));
    await expect(cache.accessToken({ ...key, tenantId: "T2" })).resolves.toBeUndefined();
    await expect(cache.accessToken({ ...key, clientId: "C2" })).resolves.toBeUndefined();
    await expect(
      cache.accessToken({ ...key, authority: "https://login.microsoftonline.com" }),
    ).resolves.toBeDefined();
    await cache.forget(key);
    await expect(cache.session(key)).resolves.toBeUndefined();
  });

  // Entra's Azure DevOps token is good for every organization of the tenant: the cache hands it out
  // only for the organization it was obtained for.
  test("a session for one organization is nothing to another of the same tenant", async () => {
    const cache = new TokenCache(fakeBrowser(), () => 0);
    await cache.save(key, session(3_600_000));
    await expect(
      cache.accessToken({ ...key, organization: "https://dev.azure.com/contoso/" }),
    ).resolves.toBeUndefined();
    await expect(
      cache.session({ ...key, organization: "https://contoso.visualstudio.com/" }),
    ).resolves.toBeUndefined();
    await expect(cache.accessToken(key)).resolves.toBeDefined();
  });

  test("the published extension keeps no session for a local address posing as an organization", async () => {
    const browser = fakeBrowser();
    const cache = new TokenCache(browser, () => 0);
    const local = { ...key, organization: "http://localhost:8080/fabrikam/" };
    await expect(cache.save(local, session(3_600_000))).rejects.toThrow(OrganizationBoundaryError);
    await expect(cache.accessToken(local)).rejects.toThrow(OrganizationBoundaryError);
    expect(browser.storage.session.set).not.toHaveBeenCalled();
    // The development variant keeps it, for the emulated organization.
    const dev = new TokenCache(browser, () => 0, VARIANTS.development);
    await dev.save(local, session(3_600_000));
    await expect(dev.accessToken(local)).resolves.toBeDefined();
    await expect(dev.accessToken(key)).resolves.toBeUndefined();
  });

  test("a token is handed out for a request only inside its organization", async () => {
    const cache = new TokenCache(fakeBrowser(), () => 0);
    await cache.save(key, session(3_600_000));
    for (const url of [
      "https://dev.azure.com/fabrikam/_apis/projects",
      "https://extmgmt.dev.azure.com/fabrikam/_apis/ExtensionManagement/x",
      "https://dev.azure.com/Fabrikam/_apis/connectionData",
    ]) {
      await expect(cache.accessTokenFor(key, url)).resolves.toMatchObject({
        accessToken: "access",
      });
    }
    for (const url of [
      "https://dev.azure.com/contoso/_apis/projects",
      "https://dev.azure.com/fabrikamx/_apis/projects",
      "http://localhost:8080/fabrikam/_apis/projects",
      "https://evil.example/fabrikam/_apis/projects",
      "https://dev.azure.com.evil.example/fabrikam/",
      "http://dev.azure.com/fabrikam/_apis/projects",
      "not a url",
    ]) {
      await expect(cache.accessTokenFor(key, url)).resolves.toBeUndefined();
    }
  });

  test("signing out of an organization forgets every token of that sign-in, and only those", async () => {
    const browser = fakeBrowser();
    const cache = new TokenCache(browser, () => 0);
    const other = { ...key, organization: "https://dev.azure.com/contoso/" };
    await cache.save(key, session(3_600_000));
    await cache.save(key, session(3_600_000), "api://service");
    await cache.save(other, session(3_600_000));
    await cache.forget(key);
    await expect(cache.session(key, "api://service")).resolves.toBeUndefined();
    await expect(cache.session(key)).resolves.toBeUndefined();
    await expect(cache.session(other)).resolves.toBeDefined();
  });

  test("something else stored under the key is not a session", async () => {
    const browser = fakeBrowser();
    const cache = new TokenCache(browser, () => 0);
    await cache.save(key, session(1));
    const [k] = [...browser.storage.session.items.keys()];
    browser.storage.session.items.set(k as string, { accessToken: 42 });
    await expect(cache.session(key)).resolves.toBeUndefined();
  });
});

describe("organizationFetch", () => {
  const org = "https://dev.azure.com/fabrikam/";
  const setup = () => {
    const inner = jest.fn(
      async (_input: RequestInfo | URL, _init?: RequestInit) => new Response("{}"),
    );
    const guarded = organizationFetch(org, inner as unknown as typeof fetch, {
      alsoTo: ["https://backup.example.com"],
    });
    return { inner, guarded };
  };
  const bearer = { headers: { Authorization: "Bearer secret" } };

  test("sends the organization's token inside the organization and to the named service", async () => {
    const { inner, guarded } = setup();
    await guarded("https://extmgmt.dev.azure.com/fabrikam/_apis/x", bearer);
    await guarded("https://backup.example.com/api/v1/organizations/fabrikam/state", {
      headers: { "X-Azure-DevOps-Token": "secret" },
    });
    expect(inner).toHaveBeenCalledTimes(2);
  });

  test.each([
    "https://dev.azure.com/contoso/_apis/projects",
    "http://localhost:8080/fabrikam/_apis/projects",
    "https://backup.example.com.evil.example/",
  ])("stops a request carrying a token to %s before it is sent", async (url) => {
    const { inner, guarded } = setup();
    await expect(guarded(url, bearer)).rejects.toThrow(OrganizationBoundaryError);
    await expect(
      guarded(new Request(url, { headers: { "X-Azure-DevOps-Token": "secret" } })),
    ).rejects.toThrow(OrganizationBoundaryError);
    expect(inner).not.toHaveBeenCalled();
  });

  test("lets an anonymous request through (the tenant lookup carries no token)", async () => {
    const { inner, guarded } = setup();
    await guarded("https://dev.azure.com/contoso/_apis/connectionData", {
      headers: { Authorization: "" },
    });
    expect(inner).toHaveBeenCalledTimes(1);
  });
});
