// The companion browser extension, unpacked in headless Chromium, against the emulated
// organization: the options page points it at the fake Entra authority, the real popup opens over
// a project page, signs in through the fake Entra's page (launchWebAuthFlow, code + PKCE), adds
// the project, and the organization's scope documents and audit record show the change.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Worker,
} from "playwright-core";
import type { OrganizationFixture } from "../../emulator/fixtures/types";
import { DEFAULT_FIXTURE, startEmulator, type EmulatorHandle } from "../../emulator/server/index";
import { SERVICE_APP } from "../../src/core/app-profile";
import { builtServiceUrl, withServiceApp } from "../../emulator/local-service";
import type { RunningService } from "../../service/app";
import { SCOPE_COLLECTION, type StoredDocument } from "../../src/core/scope-schema";
import {
  SERVICE_PUBLIC_PATHS,
  type BackupRunWire,
  type BackupsWire,
  type StartFlowResponse,
  type StartRunResponse,
} from "../../src/core/service-api";
import vssExtension from "../../vss-extension.json";
import {
  grantAdminConsent,
  CHROMIUM,
  CHROMIUM_ARGS,
  USERS,
  assertPackaged,
  saveScopeAs,
  serviceCall,
  startServiceWaiting,
  storedHistory,
  storedScope,
} from "./support";
import { projectSave } from "./support/scope-save";

jest.setTimeout(120_000);

const root = join(__dirname, "..", "..");
// The development variant: the published one (dist/browser) takes no localhost page for an
// organization and signs in only with login.microsoftonline.com.
const unpacked = join(root, "dist", "browser-dev");
const PROJECT = "Fabrikam Fiber";

let context: BrowserContext;
let profile: string;
let worker: Worker;
let extensionId: string;
let emulator: EmulatorHandle;
let service: RunningService;

async function documents(collection: string): Promise<StoredDocument[]> {
  const { token } = (await (
    await fetch(`${emulator.hostUrl}/_emulator/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind: "access" }),
    })
  ).json()) as { token: string };
  const url = `${emulator.areaUrls.extmgmt}/_apis/ExtensionManagement/InstalledExtensions/${vssExtension.publisher}/${vssExtension.id}/Data/Scopes/Default/Current/Collections/${collection}/Documents`;
  const response = await fetch(url, {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: "application/json;api-version=7.1-preview.1",
    },
  });
  if (response.status === 404) return [];
  const body = (await response.json()) as StoredDocument[] | { value: StoredDocument[] };
  return Array.isArray(body) ? body : body.value;
}

/**
 * The real toolbar popup over the active tab (headless Chromium supports action.openPopup()).
 * Playwright does not attach to an action popup, so it is reached through the DevTools protocol:
 * its text is read, and its buttons pressed, by their accessible text.
 */
class ToolbarPopup {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {}

  private seq = 0;
  private readonly answers = new Map<number, (value: unknown) => void>();

  static async open(over: Page): Promise<ToolbarPopup> {
    await over.bringToFront();
    await worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }
      ).chrome.action.openPopup(),
    );
    const cdp = await context.newCDPSession(over);
    const popupUrl = `chrome-extension://${extensionId}/popup/popup.html`;
    const { targetInfos } = (await cdp.send("Target.getTargets")) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const target = targetInfos.filter((t) => t.url === popupUrl).at(-1);
    if (!target) throw new Error("The toolbar popup did not open.");
    const { sessionId } = await cdp.send("Target.attachToTarget", {
      targetId: target.targetId,
      flatten: false,
    });
    const popup = new ToolbarPopup(cdp, sessionId);
    cdp.on("Target.receivedMessageFromTarget", (e) => {
      if (e.sessionId !== sessionId) return;
      const m = JSON.parse(e.message) as { id?: number; result?: { result?: { value?: unknown } } };
      if (m.id !== undefined) popup.answers.get(m.id)?.(m.result?.result?.value);
    });
    return popup;
  }

  private evaluate(expression: string): Promise<unknown> {
    const id = ++this.seq;
    const answer = new Promise<unknown>((resolve) => this.answers.set(id, resolve));
    const message = JSON.stringify({
      id,
      method: "Runtime.evaluate",
      params: { expression, returnByValue: true },
    });
    void this.cdp.send("Target.sendMessageToTarget", { sessionId: this.sessionId, message });
    return answer;
  }

  async text(): Promise<string> {
    return String(await this.evaluate("document.body.innerText"));
  }

  async waitForText(wanted: string, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let last = "";
    while (Date.now() < until) {
      last = await this.text();
      if (last.includes(wanted)) return;
      await new Promise((r) => setTimeout(r, 100)); // polling the popup: no event tells us it re-rendered
    }
    throw new Error(`The popup never showed "${wanted}"; it shows:\n${last}`);
  }

  async press(name: string): Promise<void> {
    const found = await this.evaluate(
      `(() => { const b = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === ${JSON.stringify(name)}); b?.click(); return Boolean(b); })()`,
    );
    if (!found) throw new Error(`The popup has no button "${name}".`);
  }
}

/** The popup page opened in a tab for a given tab (popup.html?tabId=N), driven by roles. */
async function popupInTab(over: Page): Promise<Page> {
  const url = over.url();
  const tabId = await worker.evaluate(async (url) => {
    const c = (
      globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } };
      }
    ).chrome;
    return (await c.tabs.query({})).find((t) => t.url === url)?.id;
  }, url);
  if (tabId === undefined) throw new Error(`No tab shows ${url}.`);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tabId=${tabId}`);
  return popup;
}

/** Avery connects the organization (the service's sign-in page) and backs up one project. */
/** The run of the project's last backup, as the service recorded it. */
async function lastBackupRun(
  org: { emulator: EmulatorHandle; service: RunningService },
  projectId: string,
): Promise<string | undefined> {
  const answer = await serviceCall<BackupsWire>(
    org,
    USERS.avery,
    "GET",
    `/backups?projectId=${projectId}`,
  );
  return answer.body.backups[0]?.runId;
}

async function backUpThroughService(
  org: { emulator: EmulatorHandle; service: RunningService },
  projectId: string,
): Promise<void> {
  const flow = await serviceCall<StartFlowResponse>(
    org,
    USERS.avery,
    "POST",
    "/connection/start",
    {},
  );
  expect(flow.status).toBe(200);
  const signIn = await context.newPage();
  await signIn.goto(flow.body.url);
  await signIn.getByRole("button", { name: "Sign in as Avery Admin" }).click();
  await signIn.getByRole("heading", { name: "Connected", exact: true }).waitFor();
  await signIn.close();
  const started = await serviceCall<StartRunResponse>(org, USERS.avery, "POST", "/runs", {
    projectId,
  });
  expect(started.status).toBeLessThan(300);
  const end = Date.now() + 60_000;
  for (;;) {
    const run = await serviceCall<BackupRunWire>(
      org,
      USERS.avery,
      "GET",
      `/runs/${started.body.runId}`,
    );
    if (run.body.status !== "running") break;
    if (Date.now() > end) throw new Error("The backup run did not finish in a minute.");
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  assertPackaged();
  if (!existsSync(join(unpacked, "manifest.json")))
    throw new Error("dist/browser-dev is missing: run `npm run build`.");
  profile = mkdtempSync(join(tmpdir(), "e2e-browser-extension-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      ...CHROMIUM_ARGS,
      `--load-extension=${unpacked}`,
      `--disable-extensions-except=${unpacked}`,
      // The fake Entra authority's certificate is self-signed. ignoreHTTPSErrors covers the pages
      // Playwright drives; the background's token request needs the browser-wide flag.
      "--ignore-certificate-errors",
    ],
    ignoreHTTPSErrors: true,
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  extensionId = new URL(worker.url()).host;
  worker.on("console", (m) => {
    if (m.type() === "error") console.error(`background: ${m.text()}`);
  });

  // The service app as its Entra registration would list the extension's redirect URL.
  const fixture = JSON.parse(readFileSync(DEFAULT_FIXTURE, "utf8")) as OrganizationFixture;
  fixture.entraApps = [
    {
      clientId: SERVICE_APP.clientId,
      displayName: SERVICE_APP.displayName,
      // And the service's own sign-in landing, for connecting the organization (backups).
      redirectUris: [
        `https://${extensionId}.chromiumapp.org/`,
        `${builtServiceUrl()}${SERVICE_PUBLIC_PATHS.signInLanding}`,
      ],
    },
  ];
  emulator = await startEmulator({
    fixture: withServiceApp(fixture),
    ports: { host: 0, extension: 0, entra: 0 },
    quiet: true,
  });
  // The backup service the development build names (emulator/local-service.ts).
  service = await startServiceWaiting(emulator, [`chrome-extension://${extensionId}`]);
  // The tenant's Global Administrator consented beforehand (the hub's consent flow, tested with the
  // hub), including the backup service's own API, which the popup calls with an Entra token.
  grantAdminConsent(emulator, SERVICE_APP.clientId, [
    `api://${SERVICE_APP.clientId}/Backup.Manage`,
  ]);
});

afterAll(async () => {
  await context?.close();
  await service?.stop();
  await emulator?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("the options page points sign-in at the emulated organization's Entra authority", async () => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options/options.html`);
  const authority = options.getByRole("textbox", { name: "Sign-in authority" });
  await expect(authority.inputValue()).resolves.toBe("https://login.microsoftonline.com");
  await expect(
    options.getByRole("textbox", { name: "Application (client) id" }).inputValue(),
  ).resolves.toBe(SERVICE_APP.clientId);

  await authority.fill("http://not-https.example");
  await options.getByRole("button", { name: "Save" }).click();
  await options.getByRole("alert").filter({ hasText: "must be an https:// address" }).waitFor();

  await authority.fill(emulator.entraUrl);
  await options.getByRole("button", { name: "Save" }).click();
  await options.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await options.close();
});

test("a page that is not Azure DevOps says to open a project", async () => {
  const page = await context.newPage();
  await page.goto(`${emulator.entraUrl}/common/v2.0/.well-known/openid-configuration`);
  const popup = await ToolbarPopup.open(page);
  await popup.waitForText("Open an Azure DevOps project to see its backup state.");
  await page.close();
});

test("signs in from the popup and adds the open project to the backup scope", async () => {
  const project = emulator.state.findProject(PROJECT);
  if (!project) throw new Error(`The fixture has no project ${PROJECT}.`);
  const page = await context.newPage();
  await page.goto(`${emulator.orgUrl}/${encodeURIComponent(PROJECT)}`);

  const toolbar = await ToolbarPopup.open(page);
  await toolbar.waitForText(`Organization\n${emulator.organization.name}`);
  await toolbar.waitForText(`Project\n${PROJECT}`);
  await toolbar.waitForText("Sign in with your work account");

  // Sign in: the background opens the fake Entra's page through launchWebAuthFlow.
  const signInPage = context.waitForEvent("page", (p) => p.url().startsWith(emulator.entraUrl));
  await toolbar.press("Sign in");
  const entra = await signInPage;
  const authorize = new URL(entra.url());
  expect(authorize.pathname).toBe(`/${emulator.organization.tenantId}/oauth2/v2.0/authorize`);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("redirect_uri")).toBe(
    `https://${extensionId}.chromiumapp.org/`,
  );
  const signInDone = entra.waitForEvent("close");
  await entra.getByRole("button", { name: "Sign in as Avery Admin" }).click();
  await signInDone; // launchWebAuthFlow closes its window once Entra redirects to the extension

  // The popup may close while the sign-in window has focus; the background finishes either way.
  const again = await ToolbarPopup.open(page);
  await again.waitForText("Signed in as Avery Admin");
  await again.waitForText("Not protected");

  // The same popup page, opened in a tab for the project's tab, is driven by roles from here.
  const popup = await popupInTab(page);
  await popup.getByText("Signed in as").waitFor();
  await popup.getByRole("button", { name: "Add to backup scope" }).click();
  await popup.getByRole("status").filter({ hasText: "Added to the backup scope." }).waitFor();
  await popup.getByRole("button", { name: "Remove from backup scope" }).waitFor();
  await popup.getByText("Last change by Avery Admin").waitFor();

  // What the backup service stores: the scope has the project, the history names the user
  // (the service recorded who called, from the tokens); extension data is not written.
  const org = { emulator, service };
  const entry = (await storedScope(org)).entries.get(project.id);
  expect(entry).toMatchObject({
    choice: "included",
    dataTypes: expect.arrayContaining(["repos", "boards"]),
    changedBy: { id: USERS.avery, displayName: "Avery Admin" },
  });
  const history = await storedHistory(org);
  expect(history).toHaveLength(1);
  expect(history[0]?.by).toEqual({ id: USERS.avery, displayName: "Avery Admin" });
  expect(history[0]?.changes).toEqual([
    expect.objectContaining({ projectId: project.id, name: PROJECT, kind: "added" }),
  ]);
  expect(await documents(SCOPE_COLLECTION)).toEqual([]);

  // The token lives in storage.session only.
  const stored = await worker.evaluate(async () => {
    const c = (
      globalThis as unknown as {
        chrome: { storage: Record<string, { get(k: null): Promise<Record<string, unknown>> }> };
      }
    ).chrome;
    return {
      local: Object.keys(await c.storage.local!.get(null)),
      session: Object.keys(await c.storage.session!.get(null)),
    };
  });
  expect(stored.local).toEqual(["signInSettings"]);
  // The sign-in's Azure DevOps token and, beside it, its token for the backup service's API.
  expect([...stored.session].sort()).toEqual([
    expect.stringMatching(/^signin:.*#api:\/\//),
    expect.stringMatching(/^signin:.*#azure-devops$/),
  ]);

  // Removing it again is recorded as an exclusion by the same user.
  await popup.getByRole("button", { name: "Remove from backup scope" }).click();
  await popup.getByRole("status").filter({ hasText: "Removed from the backup scope." }).waitFor();
  await popup.getByRole("button", { name: "Add to backup scope" }).waitFor();
  expect((await storedScope(org)).entries.get(project.id)?.choice).toBe("excluded");
  expect(await storedHistory(org)).toHaveLength(2);

  // The project's last backup, as the service recorded it: none yet; after a run, when and how much.
  await popup.getByText("Not backed up yet.").waitFor();
  await popup.getByRole("button", { name: "Add to backup scope" }).click();
  await popup.getByRole("button", { name: "Remove from backup scope" }).waitFor();
  await backUpThroughService(org, project.id);
  await popup.reload();
  await popup
    .getByText(/^Backed up .+: All data, \d+(\.\d)? (B|KB|MB) added in \d+ s\.$/)
    .waitFor();

  // Back up now from the popup, through the background and the service, as the hub's button.
  const before = await lastBackupRun(org, project.id);
  await popup.getByRole("button", { name: `Back up ${PROJECT} now` }).click();
  const progress = popup.getByRole("status", { name: "Backup progress" });
  await progress.filter({ hasText: "Backup finished: 1 project backed up." }).waitFor({
    timeout: 120_000,
  });
  expect(await lastBackupRun(org, project.id)).not.toBe(before);
  await popup.close();
  await page.close();
});

test("shows someone who is not a PCA the project's state, and why they cannot change it", async () => {
  const project = emulator.state.findProject(PROJECT);
  if (!project) throw new Error(`The fixture has no project ${PROJECT}.`);
  // Sign-in points at the emulated organization's Entra (as the options test above sets it).
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options/options.html`);
  await options.getByRole("textbox", { name: "Sign-in authority" }).fill(emulator.entraUrl);
  await options.getByRole("button", { name: "Save" }).click();
  await options.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await options.close();
  // Avery Admin has the project backed up (through the service, as the hub would).
  const org = { emulator, service };
  const before = (await storedScope(org)).entries.get(project.id);
  const saved = await saveScopeAs(
    org,
    USERS.avery,
    projectSave(
      `op-avery-${Date.now()}`,
      { id: project.id, name: PROJECT },
      { choice: "included", dataTypes: ["repos"] },
      before?.opId,
    ),
  );
  expect(saved.status).toBe(200);
  const page = await context.newPage();
  await page.goto(`${emulator.orgUrl}/${encodeURIComponent(PROJECT)}`);
  const popup = await popupInTab(page);
  // Whoever signed in before signs out; Devon Developer signs in.
  const signOut = popup.getByRole("button", { name: "Sign out" });
  const signIn = popup.getByRole("button", { name: "Sign in" });
  await signOut.or(signIn).first().waitFor();
  if (await signOut.isVisible()) await signOut.click();
  const entraPage = context.waitForEvent("page", (p) => p.url().startsWith(emulator.entraUrl));
  await signIn.click();
  const entra = await entraPage;
  const closed = entra.waitForEvent("close");
  await entra.getByRole("button", { name: "Sign in as Devon Developer" }).click();
  await closed;

  await popup.getByText("Signed in as Devon Developer").waitFor();
  await popup
    .getByRole("alert")
    .filter({ hasText: /^Only a Project Collection Administrator can change the backup scope/ })
    .waitFor();
  await popup.getByText(/Last change by Avery Admin/).waitFor();
  expect(await popup.getByRole("button", { name: /backup scope/ }).count()).toBe(0);
  // Nor can they start a backup: the button is off, and says why.
  expect(await popup.getByRole("button", { name: `Back up ${PROJECT} now` }).isDisabled()).toBe(
    true,
  );
  await popup.close();
  await page.close();
});
