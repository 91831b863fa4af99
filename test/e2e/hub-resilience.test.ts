// The Backup hub when things go wrong: two admins saving at once, throttling and server errors
// while loading and saving, and a stored scope that does not validate.
import type { FrameLocator } from "playwright-core";
import {
  USERS,
  factValue,
  openBackupHub,
  putDocument,
  useOrganization,
  storedDocuments,
  until,
  type Organization,
} from "./support";

jest.setTimeout(120_000);

let org: Organization;
const pages = useOrganization((started) => (org = started));

async function hubAs(userId: string): Promise<FrameLocator> {
  const opened = await openBackupHub(org, { userId });
  pages.push(opened.page);
  // Loaded: the projects are listed.
  await opened.hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true }).waitFor();
  return opened.hub;
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

const writes = () => org.emulator.requestLog.filter((r) => r.method !== "GET");

function storedEntries(): Record<
  string,
  { name: string; choice: string; changedBy: { displayName: string } }
> {
  const all = {};
  for (const d of storedDocuments(org, "backup-scope"))
    if (typeof d.id === "string" && d.id.startsWith("shard-")) Object.assign(all, d.projects);
  return all;
}

const names = (): string[] =>
  Object.values(storedEntries())
    .map((e) => e.name)
    .sort();

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
    expect(names()).toEqual(["Customer Portal", "Fabrikam Fiber"]);
    // Blake's overview and history include Avery's change.
    await until(
      "Blake sees both projects counted",
      async () =>
        (await factValue(blake, "Projects backed up").textContent())?.includes("2 of 17") ?? false,
    );
    const history = blake.getByRole("list", { name: "Change history" });
    await history.getByText("Added Fabrikam Fiber").waitFor();
    await history.getByText("Added Customer Portal").waitFor();
  });

  it("shows a conflict on the same project and lets the admin choose", async () => {
    const avery = await hubAs(USERS.avery);
    const blake = await hubAs(USERS.blake);
    await tick(avery, "Data Platform");
    await tick(blake, "Data Platform");
    await blake
      .getByRole("group", { name: "Data to back up", exact: true })
      .getByRole("checkbox", { name: "Wiki" })
      .uncheck();
    await saveAndConfirm(avery);
    await avery.getByText(/Saved 1 change/).waitFor();
    await saveAndConfirm(blake);
    await blake.getByText(/Avery Admin changed Data Platform meanwhile/).waitFor();
    expect(
      storedEntries()[org.emulator.state.findProject("Data Platform")?.id ?? ""]?.changedBy
        .displayName,
    ).toBe("Avery Admin");
    // Use mine: the draft keeps Blake's choice, and saving again applies it.
    await blake.getByRole("button", { name: "Use mine for Data Platform" }).click();
    await saveAndConfirm(blake);
    await blake.getByText(/Saved 1 change/).waitFor();
    const entry = storedEntries()[org.emulator.state.findProject("Data Platform")?.id ?? ""];
    expect(entry?.changedBy.displayName).toBe("Blake Backup");
  });

  it("keeps theirs when asked, and then has nothing left to save", async () => {
    const avery = await hubAs(USERS.avery);
    const blake = await hubAs(USERS.blake);
    await tick(avery, "Design System");
    await tick(blake, "Design System");
    await blake
      .getByRole("group", { name: "Data to back up", exact: true })
      .getByRole("checkbox", { name: "Repos" })
      .uncheck();
    await saveAndConfirm(avery);
    await avery.getByText(/Saved 1 change/).waitFor();
    await saveAndConfirm(blake);
    await blake.getByRole("button", { name: "Keep theirs for Design System" }).click();
    await until("nothing is left to save", () =>
      blake.getByRole("button", { name: /^Save/ }).isDisabled(),
    );
    const entry = storedEntries()[org.emulator.state.findProject("Design System")?.id ?? ""];
    expect(entry?.changedBy.displayName).toBe("Avery Admin");
  });

  it("loads through 429s with Retry-After, 5xx and dropped connections", async () => {
    org.emulator.setFaults({ next429: 2, retryAfterSeconds: 1, next5xx: 2, nextDrop: 1 });
    const hub = await hubAs(USERS.avery);
    await until(
      "the overview counts every project",
      async () =>
        (await factValue(hub, "Projects backed up").textContent())?.includes("0 of 17") ?? false,
    );
    const statuses = org.emulator.requestLog.map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(503);
    expect(statuses).toContain(0);
    expect(await hub.getByRole("alert").count()).toBe(0);
  });

  it("saves through 429s and 5xx", async () => {
    const hub = await hubAs(USERS.avery);
    await tick(hub, "Mobile App");
    org.emulator.setFaults({
      next429: 1,
      retryAfterSeconds: 1,
      next5xx: 2,
      methods: ["PUT", "POST"],
    });
    await saveAndConfirm(hub);
    await hub.getByText(/Saved 1 change/).waitFor();
    expect(names()).toEqual(["Mobile App"]);
    expect(writes().map((w) => w.status)).toEqual(expect.arrayContaining([429, 503, 200]));
  });

  it("reports a save that keeps failing, keeps the draft, and saves it later", async () => {
    const hub = await hubAs(USERS.avery);
    await tick(hub, "Mobile App");
    org.emulator.setFaults({ rate5xx: 1, methods: ["PUT", "POST"] });
    await saveAndConfirm(hub);
    await hub.getByText(/did not answer while saving/).waitFor({ timeout: 30_000 });
    await hub.getByText(/Your unsaved changes are still here/).waitFor();
    expect(await hub.getByRole("checkbox", { name: "Mobile App", exact: true }).isChecked()).toBe(
      true,
    );
    expect(names()).toEqual([]);
    org.emulator.setFaults({ rate5xx: 0 });
    await saveAndConfirm(hub);
    await hub.getByText(/Saved 1 change/).waitFor();
    expect(names()).toEqual(["Mobile App"]);
  });

  it("reports a stored document that does not validate and never overwrites it", async () => {
    await putDocument(org, "backup-scope", {
      id: "shard-3",
      schemaVersion: 1,
      projects: "garbage",
    });
    org.emulator.clearRequestLog();
    const hub = await hubAs(USERS.avery);
    await hub.getByText(/stored backup scope is damaged/).waitFor();
    await hub
      .getByText(/shard-3/)
      .first()
      .waitFor();
    expect(
      await hub.getByRole("checkbox", { name: "Fabrikam Fiber", exact: true }).isDisabled(),
    ).toBe(true);
    expect(await hub.getByRole("button", { name: /^Save/ }).isDisabled()).toBe(true);
    expect(writes()).toEqual([]);
    const shard = storedDocuments(org, "backup-scope").find((d) => d.id === "shard-3");
    expect(shard?.projects).toBe("garbage");
  });

  it("reports a scope written by a newer version of the extension", async () => {
    await putDocument(org, "backup-scope", {
      id: "settings",
      schemaVersion: 99,
      includeNewProjects: true,
      defaultDataTypes: 63,
    });
    const hub = await hubAs(USERS.avery);
    await hub.getByText(/written by a newer version of this extension/).waitFor();
    expect(await hub.getByRole("button", { name: /^Save/ }).isDisabled()).toBe(true);
  });
});
