// The Backup hub in other organizations: one without a Microsoft Entra tenant, and one with
// 10,000 projects.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { generateOrganization } from "../../emulator/fixtures/generate";
import {
  USERS,
  factValue,
  openBackupHub,
  startOrganization,
  until,
  untilFact,
  type Organization,
} from "./support";

jest.setTimeout(120_000);

describe("an organization without a Microsoft Entra tenant", () => {
  let org: Organization;
  const pages: Page[] = [];
  beforeAll(async () => {
    org = await startOrganization({
      fixture: join(__dirname, "..", "..", "emulator", "fixtures", "contoso-msa.json"),
    });
  });
  afterAll(async () => {
    for (const p of pages) await p.close();
    await org?.stop();
  });

  it("is told so, offers no editing and writes nothing", async () => {
    const { page, hub } = await openBackupHub(org, {
      userId: "89e4519d-c3f6-46b9-b767-c507808ab588", // Morgan Personal, a PCA
    });
    pages.push(page);
    await hub.getByText(/not connected to a Microsoft Entra tenant/).waitFor();
    expect(await factValue(hub, "Microsoft Entra tenant").textContent()).toContain("None");
    expect(await hub.getByRole("button", { name: /^Save/ }).count()).toBe(0);
    expect(await hub.getByRole("checkbox").count()).toBe(0);
    expect(org.emulator.requestLog.filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("an organization with 10,000 projects", () => {
  let org: Organization;
  const fixture = generateOrganization({ projects: 10_000, seed: 7 });
  beforeAll(async () => {
    org = await startOrganization({ fixture });
  });
  afterAll(async () => {
    await org?.stop();
  });

  it("lists them in ten pages, filters as you type, and saves all in at most ten writes", async () => {
    const { page, hub } = await openBackupHub(org, { userId: USERS.avery });
    await until(
      "all 10,000 projects are counted",
      async () =>
        (await factValue(hub, "Projects backed up").textContent())?.includes("0 of 10,000") ??
        false,
      60_000,
    );
    const pagesOfProjects = org.emulator.requestLog.filter(
      (r) => r.method === "GET" && /\/_apis\/projects\/?$/.test(r.path),
    );
    expect(pagesOfProjects).toHaveLength(10);
    // Only the visible rows are in the DOM.
    expect(await hub.getByRole("checkbox").count()).toBeLessThan(100);

    const target = fixture.projects[7777]?.name ?? "";
    await hub.getByRole("searchbox", { name: /Search/ }).fill(target);
    await hub.getByRole("checkbox", { name: target, exact: true }).check();
    await hub.getByRole("searchbox", { name: /Search/ }).fill("");

    await hub.getByRole("button", { name: "Select all", exact: true }).click();
    org.emulator.clearRequestLog();
    await hub.getByRole("button", { name: /^Save/ }).click();
    const dialog = hub.getByRole("dialog");
    await dialog.getByText("Added to the backup (10000)").waitFor();
    await dialog.getByRole("button", { name: "Confirm and save" }).click();
    await hub.getByText(/Saved 10,000 changes/).waitFor({ timeout: 60_000 });
    const writes = org.emulator.requestLog.filter((r) => r.method !== "GET");
    expect(writes.length).toBeLessThanOrEqual(10);
    await untilFact(hub, "Projects backed up", "10,000 of 10,000");
    await page.close();
  });
});
