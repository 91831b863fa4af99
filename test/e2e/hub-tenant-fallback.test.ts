// The hub when Azure DevOps does not expose X-VSS-ResourceTenant to the extension's frame
// (docs/platform.md#organization-tenant): the tenant is the backup service's answer (it asks Azure DevOps server-side), so
// the overview names it and the consent link is addressed to it without the PCA typing anything.
import { SERVICE_APP } from "../../src/core/app-profile";
import {
  USERS,
  factValue,
  openBackupHub,
  until,
  useOrganization,
  type Organization,
} from "./support";

jest.setTimeout(90_000);

let org: Organization;
const pages = useOrganization((o) => (org = o), { exposeResourceTenant: false });

describe("Backup hub: a tenant Azure DevOps hides from the frame", () => {
  it("shows the tenant the service established and addresses consent to it", async () => {
    const { page, hub } = await openBackupHub(org, { userId: USERS.avery });
    pages.push(page);
    const { tenantId } = org.emulator.organization;
    await until("the overview names the tenant", async () =>
      ((await factValue(hub, "Microsoft Entra tenant").textContent()) ?? "").startsWith(tenantId),
    );
    await until("the service's check answers", async () =>
      ((await factValue(hub, "Backup app consent").textContent()) ?? "").startsWith(
        "Not consented yet",
      ),
    );
    const ask = hub.getByRole("region", { name: "Ask a Global Administrator to consent" });
    expect(await ask.getByRole("textbox", { name: "Tenant ID or primary domain" }).count()).toBe(0);
    await ask.getByRole("button", { name: "Copy link" }).click();
    const link = new URL(await hub.getByRole("textbox", { name: "Consent link" }).inputValue());
    expect(link.pathname).toBe(`/${tenantId}/v2.0/adminconsent`);
    expect(link.searchParams.get("client_id")).toBe(SERVICE_APP.clientId);
  });
});
