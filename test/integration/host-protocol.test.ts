// Proof that the emulated host is faithful: a probe contribution built from the REAL
// azure-devops-extension-sdk and -api (test/integration/probe), packaged into a .vsix with tfx,
// is hosted by the emulator's host page in headless Chromium and drives every part of the
// protocol a marketplace extension relies on.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/chromium";
import { contributionCsp, htmlPage } from "../../scripts/html-pages";
import { createVsix } from "../../scripts/tfx";
import webpack, { type Configuration } from "webpack";
import { generateOrganization } from "../../emulator/fixtures/generate";
import type { EmulatorHandle } from "../../emulator/server/index";
import { startTestEmulator } from "./support";

jest.setTimeout(180_000);

const root = join(__dirname, "..", "..");
const probeSource = join(__dirname, "probe");
const publisher = "probe-publisher";
const extensionId = "host-probe";
const probeClientId = "00000000-0000-0000-0000-00000000beef"; // as in probe/index.ts
const fullId = (id: string): string => `${publisher}.${extensionId}.${id}`;

interface ProbeState {
  role?: string;
  results: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read back from the page
  actionContexts: { via: string; context: unknown }[];
  themeEvents: string[];
  dialogResult?: unknown;
  done?: boolean;
  error?: string;
}

function compile(config: Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors())
        return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

/** The probe as a marketplace package: bundle, HTML and manifest → .vsix (tfx, offline). */
async function packageProbe(workDir: string): Promise<string> {
  const dist = join(workDir, "dist");
  mkdirSync(dist, { recursive: true });
  await compile({
    mode: "development",
    devtool: false,
    context: root,
    entry: join(probeSource, "index.ts"),
    output: { path: dist, filename: "probe.js" },
    resolve: { extensions: [".ts", ".js"] },
    module: { rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: "swc-loader" } }] },
  });
  // The probe's page is made as the product's pages are: the same template, and the CSP of a
  // build for a local service.
  const page = htmlPage(readFileSync(join(root, "src", "contributions", "page.html"), "utf8"), {
    id: "probe",
    title: "Host protocol probe",
    csp: contributionCsp({ origin: "http://127.0.0.1:8090", local: true }),
  });
  writeFileSync(join(dist, "probe.html"), page);
  copyFileSync(join(probeSource, "vss-extension.json"), join(workDir, "vss-extension.json"));
  return createVsix({ cwd: workDir, outDir: join(workDir, "out") });
}

/** The host bundle `npm run build` makes; built here only when a test runs on its own. */
async function ensureHostBundle(): Promise<void> {
  if (existsSync(join(root, "dist", "host", "host.js"))) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- webpack.config.js is CommonJS
  const configs = require(join(root, "webpack.config.js")) as ((
    env: unknown,
    argv: { mode: string },
  ) => Configuration)[];
  const host = configs.map((c) => c({}, { mode: "development" })).find((c) => c.name === "host");
  if (!host) throw new Error('webpack.config.js has no "host" config');
  await compile(host);
}

let emulator: EmulatorHandle;
let browser: Browser;
let page: Page;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "host-probe-"));
  const [vsixPath] = await Promise.all([packageProbe(workDir), ensureHostBundle()]);
  emulator = await startTestEmulator({
    fixture: {
      ...generateOrganization({ projects: 10_000, seed: 7 }),
      // The probe's nested app auth asks for this app, to which no admin has consented yet.
      entraApps: [
        {
          clientId: probeClientId,
          displayName: "Host probe",
          spaRedirectUris: ["https://dev.azure.com/_public/_MsalPopup"],
        },
        // Registered with a Web redirect URI only: nested app auth is refused.
        { clientId: "00000000-0000-0000-0000-00000000cafe", displayName: "Misregistered" },
      ],
    },
    vsixPath,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });
});

afterAll(async () => {
  await browser?.close();
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

beforeEach(async () => {
  const context = await browser.newContext();
  page = await context.newPage();
  page.on("pageerror", (e) => console.error(`host page error: ${e.message}`));
});

afterEach(async () => {
  await page.context().close();
});

async function frameOf(selector: string): Promise<Frame> {
  const handle = await page.locator(selector).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no frame for ${selector}`);
  return frame;
}

const probeState = (frame: Frame): Promise<ProbeState> =>
  frame.evaluate(() => (window as unknown as { probe: ProbeState }).probe);

async function openProbeHub(): Promise<Frame> {
  await page.goto(`${emulator.orgUrl}/_settings/probe-hub`);
  const hub = page.frameLocator('iframe[title="Probe"]');
  await hub.getByText(/Probe (finished|failed)/).waitFor();
  const frame = await frameOf('iframe[title="Probe"]');
  const state = await probeState(frame);
  expect(state.error).toBeUndefined();
  return frame;
}

test("the real SDK completes the handshake and gets a token, services, data, every project and nested app auth", async () => {
  const frame = await openProbeHub();
  const { results } = await probeState(frame);
  const user = emulator.state.currentUser;

  expect(results.handshake.contributionId).toBe(fullId("probe-hub"));
  expect(results.handshake.extension).toMatchObject({
    id: `${publisher}.${extensionId}`,
    publisherId: publisher,
    extensionId,
    version: "1.0.0",
  });
  expect(results.handshake.user).toMatchObject({
    id: user.id,
    displayName: user.displayName,
    descriptor: user.descriptor,
  });
  expect(results.handshake.host).toMatchObject({
    id: emulator.organization.id,
    name: emulator.organization.name,
    type: 4,
    isHosted: true,
  });
  expect(results.handshake.webContext.collection).toMatchObject({
    id: emulator.organization.id,
    name: emulator.organization.name,
  });
  expect(results.handshake.webContext.user).toMatchObject({ id: user.id, email: user.email });
  expect(results.accessTokenLength).toBeGreaterThan(0);
  expect(results.sameTokenAgain).toBe(true);
  expect(results.coreLocation).toBe(`${emulator.orgUrl}/`);
  // Extension data is on its own host, as extmgmt.dev.azure.com is; the api client finds it.
  expect(results.extensionDataLocation).toBe(`${emulator.areaUrls.extmgmt}/`);
  expect(results.clientDocument).toMatchObject({ value: "via the api client", __etag: 1 });
  expect(emulator.requestLog.some((e) => e.origin === "extmgmt" && e.method === "POST")).toBe(true);
  expect(results.pageProject).toBeNull();

  // Extension data through the data service: __etag survives XDM, a stale etag is refused.
  const { created, updated, read, stale, missing, settingDefault } = results.data;
  expect(created.__etag).toBeDefined();
  expect(updated.__etag).not.toEqual(created.__etag);
  expect(read).toMatchObject({ id: created.id, value: 2, __etag: updated.__etag });
  expect(stale.rejected).toBe(true);
  expect(stale.message).toEqual(expect.any(String));
  expect(stale.message.length).toBeGreaterThan(0);
  expect(missing.rejected).toBe(true);
  expect(settingDefault).toBe("fallback");

  // CoreRestClient.getProjects paged through all 10,000 generated projects with continuation tokens.
  expect(results.projects).toEqual({ unique: 10_000, pages: 10 });

  // Nested app auth: MSAL's envelope format both ways; Entra's consent_required becomes the
  // interaction-required error MSAL maps to InteractionRequiredAuthError("consent_required").
  expect(results.naaInit).toMatchObject({
    messageType: "NestedAppAuthResponse",
    success: true,
    initContext: { sdkName: expect.any(String) },
  });
  expect(results.naaToken).toMatchObject({
    messageType: "NestedAppAuthResponse",
    success: false,
    error: { status: "USER_INTERACTION_REQUIRED", code: "consent_required" },
  });

  expect(results.naaMisregistered).toMatchObject({
    messageType: "NestedAppAuthResponse",
    success: false,
    error: { status: "PERSISTENT_ERROR", code: "invalid_request" },
  });
  expect(results.naaMisregistered.error.description).toMatch(/^AADSTS50011/);

  // The loading indicator went away once the probe said it loaded.
  await expect(page.getByText("Loading Probe…").count()).resolves.toBe(0);
});

test("theme data reaches the frame at the handshake and again when the user switches theme", async () => {
  const frame = await openProbeHub();
  expect((await probeState(frame)).results.backgroundColor).toBe("rgba(255, 255, 255, 1)");
  const dark = page.getByRole("switch", { name: "Dark theme" });
  await dark.click();
  await frame.waitForFunction(() =>
    (window as unknown as { probe: ProbeState }).probe.themeEvents.includes("rgba(32, 31, 30, 1)"),
  );
  expect(await dark.getAttribute("aria-checked")).toBe("true");
  expect(new URL(page.url()).searchParams.get("theme")).toBe("dark");
  await page.reload();
  await page.frameLocator('iframe[title="Probe"]').getByText("Probe finished").waitFor();
  const reloaded = await frameOf('iframe[title="Probe"]');
  expect((await probeState(reloaded)).results.backgroundColor).toBe("rgba(32, 31, 30, 1)");
});

test("a custom dialog hosts its contribution, closes itself with a result, and Escape dismisses it", async () => {
  await openProbeHub();
  const hub = page.frameLocator('iframe[title="Probe"]');
  await hub.getByRole("button", { name: "Open probe dialog" }).click();
  const dialog = page.getByRole("dialog", { name: "Probe dialog" });
  await dialog.waitFor();
  expect(await dialog.getAttribute("aria-modal")).toBe("true");
  const inside = page.frameLocator('[role="dialog"] iframe');
  await inside.getByText("Greeting: hello from the hub").waitFor();
  await inside.getByRole("button", { name: "Close with result" }).click();
  await dialog.waitFor({ state: "detached" });
  await hub.getByText('Dialog closed with {"answer":42,"greeting":"hello from the hub"}').waitFor();

  await hub.getByRole("button", { name: "Open probe dialog" }).click();
  await dialog.waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  await hub.getByText("Dialog closed with undefined").waitFor();
});

test("projects grid: rows from REST, a keyboard menu of contributed actions, execute and getMenuItems with a row context", async () => {
  await page.goto(`${emulator.orgUrl}/_settings/projects`);
  await page.getByRole("status").filter({ hasText: "100 projects shown" }).waitFor();
  const first = emulator.state.sortedProjects()[0];
  if (!first) throw new Error("fixture has no projects");
  await page.getByRole("link", { name: first.name }).waitFor();

  const button = page.getByRole("button", { name: `More actions for ${first.name}` });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: `More actions for ${first.name}` });
  await menu.getByRole("menuitem", { name: `Probe item for ${first.name}` }).waitFor();
  const items = await menu.getByRole("menuitem").allTextContents();
  expect(items).toEqual(["Probe action", `Probe item for ${first.name}`]);
  await page.keyboard.press("Escape");
  await menu.waitFor({ state: "detached" });
  expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);

  await page.keyboard.press("Enter");
  await menu.getByRole("menuitem", { name: "Probe action" }).waitFor();
  await page.keyboard.press("Enter"); // the first item has focus
  await page
    .getByRole("status", { name: "Notifications" })
    .getByText(`Probe executed for ${first.name}`)
    .waitFor();

  await button.click();
  await menu.getByRole("menuitem", { name: `Probe item for ${first.name}` }).click();
  await page
    .getByRole("status", { name: "Notifications" })
    .getByText(`Probe item ran for ${first.name}`)
    .waitFor();

  const executed = await probeState(
    await frameOf(`iframe[data-contribution-id="${fullId("probe-action")}"]`),
  );
  expect(executed.actionContexts).toEqual([
    { via: "execute", context: { id: first.id, name: first.name, state: "wellFormed" } },
  ]);
  const itemized = await probeState(
    await frameOf(`iframe[data-contribution-id="${fullId("probe-items-action")}"]`),
  );
  expect(itemized.actionContexts).toEqual([
    { via: "getMenuItems", context: { id: first.id, name: first.name, state: "wellFormed" } },
  ]);

  await page.getByRole("button", { name: "Load more projects" }).click();
  await page.getByRole("status").filter({ hasText: "200 projects shown" }).waitFor();
});

test("project overview toolbar: the same actions get the { project } context", async () => {
  const project = emulator.state.sortedProjects()[1];
  if (!project) throw new Error("fixture has too few projects");
  await page.goto(`${emulator.orgUrl}/${encodeURIComponent(project.name)}`);
  await page.getByRole("heading", { level: 1, name: project.name }).waitFor();
  await page
    .getByRole("toolbar", { name: "Project actions" })
    .getByRole("button", { name: `More actions for ${project.name}` })
    .click();
  await page.getByRole("menuitem", { name: "Probe action" }).click();
  await page
    .getByRole("status", { name: "Notifications" })
    .getByText(`Probe executed for ${project.name}`)
    .waitFor();
  const executed = await probeState(
    await frameOf(`iframe[data-contribution-id="${fullId("probe-action")}"]`),
  );
  expect(executed.actionContexts).toEqual([
    { via: "execute", context: { project: { id: project.id, name: project.name } } },
  ]);
});

test("organization settings list the contributed hubs, and the user switcher signs in as another fixture user", async () => {
  await page.goto(`${emulator.orgUrl}/_settings/overview`);
  const nav = page.getByRole("navigation", { name: "Organization settings" });
  expect(await nav.getByRole("link").allTextContents()).toEqual(["Overview", "Projects", "Probe"]);
  const switcher = page.getByLabel("Signed in as");
  const other = emulator.state.users.find((u) => u.id !== emulator.state.currentUser.id);
  if (!other) throw new Error("fixture has one user");
  const before = emulator.state.currentUser.id;
  await Promise.all([page.waitForEvent("load"), switcher.selectOption(other.id)]);
  expect(emulator.state.currentUser.id).toBe(other.id);
  expect(await page.getByLabel("Signed in as").inputValue()).toBe(other.id);
  emulator.setCurrentUser(before);
});
