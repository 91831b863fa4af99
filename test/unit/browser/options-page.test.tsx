/** @jest-environment jsdom */
// The options page as a person uses it: the published extension refuses any sign-in authority but
// Microsoft Entra's, and says so; the development variant also takes the emulated organization's.
import { fireEvent, render, screen } from "@testing-library/preact";
import { Options } from "../../../extension/options/options";
import { VARIANTS } from "../../../scripts/browser-manifest";
import { SignInSettingsStore } from "../../../src/browser/sign-in-settings";
import { fakeBrowser } from "./fake-browser";

async function typeAuthorityAndSave(authority: string): Promise<void> {
  const field = await screen.findByRole("textbox", { name: "Sign-in authority" });
  fireEvent.input(field, { target: { value: authority } });
  fireEvent.click(screen.getByRole("button", { name: "Save" }));
}

test("the published extension's options page refuses a local sign-in authority and keeps Entra's", async () => {
  const browser = fakeBrowser();
  render(<Options store={new SignInSettingsStore(browser)} />);
  await typeAuthorityAndSave("https://localhost:8443");
  expect((await screen.findByRole("alert")).textContent).toBe(
    "The extension signs in only with Microsoft Entra ID: the sign-in authority must be https://login.microsoftonline.com.",
  );
  expect(browser.storage.local.set).not.toHaveBeenCalled();
  expect(
    screen.getByText(/signs in only with https:\/\/login\.microsoftonline\.com\./),
  ).toBeTruthy();
  expect(document.body.textContent).not.toMatch(/localhost|emulated/);
});

test("the development variant's options page saves the emulated organization's authority", async () => {
  const browser = fakeBrowser();
  render(<Options store={new SignInSettingsStore(browser, VARIANTS.development)} />);
  await typeAuthorityAndSave("https://localhost:8443");
  await screen.findByText("Saved. The next sign-in uses these settings.");
  expect(browser.storage.local.items.get("signInSettings")).toMatchObject({
    authority: "https://localhost:8443",
  });
});
