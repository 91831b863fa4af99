// The project action, its dialog and Project settings › Backup in Chromium against the emulated
// organization: invoked from the projects list, from a project's toolbar and as a settings page;
// add, remove, change data types; a user who is not a PCA; and another admin's change meanwhile.
import type { FrameLocator, Page } from "playwright-core";
import { encodeDataTypes } from "../../src/core/data-types";
import {
  PROJECTS,
  USERS,
  contributionFrame,
  factValue,
  saveScopeAs,
  stateAs,
  storedDocuments,
  storedHistory,
  storedScope,
  until,
  useOrganizationPages,
  type Organization,
} from "./support";

jest.setTimeout(90_000);

const { web: WEB, fiber: FIBER } = PROJECTS;

let org: Organization;
const { hubAs, pageAs, projectPanelAs } = useOrganizationPages((started) => (org = started));

const writes = () =>
  org.emulator.requestLog.filter((r) => r.method !== "GET" && r.method !== "OPTIONS");

interface StoredEntry {
  choice: string;
  /** As a bit mask (repos 1, boards 2, pipelines 4, wiki 8, test plans 16, artifacts 32). */
  dataTypes: number;
  changedBy: { displayName: string };
}

/** A project's entry as the backup service stores it (what the backup engine reads). */
async function storedEntry(projectId: string): Promise<StoredEntry | undefined> {
  const entry = (await storedScope(org)).entries.get(projectId);
  return entry
    ? {
        choice: entry.choice,
        dataTypes: encodeDataTypes(entry.dataTypes),
        changedBy: entry.changedBy,
      }
    : undefined;
}

/** Opens a menu button of the host page and returns the menu. */
async function openMenu(page: Page, name: string) {
  await page.getByRole("button", { name }).click();
  const menu = page.getByRole("menu", { name });
  await menu.waitFor();
  await until("the menu has loaded", async () => (await menu.getAttribute("aria-busy")) === null);
  return menu;
}

/** The dialog the action opens, and the contribution inside it. */
async function dialogFor(page: Page, title: string): Promise<FrameLocator> {
  await page.getByRole("dialog", { name: title }).waitFor();
  const frame = contributionFrame(page, "project-backup-dialog");
  await frame
    .getByText(/backup scope/i)
    .first()
    .waitFor();
  return frame;
}

/**
 * Fabrikam Web's "Add to backup scope" from the projects list, as a user: the page and the
 * action's dialog, loaded with the project not in the scope.
 */
async function addWebFromProjectsList(
  userId: string,
): Promise<{ page: Page; dialog: FrameLocator }> {
  const page = await pageAs("/_settings/projects", userId);
  const menu = await openMenu(page, `More actions for ${WEB.name}`);
  // The host asked the action for its item: its text says what it will do.
  await menu.getByRole("menuitem", { name: "Add to backup scope" }).click();
  const dialog = await dialogFor(page, `Backup scope: ${WEB.name}`);
  await dialog.getByText("Not in the backup scope.").waitFor();
  return { page, dialog };
}

const DATA_TYPES = (frame: FrameLocator) => frame.getByRole("group", { name: /^Data to back up/ });

describe("Project backup action", () => {
  it("adds a project from the projects list, with chosen data types, and says so", async () => {
    const { page, dialog } = await addWebFromProjectsList(USERS.avery);
    expect(await factValue(dialog, "Last change").textContent()).toBe("Never changed");
    await DATA_TYPES(dialog).getByRole("checkbox", { name: "Wiki" }).uncheck();
    await DATA_TYPES(dialog).getByRole("checkbox", { name: "Artifacts" }).uncheck();
    await dialog.getByRole("button", { name: "Add to backup scope" }).click();

    // The dialog closes and the host shows a toast.
    await page.getByText(`${WEB.name} was added to the backup scope.`).waitFor();
    await page.getByRole("dialog").waitFor({ state: "detached" });

    const entry = await storedEntry(WEB.id);
    expect(entry).toMatchObject({ choice: "included", changedBy: { displayName: "Avery Admin" } });
    expect(entry?.dataTypes).toBe(0b010111); // repos, boards, pipelines, test plans; no wiki or artifacts
    const history = await storedHistory(org);
    expect(history).toHaveLength(1);
    expect(history[0]?.by.displayName).toBe("Avery Admin");
    expect(history[0]?.changes[0]).toMatchObject({
      projectId: WEB.id,
      name: WEB.name,
      kind: "added",
    });
    // Saved by the service; nothing written to extension data.
    expect(writes()).toEqual([]);
    expect(storedDocuments(org, "backup-scope")).toEqual([]);

    // Asked again, the action offers the opposite.
    const again = await openMenu(page, `More actions for ${WEB.name}`);
    await again.getByRole("menuitem", { name: "Remove from backup scope" }).waitFor();
  });

  it("removes a project covered by the new-projects rule from the project's toolbar, as an explicit exclusion", async () => {
    // Blake turned on the rule for new projects, with every data type.
    const state = await stateAs(org, USERS.blake);
    const { includeNewProjects, defaultDataTypes } = state.scope.settings;
    const rule = await saveScopeAs(org, USERS.blake, {
      opId: "op-rule",
      changes: [],
      settings: {
        before: { includeNewProjects, defaultDataTypes },
        after: {
          includeNewProjects: true,
          defaultDataTypes: ["repos", "boards", "pipelines", "wiki", "testPlans", "artifacts"],
        },
      },
    });
    expect(rule.status).toBe(200);
    const page = await pageAs(`/${encodeURIComponent(WEB.name)}`, USERS.avery);
    const toolbar = page.getByRole("toolbar", { name: "Project actions" });
    await toolbar.waitFor();
    const menu = await openMenu(page, `More actions for ${WEB.name}`);
    await menu.getByRole("menuitem", { name: "Remove from backup scope" }).click();

    const dialog = await dialogFor(page, `Backup scope: ${WEB.name}`);
    await dialog.getByText(/through the rule "include new projects automatically"/).waitFor();
    expect(await factValue(dialog, "Data backed up").textContent()).toBe("All data");
    expect(await factValue(dialog, "Last change").textContent()).toContain("Blake Backup");
    await dialog.getByText(/records that choice, so the rule does not add it back/).waitFor();
    await dialog.getByRole("button", { name: "Remove from backup scope" }).click();

    await page.getByText(`${WEB.name} was removed from the backup scope.`).waitFor();
    expect(await storedEntry(WEB.id)).toMatchObject({ choice: "excluded", dataTypes: 0 });
    // Only what the panel needs: never the organization's list of projects.
    const reads = org.emulator.requestLog.filter((r) => r.method === "GET").map((r) => r.path);
    expect(reads.filter((p) => /\/_apis\/projects\/?$/i.test(p))).toEqual([]);
    expect((await storedHistory(org))[0]?.changes[0]?.kind).toBe("removed");
  });

  it("shows the state on Project settings › Backup, changes data types there and links to the hub", async () => {
    const { page, panel } = await projectPanelAs(FIBER, USERS.avery);
    await panel.getByText("Not in the backup scope.").waitFor();
    await panel.getByRole("button", { name: "Add to backup scope" }).click();
    await panel.getByText(`${FIBER.name} was added to the backup scope.`).first().waitFor();
    expect(await factValue(panel, "Data backed up").textContent()).toBe("All data");

    // Now change its data types; Save is enabled only once they differ.
    const save = panel.getByRole("button", { name: "Save data types" });
    expect(await save.isDisabled()).toBe(true);
    await DATA_TYPES(panel).getByRole("checkbox", { name: "Pipelines" }).uncheck();
    await save.click();
    await panel
      .getByText(/is backed up with: Repos, Boards \(work items\), Wiki/)
      .first()
      .waitFor();
    expect((await storedEntry(FIBER.id))?.dataTypes).toBe(0b111011);
    expect((await storedHistory(org)).map((r) => r.changes[0]?.kind).sort()).toEqual([
      "added",
      "changed",
    ]);

    // No data types at all is not a save; the page says what to do instead.
    for (const name of ["Repos", "Boards (work items)", "Wiki", "Test Plans", "Artifacts"])
      await DATA_TYPES(panel).getByRole("checkbox", { name }).uncheck();
    await panel.getByText(/Choose at least one kind of data, or remove the project/).waitFor();
    expect(await save.isDisabled()).toBe(true);

    // The link leads to the organization's Backup hub.
    await panel.getByRole("link", { name: "Open the organization's Backup settings" }).click();
    await page.waitForURL(/\/_settings\/ado-backup\.backup-enablement\.backup-hub$/);
    await contributionFrame(page, "backup-hub")
      .getByRole("heading", { name: "Backup" })
      .first()
      .waitFor();
  });

  it("shows a user who is not a PCA the state and why they cannot change it, and writes nothing", async () => {
    const { page, dialog } = await addWebFromProjectsList(USERS.devon);
    await dialog
      .getByText(
        `Only a Project Collection Administrator can change whether ${WEB.name} is backed up.`,
      )
      .waitFor();
    expect(await dialog.getByRole("checkbox").count()).toBe(0);
    expect(await dialog.getByRole("button", { name: /backup scope|Save/ }).count()).toBe(0);
    // Keyboard: the Close button closes the dialog through the host.
    await dialog.getByRole("button", { name: "Close" }).focus();
    // Space, not Enter: a button acts on Enter's keydown, the host then removes the dialog's
    // frame, and the keyup playwright still owes that frame never completes (the test hangs).
    await page.keyboard.press("Space");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect(writes()).toEqual([]);
  });

  it("does not lose another admin's change made in the hub meanwhile: it says who, and lets me choose", async () => {
    // Avery opens the dialog while the project is out of scope…
    const { page, dialog } = await addWebFromProjectsList(USERS.avery);

    // …Blake adds it in the hub, with Repos only…
    const { hub } = await hubAs(USERS.blake);
    await hub.getByRole("searchbox", { name: /Search/ }).fill(WEB.name);
    await hub.getByRole("checkbox", { name: WEB.name, exact: true }).check();
    const details = hub.getByRole("group", { name: "Data to back up", exact: true });
    for (const name of ["Boards (work items)", "Pipelines", "Wiki", "Test Plans", "Artifacts"])
      await details.getByRole("checkbox", { name }).uncheck();
    await hub.getByRole("button", { name: /^Save/ }).click();
    await hub.getByRole("button", { name: "Confirm and save" }).click();
    await hub.getByText(/Saved 1 change/).waitFor();
    expect(await storedEntry(WEB.id)).toMatchObject({ dataTypes: 0b000001 });

    // …then Avery adds it with every data type: the dialog reports Blake's change, unsaved over.
    await dialog.getByRole("button", { name: "Add to backup scope" }).click();
    await dialog
      .getByText(
        /^Blake Backup changed Fabrikam Web at .* while you were editing: it is in the backup scope \(Repos\)\.$/,
      )
      .waitFor();
    expect(await storedEntry(WEB.id)).toMatchObject({
      dataTypes: 0b000001,
      changedBy: { displayName: "Blake Backup" },
    });

    // Avery chooses to apply their own change on top of Blake's.
    await dialog.getByRole("button", { name: "Apply my change instead" }).click();
    await page.getByText(/Fabrikam Web is backed up with: All data\./).waitFor();
    expect(await storedEntry(WEB.id)).toMatchObject({
      dataTypes: 63,
      changedBy: { displayName: "Avery Admin" },
    });
    const byWho = (await storedHistory(org)).map((r) => r.by.displayName).sort();
    expect(byWho).toEqual(["Avery Admin", "Blake Backup"]);
  });
});
