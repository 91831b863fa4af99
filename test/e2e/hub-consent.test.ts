// The hub's consent step in Chromium against the emulated organization, its fake Entra and the
// backup service: the service decides whether the tenant has consented (its check, shown in the
// overview), makes the admin-consent link (Entra returns to the service's stable landing page),
// checks again on "Check again" and when the hub comes back, and keeps a tenant's own Entra app.
import type { FrameLocator, Page } from "playwright-core";
import { SERVICE_APP } from "../../src/core/app-profile";
import {
  grantAdminConsent,
  USERS,
  historyEntry,
  stateAs,
  storedDocuments,
  storedHistory,
  untilFact,
  useOrganizationPages,
  until,
  type Organization,
} from "./support";

jest.setTimeout(90_000);

/** Listed in emulator/fixtures/fabrikam.json's entraApps beside the service app. */
const OWN_APP = "0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30";

let org: Organization;
const organizationPages = useOrganizationPages((started) => (org = started));

async function hubAs(userId: string) {
  const opened = await organizationPages.hubAs(userId);
  await opened.hub.getByRole("heading", { name: "Backup", exact: true }).waitFor();
  return opened;
}

async function consentShows(hub: FrameLocator, text: string): Promise<void> {
  await untilFact(hub, "Backup app consent", text, { atStart: true });
}

/** Clicks "Open the consent page" and returns the page the host opened. */
function openConsentPage(page: Page, hub: FrameLocator): Promise<Page> {
  return organizationPages.windowOpenedBy(page, () =>
    hub.getByRole("button", { name: "Open the consent page" }).click(),
  );
}

function grantConsent(clientId: string): void {
  grantAdminConsent(org.emulator, clientId);
}

describe("Backup hub: consent", () => {
  it("tells a PCA who is not a Global Administrator that consent is missing, and Entra refuses her", async () => {
    const { page, hub } = await hubAs(USERS.avery);
    await consentShows(hub, "Not consented yet");
    const ask = hub.getByRole("region", { name: "Ask a Global Administrator to consent" });
    const permissions = ask.getByRole("list", { name: "Permissions asked for" });
    expect(await permissions.textContent()).toContain("user_impersonation");
    expect(await permissions.textContent()).toContain("User.Read.All");

    const popup = await openConsentPage(page, hub);
    // The service made the link: its authority, and its own stable landing page to return to.
    const url = new URL(popup.url());
    expect(url.origin).toBe(org.emulator.entraUrl);
    expect(url.pathname).toBe(`/${org.emulator.organization.tenantId}/v2.0/adminconsent`);
    expect(url.searchParams.get("client_id")).toBe(SERVICE_APP.clientId);
    expect(url.searchParams.get("redirect_uri")).toBe(`${org.service.url}/landing/consent`);
    expect(url.searchParams.get("state")).toBeTruthy();

    await popup.getByRole("button", { name: "Sign in as Avery Admin" }).click();
    await popup.getByRole("heading", { name: "Admin consent is not complete" }).waitFor();
    expect(org.emulator.entra.consents).toEqual([]);

    await page.bringToFront();
    await hub.getByRole("button", { name: "Check again" }).click();
    await until("the check answered again", async () =>
      ((await hub.getByRole("status", { name: "Consent check" }).textContent()) ?? "").startsWith(
        "Not consented yet",
      ),
    );
    await consentShows(hub, "Not consented yet");
  });

  it("shows Consented without a reload once a Global Administrator has consented", async () => {
    const { page, hub } = await hubAs(USERS.avery);
    await consentShows(hub, "Not consented yet");
    const frame = page.frames().find((f) => f.url().includes("/backup-hub/"));
    await frame?.evaluate(
      () => ((window as unknown as { sameDocument: boolean }).sameDocument = true),
    );

    const popup = await openConsentPage(page, hub);
    await popup.getByRole("button", { name: "Sign in as Gloria Global" }).click();
    await popup.getByRole("button", { name: "Accept" }).click();
    // The service's landing page: it verified the grant itself.
    await popup.getByRole("heading", { name: "Admin consent granted" }).waitFor();
    expect(org.emulator.entra.consents).toMatchObject([
      { clientId: SERVICE_APP.clientId, grantedBy: USERS.gloria },
    ]);

    await page.bringToFront();
    await consentShows(hub, "Consented");
    expect(await hub.getByRole("status", { name: "Consent check" }).textContent()).toContain(
      "Consented",
    );
    // The same document: nothing reloaded the hub.
    expect(
      await frame?.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    ).toBe(true);
    expect(
      await hub.getByRole("region", { name: "Ask a Global Administrator to consent" }).count(),
    ).toBe(0);
  });

  it("believes the service, not a page: a consent granted elsewhere shows after Check again", async () => {
    const { hub } = await hubAs(USERS.avery);
    await consentShows(hub, "Not consented yet");
    // A Global Administrator consented elsewhere; the service has not looked since.
    grantConsent(SERVICE_APP.clientId);
    await hub.getByRole("button", { name: "Check again" }).click();
    await consentShows(hub, "Consented");
  });

  it("uses a tenant's own Entra app once a PCA saves it", async () => {
    const { page, hub } = await hubAs(USERS.avery);
    await consentShows(hub, "Not consented yet");
    const form = hub.getByRole("form", { name: "Which Entra app" });
    await form.getByRole("radio", { name: "Use our own Entra app" }).check();
    const clientId = form.getByRole("textbox", { name: "Application (client) ID" });
    await clientId.fill("my-app");
    await form.getByRole("button", { name: "Apply app choice" }).click();
    expect(await clientId.getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByText(/is a GUID/).count()).toBe(1);

    await clientId.fill(OWN_APP.toUpperCase());
    await form.getByRole("button", { name: "Apply app choice" }).click();
    await form.getByText(`Saved: your own Entra app (${OWN_APP}) is used.`).waitFor();
    // Kept by the service, with who chose it; never in extension data.
    const state = await stateAs(org, USERS.avery);
    expect(state.appProfile).toMatchObject({
      profile: { kind: "custom", clientId: OWN_APP },
      changedBy: { id: USERS.avery },
    });
    expect(storedDocuments(org, "backup-scope")).toEqual([]);
    expect(await storedHistory(org)).toMatchObject([
      { appProfile: { after: { kind: "custom", clientId: OWN_APP } }, changes: [] },
    ]);

    await hub.getByRole("button", { name: "Copy link" }).click();
    const link = new URL(await hub.getByRole("textbox", { name: "Consent link" }).inputValue());
    expect(link.searchParams.get("client_id")).toBe(OWN_APP);
    // Shown as the tenant's own app next to the link, with who chose it.
    await hub
      .getByText(/The link asks consent for your own Entra app.*chosen by Avery Admin/)
      .waitFor();

    // Consent to the service app does not count for the tenant's own app, and vice versa.
    grantConsent(SERVICE_APP.clientId);
    await hub.getByRole("button", { name: "Check again" }).click();
    await consentShows(hub, "Not consented yet");
    grantConsent(OWN_APP);
    await hub.getByRole("button", { name: "Check again" }).click();
    await consentShows(hub, "Consented");

    // Stored for everyone: a reload reads it back.
    await page.reload();
    await hub.getByRole("heading", { name: "Backup", exact: true }).waitFor();
    await consentShows(hub, "Consented");
    await historyEntry(hub, OWN_APP).waitFor();
    expect(
      await hub
        .getByRole("form", { name: "Which Entra app" })
        .getByRole("radio", { name: "Use our own Entra app" })
        .isChecked(),
    ).toBe(true);
  });

  it("shows someone who is not a PCA the consent state, and no consent step", async () => {
    const avery = await hubAs(USERS.avery);
    await consentShows(avery.hub, "Not consented yet");
    const { hub } = await hubAs(USERS.devon);
    await consentShows(hub, "Not consented yet");
    expect(await hub.getByRole("button", { name: "Open the consent page" }).count()).toBe(0);
    expect(await hub.getByRole("form", { name: "Which Entra app" }).count()).toBe(0);
  });
});
