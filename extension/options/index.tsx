// The options page: where the extension signs in (the Entra authority) and with which app.
import { render } from "preact";
import browser from "webextension-polyfill";
import { SignInSettingsStore } from "../../src/browser/sign-in-settings";
import { Options } from "./options";

const root = document.getElementById("root");
if (root) render(<Options store={new SignInSettingsStore(browser)} />, root);
