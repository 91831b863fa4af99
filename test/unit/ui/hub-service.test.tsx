/** @jest-environment jsdom */
// The hub over the backup service's answers: consent and connection as the service states them,
// one consent check for a PCA when the service never checked, the service's refusal in words.
import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import type { ProjectsPage } from "../../../src/ado/organization";
import type { ConnectionWire, ConsentWire, HistoryRecordWire } from "../../../src/core/service-api";
import { emptySnapshot, type ScopeSnapshot } from "../../../src/core/scope-store";
import { ServiceError } from "../../../src/service/service-error";
import { BackupHub } from "../../../src/ui/hub/backup-hub";
import type { ConnectionServices } from "../../../src/ui/hub/use-connection";
import type { ConsentServices } from "../../../src/ui/hub/use-consent";
import type { ScopeServices } from "../../../src/ui/scope-session";
import { avery } from "../actors";

const projects = [{ id: "p1", name: "Fabrikam Fiber" }];

function serviceSnapshot(
  isCollectionAdmin: boolean,
  consent: ConsentWire,
  connection: ConnectionWire,
): ScopeSnapshot {
  return {
    ...emptySnapshot(),
    organization: {
      tenantId: "tenant-1",
      caller: { actor: avery, isCollectionAdmin },
      consent,
      connection,
    },
  };
}

function hub(options: {
  admin: boolean;
  consent?: ConsentWire;
  connection?: ConnectionWire;
  save?: ScopeServices["store"]["save"];
  history?: HistoryRecordWire[];
}) {
  const snapshot = serviceSnapshot(
    options.admin,
    options.consent ?? { status: "unknown" },
    options.connection ?? { status: "notConnected" },
  );
  const checkConsent = jest.fn(async (): Promise<ConsentWire> => ({
    status: "notGranted",
    tenantId: "tenant-1",
    clientId: "c",
    checkedAt: "2026-01-01T00:00:00.000Z",
    reason: "Nobody consented.",
  }));
  const startConnection = jest.fn(async () => ({
    url: "https://login.example/authorize?x",
    state: "s",
  }));
  const opened: string[] = [];
  const services: ScopeServices = {
    user: avery,
    organization: {
      isCollectionAdmin: async () => options.admin,
      tenant: async () => ({ kind: "entra", tenantId: "tenant-1" }),
      listProjects: async (onPage?: (p: ProjectsPage) => void) => {
        onPage?.({ projects, loaded: 1, done: true });
        return projects;
      },
    },
    store: {
      load: async () => snapshot,
      loadHistory: async () => ({ records: options.history ?? [], unreadable: 0 }),
      save: options.save ?? (async () => Promise.reject(new Error("not expected"))),
    },
  };
  const consent: ConsentServices = {
    flows: {
      checkConsent,
      startConsent: async () => ({ url: "https://login.example/adminconsent", state: "s1" }),
      saveAppProfile: async () => Promise.reject(new Error("not expected")),
    },
    openWindow: async (url) => void opened.push(url),
    copyText: async () => undefined,
    onHint: () => () => undefined,
    onReturn: () => () => undefined,
    user: avery,
  };
  const connection: ConnectionServices = {
    startConnection,
    currentConnection: async () => snapshot.organization!.connection,
    openWindow: async (url) => void opened.push(url),
    onReturn: () => () => undefined,
  };
  render(
    <BackupHub
      organizationName="fabrikam"
      services={services}
      consent={consent}
      connection={connection}
    />,
  );
  return { checkConsent, startConnection, opened };
}

const fact = (term: string): string =>
  screen.getByText(term, { selector: "dt" }).nextElementSibling?.textContent ?? "";

describe("BackupHub over the backup service", () => {
  it("has a PCA's hub ask the service once when it never checked consent, and shows its answer", async () => {
    const { checkConsent } = hub({ admin: true });
    await waitFor(() => expect(fact("Backup app consent")).toContain("Not consented yet"));
    expect(checkConsent).toHaveBeenCalledTimes(1);
  });

  it("shows someone who is not a PCA what the service said, and asks it nothing", async () => {
    const { checkConsent } = hub({ admin: false });
    await screen.findByText(/Only a Project Collection Administrator can/);
    await waitFor(() => expect(fact("Backup app consent")).toContain("Not checked yet"));
    expect(checkConsent).not.toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: /Connect/ })).toBeNull();
  });

  it("says plainly that the connection must be renewed, and why, and opens the service's sign-in", async () => {
    const { startConnection, opened } = hub({
      admin: true,
      consent: {
        status: "granted",
        tenantId: "tenant-1",
        clientId: "c",
        checkedAt: "2026-01-01T00:00:00.000Z",
      },
      connection: {
        status: "renewalNeeded",
        by: { id: "u-blake", displayName: "Blake Backup" },
        at: "2026-01-01T00:00:00.000Z",
        account: "blake@fabrikam.example",
        reason: "the sign-in was revoked",
      },
    });
    await waitFor(() =>
      expect(fact("Backup service connection")).toMatch(
        /^Must be renewed: the sign-in was revoked.*must connect again.*Blake Backup/,
      ),
    );
    // The connection card is a section loaded once the overview is complete.
    const status = await screen.findByRole("status", { name: "Connection" });
    expect(status.textContent).toMatch(/must be renewed: the sign-in was revoked.*Blake Backup/);
    fireEvent.click(screen.getByRole("button", { name: "Renew connection" }));
    await waitFor(() => expect(opened).toEqual(["https://login.example/authorize?x"]));
    expect(startConnection).toHaveBeenCalledTimes(1);
    await screen.findByText(/Finish signing in in the new window/);
  });

  it("tells a PCA whom the service does not believe to be one why the save was refused", async () => {
    hub({
      admin: true,
      save: async () => {
        throw new ServiceError(
          "notCollectionAdmin",
          403,
          "Only a PCA may change the backup scope.",
        );
      },
    });
    fireEvent.click(await screen.findByRole("checkbox", { name: "Fabrikam Fiber" }));
    fireEvent.click(screen.getByRole("button", { name: /^Save/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Confirm and save" }));
    await screen.findByText("Only a Project Collection Administrator can change this.");
    await screen.findByText(/Your unsaved changes are still here/);
  });

  it("says which history record is the one-time import of the old extension data", async () => {
    hub({
      admin: false,
      history: [
        {
          opId: "import-1",
          by: avery,
          at: "2026-01-01T00:00:00.000Z",
          changes: [
            {
              projectId: "p1",
              name: "Fabrikam Fiber",
              kind: "added",
              after: { choice: "included", dataTypes: ["repos"] },
            },
          ],
          imported: { from: "extensionData", documents: 3, problems: ["shard-3 is not valid"] },
        },
      ],
    });
    await screen.findByText(
      "Imported once from the extension's former data (3 documents read; 1 document could not be read and was skipped)",
    );
    await screen.findByText("Added Fabrikam Fiber");
  });
});
