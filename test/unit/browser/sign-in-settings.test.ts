import { VARIANTS } from "../../../scripts/browser-manifest";
import { SERVICE_APP } from "../../../src/core/app-profile";
import {
  DEFAULT_SIGN_IN_SETTINGS,
  SignInSettingsStore,
} from "../../../src/browser/sign-in-settings";
import { fakeBrowser } from "./fake-browser";

const DEVELOPMENT = VARIANTS.development;

describe("SignInSettingsStore", () => {
  test("defaults to Microsoft's authority and the backup service app", async () => {
    await expect(new SignInSettingsStore(fakeBrowser()).load()).resolves.toEqual({
      authority: "https://login.microsoftonline.com",
      clientId: SERVICE_APP.clientId,
    });
  });

  test("saves normalised settings in storage.local and reads them back", async () => {
    const browser = fakeBrowser();
    const store = new SignInSettingsStore(browser, DEVELOPMENT);
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

  // Tokens go to the authority: in the published extension it is Microsoft Entra and nothing else.
  test.each([
    "https://localhost:8443",
    "https://127.0.0.1:8443",
    "https://login.microsoftonline.com.evil.example",
    "https://evil.example",
    "https://login.microsoftonline.com:8443",
    "https://user@login.microsoftonline.com",
    "https://login.microsoftonline.com/some/path",
  ])("the published extension refuses the authority %s with a clear message", async (authority) => {
    const browser = fakeBrowser();
    await expect(
      new SignInSettingsStore(browser).save({ authority, clientId: SERVICE_APP.clientId }),
    ).rejects.toMatchObject({
      field: "authority",
      message:
        "The extension signs in only with Microsoft Entra ID: the sign-in authority must be https://login.microsoftonline.com.",
    });
    expect(browser.storage.local.set).not.toHaveBeenCalled();
  });

  test("the development variant also accepts the emulated organization's Entra, and nothing else", async () => {
    const store = new SignInSettingsStore(fakeBrowser(), DEVELOPMENT);
    await expect(
      store.save({ authority: "https://127.0.0.1:9443", clientId: SERVICE_APP.clientId }),
    ).resolves.toMatchObject({ authority: "https://127.0.0.1:9443" });
    await expect(
      store.save({ authority: "https://evil.example", clientId: SERVICE_APP.clientId }),
    ).rejects.toMatchObject({
      message:
        "The extension signs in only with Microsoft Entra ID: the sign-in authority must be https://login.microsoftonline.com, or the emulated organization's at https://localhost:{port} or https://127.0.0.1:{port}.",
    });
  });

  test("an authority the development variant saved is not used by the published one", async () => {
    const browser = fakeBrowser();
    await new SignInSettingsStore(browser, DEVELOPMENT).save({
      authority: "https://localhost:8443",
      clientId: SERVICE_APP.clientId,
    });
    await expect(new SignInSettingsStore(browser).load()).resolves.toEqual(
      DEFAULT_SIGN_IN_SETTINGS,
    );
  });

  test("settings stored in a shape no longer valid fall back to the defaults", async () => {
    const browser = fakeBrowser();
    browser.storage.local.items.set("signInSettings", { authority: "ftp://x", clientId: 3 });
    await expect(new SignInSettingsStore(browser).load()).resolves.toEqual(
      DEFAULT_SIGN_IN_SETTINGS,
    );
  });
});
