// Restore beyond Repos and Wikis as a user sees it in Chromium (issue 10): a PCA backs up Fabrikam
// Fiber with its Pipelines, then in the hub's Restore part keeps only Pipelines of what that backup
// holds, reads the plan (what nothing in Mobile App matches: a service connection), types a target
// for it, shows the plan again, confirms from the keyboard, and hears each data type's progress;
// the build definitions are then in Mobile App in the emulated organization.
import type { FrameLocator, Page } from "playwright-core";
import {
  grantAdminConsent,
  USERS,
  openBackupHub,
  serviceCall,
  until,
  useOrganization,
  type Organization,
} from "./support";

jest.setTimeout(240_000);

const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

let org: Organization;
const pages = useOrganization((o) => (org = o));

/** Avery's call to the emulated Azure DevOps, in Mobile App (what a person would see there). */
async function inMobileApp(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(
    `${org.emulator.hostUrl}/${org.emulator.organization.name}/Mobile%20App/_apis/${path}`,
    {
      method: body ? "POST" : "GET",
      headers: {
        authorization: `Bearer ${org.emulator.issueToken(USERS.avery)}`,
        "content-type": "application/json",
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const definitionsInMobileApp = async (): Promise<string[]> =>
  ((await inMobileApp("build/definitions?api-version=7.1")).value as { name: string }[]).map(
    (d) => d.name,
  );

async function backUpFiberAsAvery(): Promise<{ page: Page; hub: FrameLocator }> {
  const saved = await serviceCall(org, USERS.avery, "POST", "/scope/changes", {
    opId: `op-hub-restore-${Date.now()}`,
    changes: [
      {
        projectId: FIBER.id,
        name: FIBER.name,
        after: { choice: "included", dataTypes: ["repos", "pipelines"] },
      },
    ],
  });
  expect(saved.status).toBe(200);
  grantAdminConsent(org.emulator);
  const opened = await openBackupHub(org, { userId: USERS.avery });
  pages.push(opened.page);
  const windowOpened: Promise<Page> = opened.page.context().waitForEvent("page");
  await opened.hub.getByRole("button", { name: "Connect" }).click();
  const signIn = await windowOpened;
  pages.push(signIn);
  await signIn.waitForLoadState();
  await signIn.getByRole("button", { name: "Sign in as Avery Admin" }).click();
  await signIn.getByRole("heading", { name: "Connected", exact: true }).waitFor();
  await opened.page.bringToFront();
  await opened.hub.getByRole("button", { name: "Back up now", exact: true }).click();
  await until(
    "the backup finished",
    async () =>
      (
        (await opened.hub.getByRole("status", { name: "Backup progress" }).textContent()) ?? ""
      ).startsWith("Backup finished: 1 project"),
    150_000,
  );
  return opened;
}

describe("Hub restore of data types", () => {
  it("restores Pipelines into another project with a mapped service connection", async () => {
    const { page, hub } = await backUpFiberAsAvery();

    // What the backup holds, each a labelled checkbox, all ticked; Repos is unticked by keyboard.
    const choice = hub.getByRole("group", { name: "What to restore" });
    await choice.waitFor();
    const repos = choice.getByRole("checkbox", { name: "Repos" });
    const pipelines = choice.getByRole("checkbox", { name: "Pipelines" });
    expect(await repos.isChecked()).toBe(true);
    expect(await pipelines.isChecked()).toBe(true);
    await repos.focus();
    await page.keyboard.press("Space");
    expect(await repos.isChecked()).toBe(false);

    const target = hub.getByRole("textbox", { name: "Restore into project" });
    await target.fill("Mobile App");
    await target.press("Enter");

    // The plan, by data type: the Pipelines one says what it cannot restore and what nothing matches.
    const plan = hub.getByRole("region", { name: "Pipelines" });
    await plan.waitFor();
    expect(await plan.getByRole("list", { name: "Pipelines: the plan" }).textContent()).toContain(
      "secret values of sqlPassword were never readable",
    );
    expect(
      await plan
        .getByRole("list", { name: "Pipelines: nothing in the target matches" })
        .textContent(),
    ).toContain("Service connection fabrikam-azure-prod");
    expect(await definitionsInMobileApp()).not.toContain("fiber-ci");

    // Mobile App has its own connection: the admin names it for the backed-up one.
    await inMobileApp("serviceendpoint/endpoints?api-version=7.1", {
      name: "mobile-azure",
      type: "azurerm",
      url: "https://management.azure.com/",
      authorization: { scheme: "ServicePrincipal", parameters: {} },
    });
    await hub
      .getByRole("textbox", { name: "Service connection fabrikam-azure-prod: use in the target" })
      .fill("mobile-azure");
    // The plan shown was for another mapping: it is gone until shown again.
    expect(await plan.count()).toBe(0);
    await hub.getByRole("button", { name: "Show plan" }).click();
    await plan.waitFor();
    expect(await plan.getByRole("list", { name: "Pipelines: the plan" }).textContent()).toContain(
      "definitions use mobile-azure in the target",
    );
    expect(
      await plan.getByRole("list", { name: "Pipelines: nothing in the target matches" }).count(),
    ).toBe(0);

    await hub.getByRole("button", { name: "Restore", exact: true }).click();
    const confirm = hub.getByRole("dialog", { name: "Restore into Mobile App?" });
    expect(await confirm.textContent()).toContain("This creates Pipelines in Mobile App");
    await confirm.getByRole("button", { name: "Yes, restore" }).click();
    // Each data type's progress, then how the whole restore ended, in the polite live region.
    const said = () => hub.getByRole("status", { name: "Restore progress" }).textContent();
    await until(
      "the restore finished",
      async () => /^Restore finished/.test((await said()) ?? ""),
      150_000,
    );
    expect(await said()).toMatch(/and restored Pipelines\.$/);
    expect(await hub.getByRole("list", { name: "Data types restored" }).textContent()).toMatch(
      /^Pipelines: done, created .*buildDefinition fiber-ci/,
    );

    // In the emulated organization: the definitions are in Mobile App.
    expect(await definitionsInMobileApp()).toEqual(
      expect.arrayContaining(["fiber-ci", "fiber-nightly", "fiber-release"].slice(0, 2)),
    );
  });
});
