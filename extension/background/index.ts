// The background service worker: answers the popup's and options page's messages.
import browser, { type Runtime } from "webextension-polyfill";
import { EntraSignIn } from "../../src/browser/entra-sign-in";
import { tenantOf } from "../../src/browser/organization-backup";
import { SignInSettingsStore } from "../../src/browser/sign-in-settings";
import { TokenCache } from "../../src/browser/token-cache";
import { SERVICE_URL } from "../../src/service/service-url";
import { createDispatcher } from "./dispatcher";
import { createHandlers } from "./handlers";

const handlers = createHandlers({
  browser,
  settings: new SignInSettingsStore(browser),
  tokens: new TokenCache(browser),
  entra: new EntraSignIn(browser, (input, init) => fetch(input, init), crypto),
  serviceUrl: SERVICE_URL,
  tenantOf: (orgUrl) => tenantOf(orgUrl),
  newOpId: () => crypto.randomUUID(),
});
const dispatch = createDispatcher(handlers);

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  dispatch(message, sender),
);
