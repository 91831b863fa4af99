// The Backup hub when things go wrong: two admins saving at once, throttling and server errors
// from Azure DevOps while loading and from the backup service while saving, and old extension
// data that does not validate (the service does not believe it, so it blocks nothing).
import type { FrameLocator, Page } from "playwright-core";
import {
  USERS,
  putDocument,
  storedDocuments,
  storedScope,
  until,
  untilFact,
  useOrganizationPages,
  type HubPage,
  type Organization,
} from "./support";

jest.setTimeout(120_000);

let org: Organization;
const organizationPages = useOrganizationPages((started) => (org = started));

async function openHub(userId: string): Promise<HubPage> {
  const opened = await organizationPages.hubAs(userId);
  // Loaded: the projects are listed.
  await opened.hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true }).waitFor();
  return opened;
}

async function hubAs(userId: string): Promise<FrameLocator> {
  return (await openHub(userId)).hub;
}

/**
 * The backup service answers the hub's saves with these statuses first (then for real): faults
 * between the hub and the service, as a proxy or an overloaded service would give them.
 */
async function failSaves(page: Page, statuses: number[] | "always"): Promise<number[]> {
  const answered: number[] = [];
  await page.route("**/api/v1/organizations/*/scope/changes", async (route) => {
    const status = statuses === "always" ? 503 : statuses.shift();
    if (status === undefined) {
      answered.push(200);
      return route.continue();
    }
    answered.push(status);
    return route.fulfill({
      status,
      headers: {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "Retry-After",
        "Content-Type": "application/json",
        ...(status === 429 ? { "Retry-After": "1" } : {}),
      },
      body: JSON.stringify({
        code: status === 429 ? "rateLimited" : "internal",
        message: status === 429 ? "Too many requests." : "The service is unavailable.",
      }),
    });
  });
  return answered;
}

async function tick(hub: FrameLocator, name: string, on = true): Promise<void> {
  await hub.getByRole("searchbox", { name: /Search/ }).fill(name);
  const box = hub.getByRole("checkbox", { name, exact: true });
  if (on) await box.check();
  else await box.uncheck();
}

async function saveAndConfirm(hub: FrameLocator): Promise<void> {
  await hub.getByRole("button", { name: /^Save/ }).click();
  await hub.getByRole("dialog").getByRole("button", { name: "Confirm and save" }).click();
}

/**
 * Avery and Blake both add `project`, Blake without `dataType`; Avery saves first, then Blake
 * saves over a change he has not seen. Blake's hub, as his save left it.
 */
async function savedAfterAvery(project: string, dataType: string): Promise<FrameLocator> {
  const avery = await hubAs(USERS.avery);
  const blake = await hubAs(USERS.blake);
  await tick(avery, project);
  await tick(blake, project);
  await blake
    .getByRole("group", { name: "Data to back up", exact: true })
    .getByRole("checkbox", { name: dataType })
    .uncheck();
  await saveAndConfirm(avery);
  await avery.getByText(/Saved 1 change/).waitFor();
  await saveAndConfirm(blake);
  return blake;
}

const writes = () =>
  org.emulator.requestLog.filter((r) => r.method !== "GET" && r.method !== "OPTIONS");

/** The entry the service stores for a project, by name. */
async function storedEntryOf(name: string) {
  const id = org.emulator.state.findProject(name)?.id ?? "";
  return (await storedScope(org)).entries.get(id);
}

const names = async (): Promise<string[]> =>
  [...(await storedScope(org)).entries.values()].map((e) => e.name).sort();

describe("Backup hub under concurrency and faults", () => {
  it("keeps both admins' changes when they save at once", async () => {
    // Fabrikam Fiber and Customer Portal live in the same stored document.
    const avery = await hubAs(USERS.avery);
    const blake = await hubAs(USERS.blake);
    await tick(avery, "Fabrikam Fiber");
    await tick(blake, "Customer Portal");
    await saveAndConfirm(avery);
    await avery.getByText(/Saved 1 change/).waitFor();
    await saveAndConfirm(blake);
    await blake.getByText(/Saved 1 change/).waitFor();
    await blake.getByText(/another administrator saved meanwhile/).waitFor();
    expect(await names()).toEqual(["Customer Portal", "Fabrikam Fiber"]);
    // Blake's overview and history include Avery's change.
    await untilFact(blake, "Projects backed up", "2 of 17");
    const history = blake.getByRole("list", { name: "Change history" });
    await history.getByText("Added Fabrikam Fiber").waitFor();
    await history.getByText("Added Customer Portal").waitFor();
  });

  it("shows a conflict on the same project and lets the admin choose", async () => {
    const blake = await savedAfterAvery("Data Platform", "Wiki");
    await blake.getByText(/Avery Admin changed Data Platform meanwhile/).waitFor();
    expect((await storedEntryOf("Data Platform"))?.changedBy.displayName).toBe("Avery Admin");
    // Use mine: the draft keeps Blake's choice, and saving again applies it.
    await blake.getByRole("button", { name: "Use mine for Data Platform" }).click();
    await saveAndConfirm(blake);
    await blake.getByText(/Saved 1 change/).waitFor();
    expect((await storedEntryOf("Data Platform"))?.changedBy.displayName).toBe("Blake Backup");
  });

  it("keeps theirs when asked, and then has nothing left to save", async () => {
    const blake = await savedAfterAvery("Design System", "Repos");
    await blake.getByRole("button", { name: "Keep theirs for Design System" }).click();
    await until("nothing is left to save", () =>
      blake.getByRole("button", { name: /^Save/ }).isDisabled(),
    );
    expect((await storedEntryOf("Design System"))?.changedBy.displayName).toBe("Avery Admin");
  });

  it("loads through 429s with Retry-After, 5xx and dropped connections", async () => {
    org.emulator.setFaults({ next429: 2, retryAfterSeconds: 1, next5xx: 2, nextDrop: 1 });
    const hub = await hubAs(USERS.avery);
    await untilFact(hub, "Projects backed up", "0 of 17");
    const statuses = org.emulator.requestLog.map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(503);
    expect(statuses).toContain(0);
    expect(await hub.getByRole("alert").count()).toBe(0);
  });

  it("saves through the service's 429s (Retry-After) and 5xx", async () => {
    const { page, hub } = await openHub(USERS.avery);
    await tick(hub, "Mobile App");
    const answered = await failSaves(page, [429, 503, 503]);
    await saveAndConfirm(hub);
    await hub.getByText(/Saved 1 change/).waitFor();
    expect(await names()).toEqual(["Mobile App"]);
    expect(answered).toEqual([429, 503, 503, 200]);
  });

  it("reports a save that keeps failing, keeps the draft, and saves it later", async () => {
    const { page, hub } = await openHub(USERS.avery);
    await tick(hub, "Mobile App");
    await failSaves(page, "always");
    await saveAndConfirm(hub);
    await hub.getByText(/did not answer while saving/).waitFor({ timeout: 60_000 });
    await hub.getByText(/Your unsaved changes are still here/).waitFor();
    expect(await hub.getByRole("checkbox", { name: "Mobile App", exact: true }).isChecked()).toBe(
      true,
    );
    expect(await names()).toEqual([]);
    await page.unroute("**/api/v1/organizations/*/scope/changes");
    await saveAndConfirm(hub);
    await hub.getByText(/Saved 1 change/).waitFor();
    expect(await names()).toEqual(["Mobile App"]);
  });

  it("is not blocked by old extension data that does not validate, and never overwrites it", async () => {
    await putDocument(org, "backup-scope", {
      id: "shard-3",
      schemaVersion: 1,
      projects: "garbage",
    });
    await putDocument(org, "backup-scope", {
      id: "settings",
      schemaVersion: 99,
      includeNewProjects: true,
      defaultDataTypes: 63,
    });
    org.emulator.clearRequestLog();
    const hub = await hubAs(USERS.avery);
    await untilFact(hub, "Projects backed up", "of 17");
    expect(await hub.getByText(/stored backup scope is damaged/).count()).toBe(0);
    await tick(hub, "Mobile App");
    await saveAndConfirm(hub);
    await hub.getByText(/Saved 1 change/).waitFor();
    expect(writes()).toEqual([]);
    const shard = storedDocuments(org, "backup-scope").find((d) => d.id === "shard-3");
    expect(shard?.projects).toBe("garbage");
  });
});
