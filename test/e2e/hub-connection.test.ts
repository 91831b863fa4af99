// The hub's connection step against the backup service and the fake Entra: a Project Collection
// Administrator connects the organization (the service's sign-in page in a new window, back to the
// service's landing page), and the hub shows who connected and when; someone else only sees it.
import {
  grantAdminConsent,
  USERS,
  factValue,
  until,
  untilFact,
  useOrganizationPages,
  type Organization,
} from "./support";

jest.setTimeout(90_000);

let org: Organization;
const { hubAs, windowOpenedBy } = useOrganizationPages((o) => (org = o));

describe("Backup hub: connection to the backup service", () => {
  it("lets a PCA connect the organization and shows who connected", async () => {
    // A Global Administrator consented beforehand (tested with the consent step).
    grantAdminConsent(org.emulator);
    const { page, hub } = await hubAs(USERS.avery);
    const card = hub.getByRole("status", { name: "Connection" });
    await until("the hub says it is not connected", async () =>
      ((await card.textContent()) ?? "").startsWith("Not connected yet"),
    );
    expect(await factValue(hub, "Backup service connection").textContent()).toBe("Not connected");

    const popup = await windowOpenedBy(page, () =>
      hub.getByRole("button", { name: "Connect" }).click(),
    );
    const authorize = new URL(popup.url());
    expect(authorize.origin).toBe(org.emulator.entraUrl);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${org.service.url}/landing/sign-in`);
    await popup.getByRole("button", { name: "Sign in as Avery Admin" }).click();
    await popup.getByRole("heading", { name: "Connected", exact: true }).waitFor();

    // Back in the hub: it asks the service again, without a reload.
    await page.bringToFront();
    await until("the hub shows who connected", async () =>
      ((await card.textContent()) ?? "").startsWith("Connected by Avery Admin"),
    );
    expect(await factValue(hub, "Backup service connection").textContent()).toMatch(
      /^Connected by Avery Admin/,
    );
    expect(await hub.getByRole("button", { name: "Connect" }).count()).toBe(0);

    // Someone who is not a PCA sees the connection, and no way to change it.
    const devon = await hubAs(USERS.devon);
    await untilFact(devon.hub, "Backup service connection", "Connected by Avery Admin", {
      atStart: true,
    });
    expect(await devon.hub.getByRole("button", { name: "Connect" }).count()).toBe(0);
  });
});
