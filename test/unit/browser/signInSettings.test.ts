import { SERVICE_APP } from "../../../src/core/appProfile";
import { DEFAULT_SIGN_IN_SETTINGS, SignInSettingsStore } from "../../../src/browser/signInSettings";
import { fakeBrowser } from "./fakeBrowser";

describe("SignInSettingsStore", () => {
  test("defaults to Microsoft's authority and the backup service app", async () => {
    await expect(new SignInSettingsStore(fakeBrowser()).load()).resolves.toEqual({
      authority: "https://login.microsoftonline.com",
      clientId: SERVICE_APP.clientId,
    });
  });

  test("saves normalised settings in storage.local and reads them back", async () => {
    const browser = fakeBrowser();
    const store = new SignInSettingsStore(browser);
    const custom = "11111111-2222-3333-4444-555555555555";
    await store.save({ authority: " https://localhost:8443/ ", clientId: custom.toUpperCase() });
    expect(browser.storage.session.set).not.toHaveBeenCalled();
    await expect(store.load()).resolves.toEqual({
      authority: "https://localhost:8443",
      clientId: custom,
    });
  });

  test.each([
    [{ authority: "http://localhost:8443", clientId: SERVICE_APP.clientId }, "authority"],
    [{ authority: "login.microsoftonline.com", clientId: SERVICE_APP.clientId }, "authority"],
    [{ authority: "https://login.microsoftonline.com", clientId: "my-app" }, "clientId"],
  ])("refuses %o, naming the field", async (settings, field) => {
    await expect(new SignInSettingsStore(fakeBrowser()).save(settings)).rejects.toMatchObject({
      field,
    });
  });

  test("settings stored in a shape no longer valid fall back to the defaults", async () => {
    const browser = fakeBrowser();
    browser.storage.local.items.set("signInSettings", { authority: "ftp://x", clientId: 3 });
    await expect(new SignInSettingsStore(browser).load()).resolves.toEqual(
      DEFAULT_SIGN_IN_SETTINGS,
    );
  });
});
