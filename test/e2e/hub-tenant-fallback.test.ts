// The hub when Azure DevOps does not expose X-VSS-ResourceTenant to the extension's frame
// (docs/platform.md#organization-tenant): the tenant is the backup service's answer (it asks Azure DevOps server-side), so
// the overview names it and the consent link is addressed to it without the PCA typing anything.
import { SERVICE_APP } from "../../src/core/app-profile";
import { USERS, untilFact, useOrganizationPages, type Organization } from "./support";

jest.setTimeout(90_000);

let org: Organization;
const { hubAs } = useOrganizationPages((o) => (org = o), { exposeResourceTenant: false });

describe("Backup hub: a tenant Azure DevOps hides from the frame", () => {
  it("shows the tenant the service established and addresses consent to it", async () => {
    const { hub } = await hubAs(USERS.avery);
    const { tenantId } = org.emulator.organization;
    await untilFact(hub, "Microsoft Entra tenant", tenantId, { atStart: true });
    await untilFact(hub, "Backup app consent", "Not consented yet", { atStart: true });
    const ask = hub.getByRole("region", { name: "Ask a Global Administrator to consent" });
    expect(await ask.getByRole("textbox", { name: "Tenant ID or primary domain" }).count()).toBe(0);
    await ask.getByRole("button", { name: "Copy link" }).click();
    const link = new URL(await hub.getByRole("textbox", { name: "Consent link" }).inputValue());
    expect(link.pathname).toBe(`/${tenantId}/v2.0/adminconsent`);
    expect(link.searchParams.get("client_id")).toBe(SERVICE_APP.clientId);
  });
});
