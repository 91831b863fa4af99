/** @jest-environment jsdom */
import "./project-scope-jsdom-globals";
import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { changeFor } from "../../src/core/project-scope";
import type { ProjectRef } from "../../src/core/scope";
import { ProjectScopePanel } from "../../src/ui/project-scope/project-scope-panel";
import type { ProjectScopeServices, Saved } from "../../src/ui/project-scope/use-project-scope";
import { MemoryScopeRepository } from "./fakes/memory-scope-repository";
import { blake } from "./actors";

const web: ProjectRef = { id: "6831ef5d-84ec-417a-bb87-0265b9407584", name: "Fabrikam Web" };

function fake(admin: boolean) {
  const store = new MemoryScopeRepository();
  let n = 0;
  const loads: string[] = [];
  const services: ProjectScopeServices = {
    user: { id: "u-avery", displayName: "Avery Admin" },
    organizationName: "fabrikam",
    newOpId: () => `op-${++n}`,
    project: async () => web,
    isCollectionAdmin: async () => admin,
    tenant: async () => ({ kind: "entra", tenantId: "85bdc543-be4e-4cdc-9e52-7592e5333ced" }),
    store: {
      load: () => {
        loads.push("scope");
        return store.load();
      },
      save: (...args) => store.save(...args),
    },
  };
  return { store, services, loads };
}

describe("ProjectScopePanel", () => {
  it("lets a PCA add the project with chosen data types, loading the scope once", async () => {
    const { services, store, loads } = fake(true);
    const saved: Saved[] = [];
    render(
      <ProjectScopePanel variant="dialog" services={services} onSaved={(s) => saved.push(s)} />,
    );
    await screen.findByText("Not in the backup scope.");
    fireEvent.click(screen.getByRole("checkbox", { name: "Wiki" }));
    fireEvent.click(screen.getByRole("button", { name: "Add to backup scope" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.message).toBe("Fabrikam Web was added to the backup scope.");
    expect((await store.load()).scope.entries.get(web.id)?.dataTypes).not.toContain("wiki");
    // The panel now offers to remove it or change its data types.
    await screen.findByRole("button", { name: "Remove from backup scope" });
    expect(loads).toEqual(["scope"]);
  });

  it("shows a user who is not a PCA the state and why, with no controls", async () => {
    const { services } = fake(false);
    render(<ProjectScopePanel variant="page" services={services} />);
    await screen.findByText(
      "Only a Project Collection Administrator can change whether Fabrikam Web is backed up.",
    );
    expect(screen.getByText("Not in the backup scope.")).toBeTruthy();
    expect(screen.queryAllByRole("checkbox")).toHaveLength(0);
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("in an organization with no Entra tenant, says so and offers no controls (as the hub does)", async () => {
    const { services, store } = fake(true);
    services.tenant = async () => ({ kind: "none" });
    render(<ProjectScopePanel variant="dialog" services={services} />);
    await screen.findByText("fabrikam is not connected to a Microsoft Entra tenant.");
    expect(screen.getByText("Not in the backup scope.")).toBeTruthy();
    expect(screen.queryAllByRole("checkbox")).toHaveLength(0);
    expect(store.writes).toBe(0);
  });

  it("reports who changed the project meanwhile and keeps their change when asked", async () => {
    const { services, store } = fake(true);
    render(<ProjectScopePanel variant="dialog" services={services} />);
    await screen.findByText("Not in the backup scope.");

    const base = await store.load();
    const theirs = changeFor(base.scope, web, { kind: "add", dataTypes: ["repos"] });
    await store.save(base, theirs ? [theirs] : [], undefined, { actor: blake, opId: "op-b" });

    fireEvent.click(screen.getByRole("button", { name: "Add to backup scope" }));
    await screen.findByText(
      /^Blake Backup changed Fabrikam Web at .* it is in the backup scope \(Repos\)\.$/,
    );
    fireEvent.click(screen.getByRole("button", { name: "Keep their change" }));
    await screen.findByText("In the backup scope: an administrator added this project.");
    expect((await store.load()).scope.entries.get(web.id)?.changedBy).toEqual(blake);
  });
});
