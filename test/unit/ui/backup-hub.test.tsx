/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { ProjectsPage, TenantInfo } from "../../../src/ado/organization";
import type { ProjectRef } from "../../../src/core/scope";
import { COLLECTION_PERMISSIONS_URL } from "../../../src/ui/components/access-gate";
import { BackupHub } from "../../../src/ui/hub/backup-hub";
import type { ScopeServices } from "../../../src/ui/scope-session";
import { MemoryScopeRepository } from "../fakes/memory-scope-repository";

const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

interface Fake {
  services: ScopeServices;
  repository: MemoryScopeRepository;
  calls: string[];
}

function fakeServices(
  options: { admin?: boolean; tenant?: TenantInfo; projects?: ProjectRef[] } = {},
): Fake {
  const calls: string[] = [];
  const store = new MemoryScopeRepository();
  const projects = options.projects ?? [
    { id: guid(1), name: "Fabrikam Fiber" },
    { id: guid(2), name: "<b>Markup</b> & <i>more</i>" },
    { id: guid(3), name: "Mobile App" },
  ];
  let n = 0;
  return {
    repository: store,
    calls,
    services: {
      user: { id: "u-avery", displayName: "Avery Admin" },
      newOpId: () => `op-${++n}`,
      organization: {
        tenant: async () => {
          calls.push("tenant");
          return options.tenant ?? { kind: "entra", tenantId: "tenant-1" };
        },
        isCollectionAdmin: async () => {
          calls.push("admin");
          return options.admin ?? true;
        },
        listProjects: async (onPage?: (p: ProjectsPage) => void) => {
          calls.push("projects");
          onPage?.({ projects, loaded: projects.length, done: true });
          return projects;
        },
      },
      store: {
        load: () => (calls.push("scope"), store.load()),
        loadHistory: () => (calls.push("audit"), store.loadHistory()),
        save: (...args) => store.save(...args),
      },
    },
  };
}

describe("BackupHub", () => {
  it("asks for everything it needs in one round", () => {
    const fake = fakeServices();
    render(<BackupHub organizationName="fabrikam" services={fake.services} />);
    expect([...fake.calls].sort()).toEqual(["admin", "audit", "projects", "scope", "tenant"]);
  });

  it("tells a user who is not a PCA why, links to how to get the role, and offers no editing", async () => {
    const fake = fakeServices({ admin: false });
    render(<BackupHub organizationName="fabrikam" services={fake.services} />);
    await screen.findByText(/Only a Project Collection Administrator can/);
    expect(
      screen.getByRole("link", { name: /collection-level permissions/ }).getAttribute("href"),
    ).toBe(COLLECTION_PERMISSIONS_URL);
    expect(screen.queryByRole("button", { name: /^Save/ })).toBeNull();
    expect(screen.queryAllByRole("checkbox")).toHaveLength(0);
    expect(fake.repository.writes).toBe(0);
  });

  it("tells an organization without a tenant so", async () => {
    const fake = fakeServices({ tenant: { kind: "none" } });
    render(<BackupHub organizationName="contoso" services={fake.services} />);
    await screen.findByText(/not connected to a Microsoft Entra tenant/);
    expect(screen.queryByRole("button", { name: /^Save/ })).toBeNull();
  });

  it("shows markup in names as text, confirms, then saves and shows the history", async () => {
    const fake = fakeServices();
    const { container } = render(
      <BackupHub organizationName="fabrikam" services={fake.services} />,
    );
    const markup = await screen.findByRole("checkbox", { name: "<b>Markup</b> & <i>more</i>" });
    expect(container.querySelector(".project-list b, .project-list i")).toBeNull();
    fireEvent.click(markup);
    fireEvent.click(screen.getByRole("button", { name: /^Save/ }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(/Added to the backup/).textContent).toContain("(1)");
    expect(fake.repository.writes).toBe(0);
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm and save" }));
    await screen.findByText(/Saved 1 change/);
    await screen.findByText("Added <b>Markup</b> & <i>more</i>");
    expect(fake.repository.writes).toBe(1);
    expect(fake.repository.records).toHaveLength(1); // one history record for the save
  });

  it("says when the scope could not be read, and reads it again on Try again", async () => {
    const fake = fakeServices();
    const realLoad = fake.services.store.load;
    let failures = 1;
    fake.services.store.load = () =>
      failures-- > 0 ? Promise.reject(new Error("The server answered 503")) : realLoad();
    render(<BackupHub organizationName="fabrikam" services={fake.services} />);
    const retry = await screen.findByRole("button", { name: "Try again" });
    fireEvent.click(retry);
    await screen.findByRole("checkbox", { name: "Fabrikam Fiber" });
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("filters by name as you type", async () => {
    const fake = fakeServices();
    render(<BackupHub organizationName="fabrikam" services={fake.services} />);
    await screen.findByRole("checkbox", { name: "Mobile App" });
    fireEvent.input(screen.getByRole("searchbox", { name: /Search/ }), {
      target: { value: "mob" },
    });
    await waitFor(() =>
      expect(screen.queryByRole("checkbox", { name: "Fabrikam Fiber" })).toBeNull(),
    );
    expect(screen.getByRole("checkbox", { name: "Mobile App" })).toBeTruthy();
  });
});
