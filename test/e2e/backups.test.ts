// Backup runs as a user sees them in Chromium: a PCA connects the organization, presses "Back up
// now" in the hub's Backups card, hears the progress, sees the project's last backup and changes
// the schedule (kept after a reload); someone who is not a PCA sees the state but cannot start a
// run; the project panel (Project settings › Backup) shows the project's last backup and backs
// up that one project. The list of last backups is one tab stop. A PCA restores a backup into
// another project from the hub: plan in words, confirmation, progress, and the restored
// repository is in the emulated organization with the same commit ids.
import type { FrameLocator } from "playwright-core";
import {
  PROJECTS,
  USERS,
  contributionFrame,
  saveScopeAs,
  serviceCall,
  until,
  useOrganizationPages,
  type Organization,
} from "./support";
import { projectSave } from "./support/scope-save";
import { remoteRefs } from "../engine/support";

jest.setTimeout(180_000);

const FIBER = PROJECTS.fiber;

let org: Organization;
const { hubAs, pageAs, projectPanelAs, connectAsAvery } = useOrganizationPages((o) => (org = o));

/** Fabrikam Fiber (repositories only) in the backup scope, as the hub would save it. */
async function includeFiber(): Promise<void> {
  const saved = await saveScopeAs(
    org,
    USERS.avery,
    projectSave(`op-backups-${Date.now()}`, FIBER, { choice: "included", dataTypes: ["repos"] }),
  );
  expect(saved.status).toBe(200);
}

const progressOf = (frame: FrameLocator) => frame.getByRole("status", { name: "Backup progress" });

/** The row of a project in a list of last backups. */
const rowOf = (frame: FrameLocator, list: string, project: string) =>
  frame
    .getByRole("region", { name: list })
    .getByRole("row")
    .filter({ has: frame.getByRole("rowheader", { name: project, exact: true }) });

/** Records each text a live region takes from now on; returns a reader of them, first the current one. */
async function listen(region: ReturnType<typeof progressOf>): Promise<() => Promise<string[]>> {
  await region.evaluate((el) => {
    const seen = [el.textContent ?? ""];
    (el as unknown as { heard: string[] }).heard = seen;
    new MutationObserver(() => {
      const text = el.textContent ?? "";
      if (text !== seen[seen.length - 1]) seen.push(text);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });
  return () => region.evaluate((el) => [...(el as unknown as { heard: string[] }).heard]);
}

describe("Backup runs", () => {
  it("lets a PCA back up now, see the last backup and change the schedule; others only see", async () => {
    await includeFiber();
    const { page, hub } = await connectAsAvery();

    const backUp = hub.getByRole("button", { name: "Back up now", exact: true });
    await backUp.waitFor();
    await hub.getByText("No backup has run yet.").waitFor();
    await backUp.click();
    // The progress is announced in a polite live region while it goes, then how it ended.
    const progress = progressOf(hub);
    expect(await progress.getAttribute("aria-live")).toBe("polite");
    await until(
      "the progress says the backup finished",
      async () => ((await progress.textContent()) ?? "").startsWith("Backup finished: 1 project"),
      120_000,
    );
    const row = rowOf(hub, "Last backup of each project", FIBER.name);
    await row.waitFor();
    const cells = await row.getByRole("cell").allTextContents();
    expect(cells[0]).toBe("Backed up");
    expect(cells[1]).not.toBe(""); // when
    expect(cells[2]).toBe("Repos");
    expect(cells[3]).toMatch(/^\d+(\.\d)? (B|KB|MB)$/); // how much it added
    expect(await hub.getByRole("button", { name: "Back up now", exact: true }).isEnabled()).toBe(
      true,
    );

    // A second run: the live region says this run's progress, never the last run's ending.
    const heard = await listen(progress);
    await hub.getByRole("button", { name: "Back up now", exact: true }).click();
    await until(
      "the second run is announced as finished",
      async () => (await heard()).some((t, i) => i > 0 && t.startsWith("Backup finished")),
      120_000,
    );
    const said = await heard();
    expect(said[0]).toMatch(/^Backup finished/); // before pressing
    expect(said[1]).toBe("Starting the backup…");

    // The list is one tab stop: Tab from it leaves it, Shift+Tab comes back to it.
    const list = hub.getByRole("region", { name: "Last backup of each project" });
    await list.focus();
    await page.keyboard.press("Tab");
    expect(await list.evaluate((el) => el.contains(document.activeElement))).toBe(false);
    await page.keyboard.press("Shift+Tab");
    expect(await list.evaluate((el) => el === document.activeElement)).toBe(true);

    // The schedule, through its labelled select, is kept after a reload.
    const schedule = hub.getByRole("combobox", { name: "Scheduled backup" });
    await schedule.selectOption({ label: "Daily at 03:00 UTC" });
    await until("the schedule is saved", async () =>
      ((await hub.locator("#backup-schedule-note").textContent()) ?? "").includes(
        "Set by Avery Admin",
      ),
    );
    await page.reload();
    await until(
      "the reloaded hub shows the saved schedule",
      async () =>
        (await hub.getByRole("combobox", { name: "Scheduled backup" }).count()) === 1 &&
        (await hub.getByRole("combobox", { name: "Scheduled backup" }).inputValue()) === "3",
    );

    // Devon Developer sees the state, but cannot start a run or change the schedule.
    const devon = await hubAs(USERS.devon);
    await rowOf(devon.hub, "Last backup of each project", FIBER.name).waitFor();
    const devonButton = devon.hub.getByRole("button", { name: "Back up now", exact: true });
    expect(await devonButton.isDisabled()).toBe(true);
    const reasonId = await devonButton.getAttribute("aria-describedby");
    expect(await devon.hub.locator(`[id="${reasonId}"]`).textContent()).toBe(
      "Only a Project Collection Administrator can start a backup.",
    );
    const devonSchedule = devon.hub.getByRole("combobox", { name: "Scheduled backup" });
    expect(await devonSchedule.isDisabled()).toBe(true);
    expect(await devonSchedule.inputValue()).toBe("3");
  });

  it("shows a project's last backup in the project panel and backs up that project", async () => {
    await includeFiber();
    await connectAsAvery();
    const { panel } = await projectPanelAs(FIBER, USERS.avery);
    await panel.getByText("This project has not been backed up yet.").waitFor();
    await panel.getByRole("button", { name: `Back up ${FIBER.name} now` }).click();
    await until(
      "the panel says the backup finished",
      async () =>
        ((await progressOf(panel).textContent()) ?? "").startsWith("Backup finished: 1 project"),
      120_000,
    );
    const row = rowOf(panel, `Last backup of ${FIBER.name}`, FIBER.name);
    await row.waitFor();
    expect((await row.getByRole("cell").allTextContents())[0]).toBe("Backed up");

    // The dialog from the projects list shows the same last backup, and can back up again.
    const list = await pageAs("/_settings/projects", USERS.avery);
    await list.getByRole("button", { name: `More actions for ${FIBER.name}` }).click();
    await list.getByRole("menuitem", { name: /backup scope/i }).click();
    await list.getByRole("dialog", { name: `Backup scope: ${FIBER.name}` }).waitFor();
    const dialog = contributionFrame(list, "project-backup-dialog");
    const dialogRow = rowOf(dialog, `Last backup of ${FIBER.name}`, FIBER.name);
    await dialogRow.waitFor();
    expect((await dialogRow.getByRole("cell").allTextContents())[0]).toBe("Backed up");
    expect(
      await dialog.getByRole("button", { name: `Back up ${FIBER.name} now` }).isEnabled(),
    ).toBe(true);

    // The service's answer says the same.
    const answer = await serviceCall<{ backups: { projectId: string; outcome: string }[] }>(
      org,
      USERS.avery,
      "GET",
      `/backups?projectId=${FIBER.id}`,
    );
    expect(answer.body.backups.map((b) => [b.projectId, b.outcome])).toEqual([
      [FIBER.id, "succeeded"],
    ]);
  });

  it("restores a backup into another project from the hub: plan, confirm, progress, same commit ids", async () => {
    await includeFiber();
    const { page, hub } = await connectAsAvery();
    await hub.getByRole("button", { name: "Back up now", exact: true }).click();
    await until(
      "the backup finished",
      async () =>
        ((await progressOf(hub).textContent()) ?? "").startsWith("Backup finished: 1 project"),
      120_000,
    );

    // The backup just made is offered at once (the list is read again when a run ends).
    const backup = hub.getByRole("combobox", { name: "Backup to restore" });
    await backup.waitFor();
    expect(await backup.locator("option").first().textContent()).toMatch(
      /^Fabrikam Fiber, backed up /,
    );
    const target = hub.getByRole("textbox", { name: "Restore into project" });
    await target.fill("Mobile App");
    await target.press("Enter"); // the form's Show plan, from the keyboard

    const plan = hub.getByRole("heading", {
      name: /^Plan: Restore Fabrikam Fiber .* into Mobile App$/,
    });
    await plan.waitFor();
    await until("the plan's heading has focus", () =>
      plan.evaluate((el) => el === document.activeElement),
    );
    const creates = await hub
      .getByRole("list", { name: "What the restore creates" })
      .getByRole("listitem")
      .allTextContents();
    expect(creates).toContainEqual(
      expect.stringMatching(
        /^New repository fiber-app: \d+ refs .* pull requests with their comment threads \(each comment names its original author and time\)$/,
      ),
    );
    expect(await hub.getByText("Nothing has been created yet.").count()).toBe(1);
    const repoUrl = `${org.emulator.hostUrl}/${org.emulator.organization.name}/Mobile%20App/_git/fiber-app`;
    const token = `Bearer ${org.emulator.issueToken(USERS.avery)}`;
    await expect(remoteRefs(repoUrl, token)).rejects.toThrow();

    // From the keyboard: Tab from the plan reaches Restore; the confirmation takes focus.
    await page.keyboard.press("Tab");
    const restore = hub.getByRole("button", { name: "Restore", exact: true });
    expect(await restore.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    const confirm = hub.getByRole("dialog", { name: "Restore into Mobile App?" });
    await confirm.waitFor();
    const yes = confirm.getByRole("button", { name: "Yes, restore" });
    await until("the confirmation has focus", () =>
      yes.evaluate((el) => el === document.activeElement),
    );
    await page.keyboard.press("Enter");
    const progress = hub.getByRole("status", { name: "Restore progress" });
    await until(
      "the restore finished",
      async () => ((await progress.textContent()) ?? "").startsWith("Restore finished: created"),
      120_000,
    );
    expect(await progress.textContent()).toMatch(
      /created \d+ repositor(y|ies), .* in Mobile App\.$/,
    );
    expect(await hub.getByRole("list", { name: "Created by the restore" }).textContent()).toContain(
      "Repository fiber-app",
    );

    // In the emulated organization: the same refs at the same commit ids as the original.
    const original = await remoteRefs(
      `${org.emulator.hostUrl}/${org.emulator.organization.name}/Fabrikam%20Fiber/_git/fiber-app`,
      token,
    );
    expect(await remoteRefs(repoUrl, token)).toEqual(original);
    expect(Object.keys(original).length).toBeGreaterThan(1);
  });
});
