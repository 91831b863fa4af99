// The Organization settings "Backup" hub in Chromium against the emulated organization and the
// backup service: who may act (the service decides), the overview, editing and saving the scope,
// markup in names, keyboard use, renames and deletions, and extension data no longer believed.
import type { Page } from "playwright-core";
import { SCHEMA_VERSION, shardIdOf, storedEntry } from "../../src/core/scope-schema";
import {
  PROJECTS,
  USERS,
  factValue,
  historyEntry,
  putDocument,
  saveScopeAs,
  storedDocuments,
  storedHistory,
  storedScope,
  until,
  untilFact,
  useOrganizationPages,
  type Organization,
} from "./support";
import { projectSave } from "./support/scope-save";

jest.setTimeout(90_000);

const MARKUP_NAME = "<b>Markup</b> & <script>alert(1)</script>";
const QUOTES_NAME = `Quote "double" and 'single'`;
const ARABIC_NAME = "مشروع النسخ الاحتياطي";
const ROCKET_NAME = "🚀 Rocket Launch 🛰️";

let org: Organization;
const { pages, hubAs } = useOrganizationPages((started) => (org = started));

const writes = () =>
  org.emulator.requestLog.filter((r) => r.method !== "GET" && r.method !== "OPTIONS");
const FIBER = PROJECTS.fiber;

/**
 * Fabrikam Fiber included (repositories) by `changedBy`, in the extension's former data: its
 * scope shard, written through the REST API as `writtenBy` (Avery unless named).
 */
async function putFormerFiberEntry(
  changedBy: { id: string; displayName: string },
  changedAt: string,
  opId: string,
  writtenBy: string = USERS.avery,
): Promise<void> {
  const entry = storedEntry({
    projectId: FIBER.id,
    name: FIBER.name,
    choice: "included",
    dataTypes: ["repos"],
    changedBy,
    changedAt,
    opId,
  });
  const shard = { id: shardIdOf(FIBER.id), schemaVersion: SCHEMA_VERSION };
  await putDocument(org, "backup-scope", { ...shard, projects: { [FIBER.id]: entry } }, writtenBy);
}

interface Timed {
  url: string;
  startedAt: number;
  endedAt?: number;
}

/** The requests a page sends (its frames included), with when each started and ended. */
function recordRequests(page: Page): Timed[] {
  const seen: Timed[] = [];
  const byRequest = new Map<unknown, Timed>();
  page.on("request", (r) => {
    const t: Timed = { url: r.url(), startedAt: Date.now() };
    byRequest.set(r, t);
    seen.push(t);
  });
  const end = (r: unknown) => {
    const t = byRequest.get(r);
    if (t) t.endedAt = Date.now();
  };
  page.on("requestfinished", end);
  page.on("requestfailed", end);
  return seen;
}

describe("Backup hub", () => {
  it("shows a Project Collection Administrator the overview and every project", async () => {
    // With latency, requests that overlap are visibly one round.
    org.emulator.setFaults({ latencyMs: 200 });
    const page = await org.browser.newPage();
    pages.push(page);
    const requests = recordRequests(page);
    org.emulator.setCurrentUser(USERS.avery);
    await page.goto(`${org.emulator.orgUrl}/_settings/backup-hub`);
    const hub = page.frameLocator('iframe[data-contribution-id$=".backup-hub"]');
    await hub.getByRole("heading", { name: "Backup", exact: true }).waitFor();
    await hub.getByText("Signed in as Avery Admin").waitFor();
    await hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true }).waitFor();
    await untilFact(hub, "Projects backed up", "0 of 17");
    expect(await factValue(hub, "Microsoft Entra tenant").textContent()).toContain(
      org.emulator.organization.tenantId,
    );
    expect(await factValue(hub, "New projects").textContent()).toContain("Added by hand");
    expect(await factValue(hub, "Last change").textContent()).toContain("Never changed");
    expect(await factValue(hub, "Backup service connection").textContent()).toContain(
      "Not connected",
    );
    await untilFact(hub, "Backup app consent", "Not consented yet");
    await expectVisible(hub.getByRole("searchbox", { name: /Search/ }));
    expect(await hub.getByRole("button", { name: /^Save/ }).isDisabled()).toBe(true);
    expect(writes()).toEqual([]);
    // The service's state and history and Azure DevOps' first projects page go out in one round.
    const service = org.service.url;
    const first = [
      requests.find((r) => r.url.startsWith(`${service}/`) && r.url.endsWith("/state")),
      requests.find((r) => r.url.startsWith(`${service}/`) && r.url.includes("/history")),
      requests.find((r) => r.url.includes("/_apis/projects")),
    ];
    expect(first.every((r) => r?.endedAt !== undefined)).toBe(true);
    const firstAnswer = Math.min(...first.map((r) => r?.endedAt ?? 0));
    expect(first.every((r) => (r?.startedAt ?? Infinity) < firstAnswer)).toBe(true);
  });

  it("follows the host's theme, light and dark", async () => {
    const { page, hub } = await hubAs(USERS.avery);
    await hub.getByRole("heading", { name: "Backup", exact: true }).waitFor();
    const background = () =>
      hub.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor);
    // Native controls (checkboxes, scroll bars) follow the theme through color-scheme.
    const scheme = () => hub.locator("html").evaluate((h) => getComputedStyle(h).colorScheme);
    expect(await background()).toBe("rgb(255, 255, 255)");
    expect(await scheme()).toBe("light");
    await page.getByText(/Dark theme/).click();
    await until("the hub turns dark", async () => (await background()) === "rgb(32, 31, 30)");
    await until("its controls turn dark", async () => (await scheme()) === "dark");
  });

  it("tells a user who is not a PCA why they cannot change anything, and writes nothing", async () => {
    const { hub } = await hubAs(USERS.devon);
    const why = hub.getByText(/Only a Project Collection Administrator can/).first();
    await why.waitFor();
    const link = hub.getByRole("link", { name: /collection-level permissions/ });
    expect(await link.getAttribute("href")).toBe(
      "https://learn.microsoft.com/en-us/azure/devops/organizations/security/change-organization-collection-level-permissions",
    );
    expect(await hub.getByRole("button", { name: /^Save/ }).count()).toBe(0);
    expect(await hub.getByRole("checkbox").count()).toBe(0);
    expect(writes()).toEqual([]);
  });

  it("saves a selection after showing what will change, and records who did it", async () => {
    const { page, hub } = await hubAs(USERS.avery);
    await hub.getByRole("searchbox", { name: /Search/ }).fill("fabrikam");
    const fiber = hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true });
    await fiber.check();
    // The filter hides other projects.
    expect(await hub.getByRole("checkbox", { name: "Mobile App", exact: true }).count()).toBe(0);
    // Its data types: no Wiki.
    const details = hub.getByRole("group", { name: "Data to back up", exact: true });
    await details.getByRole("checkbox", { name: "Wiki" }).uncheck();
    await hub.getByRole("button", { name: /^Save/ }).click();

    const dialog = hub.getByRole("dialog", { name: /Save changes/ });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Added to the backup (1)");
    expect(await dialog.textContent()).toContain("Fabrikam Fiber");
    expect(writes()).toEqual([]); // nothing written before confirming
    await dialog.getByRole("button", { name: "Confirm and save" }).click();

    await hub.getByText(/Saved 1 change/).waitFor();
    await untilFact(hub, "Projects backed up", "1 of 17");
    await historyEntry(hub, "Added Fabrikam Fiber").waitFor();
    expect(await factValue(hub, "Last change").textContent()).toContain("Avery Admin");

    // Stored by the service, which recorded who did it; extension data is no longer written.
    const stored = (await storedScope(org)).entries.get(FIBER.id);
    expect(stored).toMatchObject({ choice: "included", changedBy: { displayName: "Avery Admin" } });
    expect(stored?.dataTypes).not.toContain("wiki");
    const history = await storedHistory(org);
    expect(history).toHaveLength(1);
    expect(history[0]?.by).toMatchObject({ displayName: "Avery Admin" });
    expect(writes()).toEqual([]);
    expect(storedDocuments(org, "backup-scope")).toEqual([]);
    expect(storedDocuments(org, "backup-audit")).toEqual([]);

    // After a reload the choice is still there.
    await page.reload();
    const again = hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true });
    await again.waitFor();
    await until("the saved project is ticked", () => again.isChecked());
    await hub.getByRole("searchbox", { name: /Search/ }).fill("fabrikam fiber");
    await hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true }).focus();
    expect(await details.getByRole("checkbox", { name: "Wiki" }).isChecked()).toBe(false);
    expect(await details.getByRole("checkbox", { name: "Repos" }).isChecked()).toBe(true);
  });

  it("shows a user who is not a PCA the state, and the service refuses their save", async () => {
    const saved = await saveScopeAs(
      org,
      USERS.avery,
      projectSave("op-avery-1", FIBER, { choice: "included", dataTypes: ["repos", "boards"] }),
    );
    expect(saved.status).toBe(200);
    const { hub } = await hubAs(USERS.devon);
    await untilFact(hub, "Projects backed up", "1 of 17");
    expect(await factValue(hub, "Last change").textContent()).toContain("Avery Admin");
    await historyEntry(hub, "Added Fabrikam Fiber").waitFor();
    await hub
      .getByText("Only a Project Collection Administrator can change what is backed up.")
      .waitFor();
    expect(await hub.getByRole("button", { name: /^Save/ }).count()).toBe(0);
    // A client that ignores the hub's guidance is refused by the service itself.
    const forged = await saveScopeAs<{ code: string }>(
      org,
      USERS.devon,
      projectSave("op-devon-1", FIBER, { choice: "excluded", dataTypes: [] }, "op-avery-1"),
    );
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe("notCollectionAdmin");
    expect((await storedScope(org)).entries.get(FIBER.id)?.choice).toBe("included");
  });

  it("imports the old extension data once, on a PCA's first visit, and says so in the history", async () => {
    await putFormerFiberEntry(
      { id: USERS.blake, displayName: "Blake Backup" },
      "2026-01-02T10:00:00.000Z",
      "op-old",
    );
    const { page, hub } = await hubAs(USERS.avery);
    await untilFact(hub, "Projects backed up", "1 of 17");
    // The history is read in parallel with the state that triggers the import: it shows the
    // import record from the next read on.
    await page.reload();
    await historyEntry(hub, /Imported once from the extension's former data/).waitFor();
    expect((await storedScope(org)).entries.get(FIBER.id)?.choice).toBe("included");
  });

  it("shows nothing that a member writes straight into the old extension data documents", async () => {
    // The first PCA read imports the old documents once (there are none yet).
    const first = await hubAs(USERS.avery);
    await untilFact(first.hub, "Projects backed up", "0 of 17");
    // Then any member forges a scope shard through the REST API.
    const devon = { id: USERS.devon, displayName: "Devon Developer" };
    await putFormerFiberEntry(devon, new Date().toISOString(), "op-forged", devon.id);
    expect(storedDocuments(org, "backup-scope")).toHaveLength(1);

    await first.page.reload();
    const fiber = first.hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true });
    await fiber.waitFor();
    await untilFact(first.hub, "Last change", "Never changed");
    expect(await factValue(first.hub, "Projects backed up").textContent()).toContain("0 of 17");
    expect(await fiber.isChecked()).toBe(false);
    expect((await storedScope(org)).entries.size).toBe(0);
  });

  it("shows names full of markup and unusual characters as text, never as HTML", async () => {
    const { page, hub } = await hubAs(USERS.avery);
    let alerted = false;
    page.on("dialog", (d) => {
      alerted = true;
      void d.dismiss();
    });
    for (const name of [MARKUP_NAME, QUOTES_NAME, ARABIC_NAME, ROCKET_NAME]) {
      await hub.getByRole("searchbox", { name: /Search/ }).fill(name.slice(0, 6));
      await hub.getByRole("checkbox", { name, exact: true }).check();
    }
    await hub.getByRole("searchbox", { name: /Search/ }).fill("");
    expect(await hub.locator(".project-list b, .project-list script").count()).toBe(0);
    await hub.getByRole("button", { name: /^Save/ }).click();
    const dialog = hub.getByRole("dialog");
    await dialog.getByText(MARKUP_NAME).waitFor();
    expect(await dialog.locator("b, script").count()).toBe(0);
    await dialog.getByRole("button", { name: "Confirm and save" }).click();
    await hub.getByText(/Saved 4 changes/).waitFor();
    const history = hub.getByRole("list", { name: "Change history" });
    await history.getByText(`Added ${MARKUP_NAME}`).waitFor();
    expect(await history.locator("b, script").count()).toBe(0);
    expect(alerted).toBe(false);
  });

  it("is usable with the keyboard: one tab stop, arrows move, Space ticks", async () => {
    const { hub } = await hubAs(USERS.avery);
    const search = hub.getByRole("searchbox", { name: /Search/ });
    await hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true }).waitFor();
    const projects = hub.getByRole("list", { name: "Projects" });
    const firstName = await projects.getByRole("checkbox").first().getAttribute("aria-label");
    await search.focus();
    // Tab past the three selection buttons (disabled "Select all shown" is skipped) into the list.
    const focusedName = () =>
      hub.locator(":focus").evaluate((el) => el.getAttribute("aria-label") ?? el.textContent);
    for (let i = 0; i < 6 && (await focusedName()) !== firstName; i++)
      await search.page().keyboard.press("Tab");
    expect(await focusedName()).toBe(firstName);
    const kb = search.page().keyboard;
    await kb.press("ArrowDown");
    const second = await focusedName();
    expect(second).not.toBe(firstName);
    await kb.press("Space");
    expect(await hub.getByRole("checkbox", { name: second ?? "", exact: true }).isChecked()).toBe(
      true,
    );
    await kb.press("End");
    await until("the last project is focused", async () => (await focusedName()) !== second);
    await kb.press("Home");
    expect(await focusedName()).toBe(firstName);
    // Tab leaves the list in one step.
    await kb.press("Tab");
    expect(await focusedName()).not.toBe(second);
    const inList = await hub
      .locator(":focus")
      .evaluate((el) => Boolean(el.closest(".project-list")));
    expect(inList).toBe(false);
  });

  it("shows projects renamed or deleted since they were registered for what they are", async () => {
    const { page, hub } = await hubAs(USERS.avery);
    await hub.getByRole("button", { name: "Select all", exact: true }).click();
    await hub.getByRole("button", { name: /^Save/ }).click();
    await hub.getByRole("button", { name: "Confirm and save" }).click();
    await hub.getByText(/Saved 17 changes/).waitFor();
    const state = org.emulator.state;
    const mobile = state.findProject("Mobile App");
    const data = state.findProject("Data Platform");
    if (!mobile || !data) throw new Error("fixture changed");
    state.renameProject(mobile.id, "Mobile App Renamed");
    state.deleteProject(data.id);
    await page.reload();
    await hub.getByRole("searchbox", { name: /Search/ }).fill("mobile app");
    const renamed = hub.getByRole("checkbox", { name: "Mobile App Renamed", exact: true });
    await renamed.focus();
    await hub.getByText(/Renamed since it was registered as “Mobile App”/).waitFor();
    await hub.getByRole("searchbox", { name: /Search/ }).fill("data platform");
    const deleted = hub.getByRole("checkbox", { name: "Data Platform", exact: true });
    await deleted.focus();
    await hub.getByText(/no longer exists in the organization/).waitFor();
    expect(await deleted.isChecked()).toBe(true);
    await untilFact(hub, "Projects backed up", "16 of 16");
  });
});

async function expectVisible(locator: { isVisible(): Promise<boolean>; waitFor(): Promise<void> }) {
  await locator.waitFor();
  expect(await locator.isVisible()).toBe(true);
}
