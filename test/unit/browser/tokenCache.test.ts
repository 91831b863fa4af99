import { EXPIRY_MARGIN_MS, TokenCache, type SignInSession } from "../../../src/browser/tokenCache";
import { fakeBrowser } from "./fakeBrowser";

const key = { authority: "https://login.microsoftonline.com/", tenantId: "T1", clientId: "C1" };
const session = (expiresAt: number): SignInSession => ({
  accessToken: "access",
  refreshToken: "refresh",
  expiresAt,
  account: { id: "u1", name: "Avery Admin", username: "avery@fabrikam.example" },
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

  test("sessions are per authority, tenant and app; forget removes one", async () => {
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

  test("something else stored under the key is not a session", async () => {
    const browser = fakeBrowser();
    const cache = new TokenCache(browser, () => 0);
    await cache.save(key, session(1));
    const [k] = [...browser.storage.session.items.keys()];
    browser.storage.session.items.set(k as string, { accessToken: 42 });
    await expect(cache.session(key)).resolves.toBeUndefined();
  });
});
