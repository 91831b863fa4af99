// The hub's consent step when Azure DevOps does not expose X-VSS-ResourceTenant to the extension's
// frame (DESIGN §3): the PCA is told, types the tenant (validated), the consent link is addressed
// to it, the outcome is still learnt by the silent check, and the tenant Entra names on the grant
// shows in the overview.
import type { FrameLocator } from "playwright-core";
import { SERVICE_APP } from "../../src/core/appProfile";
import {
  USERS,
  factValue,
  openBackupHub,
  until,
  useOrganization,
  type Organization,
} from "./support";

jest.setTimeout(90_000);

/** The primary domain of emulator/fixtures/fabrikam.json's tenant; the fake Entra resolves it. */
const domain = "fabrikam.onmicrosoft.com";

let org: Organization;
const pages = useOrganization((o) => (org = o), { exposeResourceTenant: false });

async function factShows(hub: FrameLocator, term: string, text: string): Promise<void> {
  await until(`the overview's ${term} says "${text}"`, async () =>
    ((await factValue(hub, term).textContent()) ?? "").startsWith(text),
  );
}

describe("Backup hub: consent when the organization's tenant is not revealed", () => {
  it("asks for the tenant, addresses consent to it, and learns the tenant from the grant", async () => {
    const { page, hub } = await openBackupHub(org, { userId: USERS.avery });
    pages.push(page);
    await hub.getByRole("heading", { name: "Backup", exact: true }).waitFor();
    const { tenantId } = org.emulator.organization;

    await factShows(hub, "Microsoft Entra tenant", "Not revealed to this page");
    // The silent check needs no tenant: it answers as usual.
    await factShows(hub, "Backup app consent", "Not consented yet");
    const ask = hub.getByRole("region", { name: "Ask a Global Administrator to consent" });
    await ask
      .getByText(/Azure DevOps did not reveal your organization's Microsoft Entra tenant/)
      .waitFor();

    const field = ask.getByRole("textbox", { name: "Tenant ID or primary domain" });
    const copy = ask.getByRole("button", { name: "Copy link" });
    // Nothing typed yet: no link, and why.
    await copy.click();
    await ask.getByText("Enter your organization's tenant ID or primary domain.").waitFor();
    expect(await field.getAttribute("aria-invalid")).toBe("true");

    await field.fill("common");
    await copy.click();
    await ask.getByText(/"common" is one of Entra's shared endpoints, not a tenant/).waitFor();
    await field.fill("fabrikam");
    await ask.getByText(/Enter a tenant ID \(a GUID .*\) or a domain of your tenant/).waitFor();
    expect(await hub.getByRole("textbox", { name: "Consent link" }).count()).toBe(0);

    // The tenant ID addresses the request...
    await field.fill(tenantId.toUpperCase());
    expect(await field.getAttribute("aria-invalid")).toBeNull();
    await copy.click();
    const byId = new URL(await hub.getByRole("textbox", { name: "Consent link" }).inputValue());
    expect(byId.pathname).toBe(`/${tenantId}/v2.0/adminconsent`);
    expect(byId.searchParams.get("client_id")).toBe(SERVICE_APP.clientId);

    // ...and so does a domain of the tenant, which the Global Administrator consents through.
    await field.fill(` ${domain} `);
    await copy.click();
    const byDomain = new URL(await hub.getByRole("textbox", { name: "Consent link" }).inputValue());
    expect(byDomain.origin).toBe("https://login.microsoftonline.com");
    expect(byDomain.pathname).toBe(`/${domain}/v2.0/adminconsent`);

    const opened = page.context().waitForEvent("page");
    await ask.getByRole("button", { name: "Open the consent page" }).click();
    const popup = await opened;
    pages.push(popup);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).pathname).toBe(`/${domain}/v2.0/adminconsent`);
    await popup.getByRole("button", { name: "Sign in as Gloria Global" }).click();
    await popup.getByRole("button", { name: "Accept" }).click();
    await popup
      .getByText(`Microsoft Entra reports that consent was granted for tenant ${tenantId}.`)
      .waitFor();
    expect(org.emulator.entra.consents).toMatchObject([
      { tenantId, clientId: SERVICE_APP.clientId, grantedBy: USERS.gloria },
    ]);

    await page.bringToFront();
    await factShows(hub, "Backup app consent", "Consented");
    await factShows(hub, "Microsoft Entra tenant", `${tenantId} (from consent)`);
    expect(
      await hub.getByRole("region", { name: "Ask a Global Administrator to consent" }).count(),
    ).toBe(0);
  });

  it("shows a tenant named by a hint only if the hint is its own and its check agrees", async () => {
    const { page, hub } = await openBackupHub(org, { userId: USERS.avery });
    pages.push(page);
    await hub.getByRole("heading", { name: "Backup", exact: true }).waitFor();
    await factShows(hub, "Backup app consent", "Not consented yet");
    const ask = hub.getByRole("region", { name: "Ask a Global Administrator to consent" });
    await ask.getByRole("textbox", { name: "Tenant ID or primary domain" }).fill(domain);
    await ask.getByRole("button", { name: "Copy link" }).click();
    const link = new URL(await hub.getByRole("textbox", { name: "Consent link" }).inputValue());
    const consentPage = link.searchParams.get("redirect_uri") ?? "";
    const state = link.searchParams.get("state") ?? "";

    // A grant in some other tenant, reported with someone else's state, then with the hub's own:
    // nobody consented for this organization, so its check still says so.
    const other = await org.browser.newPage();
    pages.push(other);
    const elsewhere = "11111111-2222-3333-4444-555555555555";
    const answer = `admin_consent=True&tenant=${elsewhere}`;
    await other.goto(`${consentPage}?${answer}&state=${"0".repeat(32)}`);
    await other.getByText(/consent was granted/).waitFor();
    await other.goto(`${consentPage}?${answer}&state=${state}`);
    await other.getByText(/consent was granted/).waitFor();

    await ask
      .getByText(
        `Microsoft Entra reported consent in tenant ${elsewhere}, but this organization still has none: check the tenant ID or domain you entered.`,
      )
      .waitFor();
    await factShows(hub, "Backup app consent", "Not consented yet");
    await factShows(hub, "Microsoft Entra tenant", "Not revealed to this page");
  });
});
