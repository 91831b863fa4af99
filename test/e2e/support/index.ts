// Shared end-to-end support: Debian's Chromium through playwright-core, the emulated organization
// started in-process, and a contribution's iframe as a FrameLocator.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import type { OrganizationFixture } from "../../../emulator/fixtures/types";
import { startLocalService, withServiceApp } from "../../../emulator/local-service";
import { startEmulator, type EmulatorHandle } from "../../../emulator/server/index";
import type { RunningService } from "../../../service/app";
import { REQUIRED_PERMISSIONS, SERVICE_APP } from "../../../src/core/app-profile";
import type { AuditRecord } from "../../../src/core/audit";
import {
  AZURE_DEVOPS_TOKEN_HEADER,
  type HistoryPage,
  type OrganizationStateWire,
  type SaveScopeRequest,
  type ScopeEntryWire,
} from "../../../src/core/service-api";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../../scripts/chromium";

export const CHROMIUM = CHROMIUM_PATH;
export { CHROMIUM_ARGS };
const root = join(__dirname, "..", "..", "..");

/** Users of the default fixture (emulator/fixtures/fabrikam.json). */
export const USERS = {
  avery: "d4d382d9-a593-46b9-ae7f-8a57eba9eade", // PCA
  blake: "b3a60e59-5020-45df-be8e-aac75b7bf539", // PCA
  devon: "d9841dbe-5b4e-49e5-b093-d72409dd7e85", // not a PCA
  gloria: "fe1f8698-d9ab-47ef-96a8-4e1c225c1976", // Global Administrator and PCA
} as const;

/** Projects of the default fixture. */
export const PROJECTS = {
  fiber: { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" },
  web: { id: "6831ef5d-84ec-417a-bb87-0265b9407584", name: "Fabrikam Web" },
} as const;

/**
 * The tenant's Global Administrator (Gloria) consented beforehand to the app's required
 * permissions (and `extraScopes`), as the hub's consent step does (tested with that step).
 */
export function grantAdminConsent(
  emulator: EmulatorHandle,
  clientId: string = SERVICE_APP.clientId,
  extraScopes: readonly string[] = [],
): void {
  emulator.entra.consents.push({
    tenantId: emulator.organization.tenantId,
    clientId,
    scopes: [...REQUIRED_PERMISSIONS.map((p) => p.scope), ...extraScopes],
    grantedBy: USERS.gloria,
    at: new Date().toISOString(),
  });
}

/** Fails early, with what to do, when `npm run package` has not been run. */
export function assertPackaged(): void {
  const out = join(root, "out");
  const hasVsix = existsSync(out) && readdirSync(out).some((f) => f.endsWith(".vsix"));
  const hasHost = existsSync(join(root, "dist", "host", "host.js"));
  if (!hasVsix || !hasHost)
    throw new Error("The extension is not packaged: run `npm run package` before the e2e tests.");
}

/** A fresh browser profile; one browser per test file. */
export class Browser {
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), "e2e-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
      headless: true,
      viewport: { width: 1280, height: 900 },
      // The fake Entra authority serves HTTPS with a self-signed certificate (docs/platform.md#msal-against-a-local-authority).
      ignoreHTTPSErrors: true,
    });
    return new Browser(context, profile);
  }

  newPage(): Promise<Page> {
    return this.context.newPage();
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export interface Organization {
  emulator: EmulatorHandle;
  /** The backup service, on the port the extension was built for (emulator/local-service.ts). */
  service: RunningService;
  browser: Browser;
  /** A fresh service (empty store), as the emulator's reset is a fresh organization. */
  resetService(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One organization per test file, reset to its fixture before each test; the pages a test adds
 * to the returned list are closed after it.
 */
export function useOrganization(
  onStarted: (org: Organization) => void,
  options: Parameters<typeof startOrganization>[0] = {},
): Page[] {
  let org: Organization | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    org = await startOrganization(options);
    onStarted(org);
  });
  afterAll(async () => {
    await org?.stop();
  });
  beforeEach(async () => {
    org?.emulator.reset();
    await org?.resetService();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close();
  });
  return pages;
}

/** Opens pages of the test file's organization as users; each closes after its test. */
export interface OrganizationPages {
  /** Closed after each test: a page the test opens itself (e.g. a popup) goes here too. */
  pages: Page[];
  /** Organization settings › Backup, as a user. */
  hubAs(userId: string): Promise<HubPage>;
  /** A host page of the organization (its path, e.g. "/_settings/projects"), as a user. */
  pageAs(path: string, userId: string): Promise<Page>;
  /** The window `page` opens when `open` runs (e.g. a button's click), once it has loaded. */
  windowOpenedBy(page: Page, open: () => Promise<void>): Promise<Page>;
  /** Project settings › Backup of a project, as a user: the page and the panel, once it is shown. */
  projectPanelAs(
    project: { name: string },
    userId: string,
  ): Promise<{ page: Page; panel: FrameLocator }>;
  /**
   * Avery Admin connects the organization in the hub (a Global Administrator consented
   * beforehand) through the service's sign-in window; the hub, once it shows who connected.
   */
  connectAsAvery(): Promise<HubPage>;
}

/** useOrganization, with the pages a test opens as users closed after it. */
export function useOrganizationPages(
  onStarted: (org: Organization) => void,
  options: Parameters<typeof startOrganization>[0] = {},
): OrganizationPages {
  let org: Organization | undefined;
  const pages = useOrganization((started) => {
    org = started;
    onStarted(started);
  }, options);
  const started = (): Organization => {
    if (!org) throw new Error("The organization starts before the file's tests.");
    return org;
  };
  const hubAs = async (userId: string): Promise<HubPage> => {
    const opened = await openBackupHub(started(), { userId });
    pages.push(opened.page);
    return opened;
  };
  const pageAs = async (path: string, userId: string): Promise<Page> => {
    const page = await openHostPage(started(), path, { userId });
    pages.push(page);
    return page;
  };
  const windowOpenedBy = async (page: Page, open: () => Promise<void>): Promise<Page> => {
    const opened = page.context().waitForEvent("page");
    await open();
    const window = await opened;
    pages.push(window);
    await window.waitForLoadState();
    return window;
  };
  return {
    pages,
    hubAs,
    pageAs,
    projectPanelAs: async (project, userId) => {
      const page = await pageAs(
        `/${encodeURIComponent(project.name)}/_settings/project-backup-settings`,
        userId,
      );
      const panel = contributionFrame(page, "project-backup-settings");
      await panel.getByRole("heading", { name: `Backup of ${project.name}` }).waitFor();
      return { page, panel };
    },
    windowOpenedBy,
    connectAsAvery: async () => {
      grantAdminConsent(started().emulator);
      const opened = await hubAs(USERS.avery);
      const signIn = await windowOpenedBy(opened.page, () =>
        opened.hub.getByRole("button", { name: "Connect" }).click(),
      );
      await signIn.getByRole("button", { name: "Sign in as Avery Admin" }).click();
      await signIn.getByRole("heading", { name: "Connected", exact: true }).waitFor();
      await opened.page.bringToFront();
      const connection = opened.hub.getByRole("status", { name: "Connection" });
      await until("the hub shows the organization connected", async () =>
        ((await connection.textContent()) ?? "").startsWith("Connected by Avery Admin"),
      );
      return opened;
    },
  };
}

/** The emulated organization on free ports and a browser to visit it. */
export async function startOrganization(
  options: { fixture?: OrganizationFixture | string; exposeResourceTenant?: boolean } = {},
): Promise<Organization> {
  assertPackaged();
  const emulator = await startEmulator({
    ports: { host: 0, extension: 0, entra: 0 },
    quiet: true,
    fixture: withServiceApp(options.fixture),
    ...(options.exposeResourceTenant !== undefined
      ? { exposeResourceTenant: options.exposeResourceTenant }
      : {}),
  });
  let service = await startServiceWaiting(emulator);
  const browser = await Browser.launch();
  const org: Organization = {
    emulator,
    service,
    browser,
    resetService: async () => {
      await service.stop();
      service = await startServiceWaiting(emulator);
      org.service = service;
    },
    stop: async () => {
      await browser.close();
      await service.stop();
      await emulator.stop();
    },
  };
  return org;
}

/**
 * The service's port is fixed by the build; another test run on this machine may hold it for a
 * while (e2e files run in band, but several checkouts may not): wait for it, then say so plainly.
 */
export async function startServiceWaiting(
  emulator: EmulatorHandle,
  allowedOrigins: string[] = [],
): Promise<RunningService> {
  const end = Date.now() + 120_000;
  for (;;) {
    try {
      return await startLocalService(emulator, { quiet: true, allowedOrigins });
    } catch (e) {
      const busy = (e as { code?: string }).code === "EADDRINUSE";
      if (!busy || Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export interface OpenOptions {
  /** Who the page is signed in as; each page keeps its own user (default: the fixture's). */
  userId?: string;
  theme?: "light" | "dark";
}

/** The iframe of a contribution (by the end of its id, e.g. "backup-hub"), as a FrameLocator. */
export function contributionFrame(page: Page, contributionSuffix: string): FrameLocator {
  return page.frameLocator(`iframe[data-contribution-id$=".${contributionSuffix}"]`);
}

/**
 * Opens a host page of the organization as a user. The host asks the control API for tokens
 * of "the current user"; the page's token requests are pinned to its own user, so two pages can
 * be two admins at once.
 */
export async function openHostPage(
  org: Organization,
  path: string,
  options: OpenOptions = {},
): Promise<Page> {
  const page = await org.browser.newPage();
  const userId = options.userId;
  if (userId) {
    org.emulator.setCurrentUser(userId);
    await page.route(`${org.emulator.hostUrl}/_emulator/token`, async (route) => {
      const body = JSON.parse(route.request().postData() ?? "{}") as Record<string, unknown>;
      await route.continue({
        postData: JSON.stringify({ ...body, userId }),
        headers: { ...route.request().headers(), "content-type": "application/json" },
      });
    });
  }
  if (options.theme) await page.emulateMedia({ colorScheme: options.theme });
  const url = path.startsWith("http") ? path : `${org.emulator.orgUrl}${path}`;
  await page.goto(url);
  return page;
}

export interface HubPage {
  page: Page;
  hub: FrameLocator;
}

/** Organization settings › Backup, as a user. */
export async function openBackupHub(
  org: Organization,
  options: OpenOptions = {},
): Promise<HubPage> {
  const page = await openHostPage(org, "/_settings/backup-hub", options);
  return { page, hub: contributionFrame(page, "backup-hub") };
}

/** Writes an extension data document directly, as some other client would (e.g. a corrupt one). */
export async function putDocument(
  org: Organization,
  collection: string,
  doc: Record<string, unknown>,
  userId: string = USERS.avery,
): Promise<void> {
  const token = org.emulator.issueToken(userId);
  const url = `${org.emulator.areaUrls.extmgmt}/_apis/ExtensionManagement/InstalledExtensions/ado-backup/backup-enablement/Data/Scopes/Default/Current/Collections/${collection}/Documents`;
  const response = await fetch(url, {
    method: "PUT",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Accept: "application/json;api-version=7.1-preview.1",
    },
    body: JSON.stringify({ __etag: -1, ...doc }),
  });
  if (!response.ok) throw new Error(`PUT ${collection}/${String(doc.id)}: ${response.status}`);
}

/** Every extension-data document the emulator holds in a collection of ours. */
export function storedDocuments(org: Organization, collection: string): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (const [key, coll] of org.emulator.state.documents)
    if (key.split("\u0000").includes(collection)) docs.push(...coll.values());
  return docs;
}

/** Waits until `check` returns true (polling), or fails with what was last seen. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The value shown for a term of a definition list (e.g. the overview's facts). */
export function factValue(frame: FrameLocator, term: string) {
  return frame
    .getByRole("term")
    .filter({ hasText: term })
    .locator("xpath=following-sibling::dd[1]");
}

/** An entry of the hub's change history that shows `text`. */
export function historyEntry(frame: FrameLocator, text: string | RegExp) {
  return frame.getByRole("list", { name: "Change history" }).getByText(text);
}

/** Saves a scope change through the backup service as a fixture user, as the hub would. */
export function saveScopeAs<T = unknown>(
  org: Pick<Organization, "emulator" | "service">,
  userId: string,
  request: SaveScopeRequest,
): Promise<{ status: number; body: T }> {
  return serviceCall<T>(org, userId, "POST", "/scope/changes", request);
}

/**
 * Waits until the value shown for `term` contains `text` (with `atStart`, begins with it): the
 * hub's overview after a load, a save or a check.
 */
export function untilFact(
  frame: FrameLocator,
  term: string,
  text: string,
  { atStart = false } = {},
): Promise<void> {
  return until(`"${term}" shows "${text}"`, async () => {
    const shown = (await factValue(frame, term).textContent()) ?? "";
    return atStart ? shown.startsWith(text) : shown.includes(text);
  });
}

/**
 * A call to the backup service as a fixture user, the way the marketplace extension makes it (an
 * app token and the user's Azure DevOps token): what a test reads back, or a forged client tries.
 */
export async function serviceCall<T = unknown>(
  org: Pick<Organization, "emulator" | "service">,
  userId: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const url = `${org.service.url}/api/v1/organizations/${org.emulator.organization.name}${path}`;
  const send = () =>
    fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${org.emulator.issueAppToken(userId)}`,
        [AZURE_DEVOPS_TOKEN_HEADER]: org.emulator.issueToken(userId),
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  // A kept-alive socket to the service a reset replaced fails once; the next one is fresh.
  const response = await send().catch(() => send());
  return { status: response.status, body: (await response.json()) as T };
}

/** The organization's state as the service answers a fixture user (GET /state). */
export async function stateAs(
  org: Pick<Organization, "emulator" | "service">,
  userId: string,
): Promise<OrganizationStateWire> {
  const { status, body } = await serviceCall<OrganizationStateWire>(org, userId, "GET", "/state");
  if (status !== 200) throw new Error(`GET /state: ${status}`);
  return body;
}

/** The scope as the service stores it, by project id (what the backup engine reads). */
export async function storedScope(org: Pick<Organization, "emulator" | "service">): Promise<{
  entries: Map<string, ScopeEntryWire>;
  settings: OrganizationStateWire["scope"]["settings"];
}> {
  const body = await stateAs(org, USERS.avery);
  return {
    entries: new Map(body.scope.entries.map((e) => [e.projectId, e])),
    settings: body.scope.settings,
  };
}

/** The service's history, newest first. */
export async function storedHistory(
  org: Pick<Organization, "emulator" | "service">,
): Promise<AuditRecord[]> {
  const { status, body } = await serviceCall<HistoryPage>(org, USERS.avery, "GET", "/history");
  if (status !== 200) throw new Error(`GET /history: ${status}`);
  return body.records;
}
