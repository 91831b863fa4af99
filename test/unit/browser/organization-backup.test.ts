import "./self-global";
// The popup's model of one organization over the backup service: the state and the PCA and
// tenant rules come from the service's answers; a change is saved through the same store.
import { AdoTransport } from "../../../src/ado/transport";
import { OrganizationBackup } from "../../../src/browser/organization-backup";
import type { ScopeRepository, ScopeSnapshot } from "../../../src/core/scope-store";
import { emptySnapshot } from "../../../src/core/scope-store";
import { avery } from "../actors";

const ORG = "https://dev.azure.com/fabrikam/";
const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

function transport(): AdoTransport {
  return new AdoTransport({
    authorizationHeader: async () => "Bearer ado",
    fetch: async () =>
      new Response(JSON.stringify(FIBER), { headers: { "Content-Type": "application/json" } }),
  });
}

function snapshot(facts: { admin: boolean; tenantId?: string }): ScopeSnapshot {
  return {
    ...emptySnapshot(),
    organization: {
      tenantId: facts.tenantId,
      caller: { actor: avery, isCollectionAdmin: facts.admin },
      connection: { status: "notConnected" },
      consent: { status: "unknown" },
    },
  };
}

function store(s: ScopeSnapshot): Pick<ScopeRepository, "load" | "save"> & { save: jest.Mock } {
  return {
    load: async () => s,
    save: jest.fn(async (base: ScopeSnapshot, changes) => ({
      opId: "op-1",
      applied: [...changes],
      settingsApplied: false,
      conflicts: [],
      snapshot: base,
      writes: 1,
    })),
  };
}

describe("OrganizationBackup over the backup service", () => {
  it("lets a PCA of an Entra organization change the project", async () => {
    const service = store(snapshot({ admin: true, tenantId: "tenant-1" }));
    const backup = new OrganizationBackup(ORG, transport(), service);
    const state = await backup.state(FIBER.name);
    expect(state).toMatchObject({ project: FIBER, status: "none", isProtected: false });
    expect(state.blocked).toBeUndefined();
    const outcome = await backup.setProtected(FIBER.name, true, avery, "op-1");
    expect(outcome.kind).toBe("saved");
    expect(service.save.mock.calls[0]?.[1]).toEqual([
      expect.objectContaining({
        projectId: FIBER.id,
        after: expect.objectContaining({ choice: "included" }),
      }),
    ]);
  });

  it("tells someone the service does not find to be a PCA why they cannot change it", async () => {
    const backup = new OrganizationBackup(
      ORG,
      transport(),
      store(snapshot({ admin: false, tenantId: "tenant-1" })),
    );
    expect((await backup.state(FIBER.name)).blocked).toMatch(
      /^Only a Project Collection Administrator can change the backup scope/,
    );
  });

  it("says an organization without a tenant cannot be backed up", async () => {
    const backup = new OrganizationBackup(ORG, transport(), store(snapshot({ admin: true })));
    expect((await backup.state(FIBER.name)).blocked).toMatch(
      /not connected to a Microsoft Entra tenant/,
    );
  });
});
