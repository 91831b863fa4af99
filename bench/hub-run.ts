// One measured visit of Organization settings › Backup in a fresh browser context: what the hub
// loads, how long until its overview shows and how many sequential request rounds that took,
// listing every project, selecting all and saving. Rounds and writes are the hub frame's own
// requests as the browser sent them (to Azure DevOps and to the backup service, each including
// its CORS preflight): the service's own calls to Azure DevOps happen inside its answers.
import { gzipSync } from "node:zlib";
import type { Browser, Frame, Page, Request, Response } from "playwright-core";
import type { EmulatorHandle, RequestLogEntry } from "../emulator/server/index";
import { installProbe, type ProbeMarks } from "./probe";
import { requestsWithin, sequentialRounds, withPreflights, type LoggedRequest } from "./rounds";

export interface LoadedAsset {
  url: string;
  kind: "script" | "stylesheet";
  raw: number;
  gzip: number;
  /** Epoch ms (Node's clock) when its response began to arrive. */
  loadedAt: number;
}

export interface AssetTotals {
  jsRaw: number;
  jsGzip: number;
  cssRaw: number;
  cssGzip: number;
  files: string[];
}

export interface HubRunFigures {
  beforeInteractive: AssetTotals;
  later: AssetTotals;
  /** Hub iframe inserted → every overview fact shown. */
  overviewMs: number;
  /**
   * Longest chain of non-overlapping REST requests in that time: each request together with its
   * CORS preflight (the rounds the hub's code waits for) / every preflight a round of its own
   * (the network round trips).
   */
  overviewRounds: number;
  overviewRoundsWithPreflights: number;
  overviewRequests: number;
  overviewPreflights: number;
  /** Hub iframe inserted → the last of its initial JavaScript and CSS began to arrive. */
  assetsLoadedMs: number;
  /** Hub iframe inserted → the hub's first REST request (loading, SDK handshake, token). */
  firstRequestMs: number;
  /** Hub iframe inserted → the overview shows the final project count. */
  listMs: number;
  listRequests: number;
  listPreflights: number;
  listRounds: number;
  listRoundsWithPreflights: number;
  /** Of those requests, how many came over HTTP/2 (the emulator's https mode, as dev.azure.com). */
  listRequestsOverHttp2: number;
  /** Used JS heap of the hub's frame after listing (after a garbage collection), bytes. */
  heapAfterListBytes: number;
  heapSource: "cdp-frame" | "performance.memory";
  /** "Confirm and save" pressed → "Saved N changes" shown. */
  saveMs: number;
  saveWrites: number;
  saveReads: number;
  savedChanges: number;
  /** Every REST request and mark of the run, in ms from the iframe's insertion (for diagnosis). */
  timeline: string[];
}

export interface HubRunOptions {
  emulator: EmulatorHandle;
  /** The backup service the hub was built for. */
  serviceUrl: string;
  browser: Browser;
  latencyMs: number;
  userId: string;
  timeoutMs: number;
  log: (line: string) => void;
}

class BenchTimeout extends Error {}

/** A request the hub's frame sent (fetch), timed on Node's clock from the browser's events. */
interface HubRequest extends LoggedRequest {
  /** The backup service, or Azure DevOps. */
  to: "service" | "azure-devops";
}

const HUB_DOCUMENT = /\/backup-hub\/[^/]+\.html$/;

/** Records every fetch of the hub's frame, from the browser's request events. */
function recordHubRequests(page: Page, serviceUrl: string): HubRequest[] {
  const seen: HubRequest[] = [];
  const byRequest = new Map<Request, HubRequest>();
  page.on("request", (r) => {
    if (r.resourceType() !== "fetch" && r.resourceType() !== "xhr") return;
    const frameUrl = r.frame().url() || "about:blank";
    if (!HUB_DOCUMENT.test(new URL(frameUrl, "http://x").pathname)) return;
    const entry: HubRequest = {
      method: r.method(),
      url: r.url(),
      startedAt: nodeNow(),
      endedAt: -1,
      to: r.url().startsWith(`${serviceUrl}/`) ? "service" : "azure-devops",
    };
    byRequest.set(r, entry);
    seen.push(entry);
  });
  const end = (r: Request): void => {
    const entry = byRequest.get(r);
    if (entry) entry.endedAt = nodeNow();
  };
  page.on("requestfinished", end);
  page.on("requestfailed", end);
  return seen;
}

const isPreflight = (r: RequestLogEntry): boolean => r.method === "OPTIONS";
const isWriteMethod = (method: string): boolean =>
  ["PUT", "POST", "PATCH", "DELETE"].includes(method);
const isProjectsList = (r: RequestLogEntry): boolean =>
  r.method === "GET" && /\/_apis\/projects\/?$/i.test(r.path);
const isProjectsPreflight = (r: RequestLogEntry): boolean =>
  isPreflight(r) && /\/_apis\/projects\/?$/i.test(r.path);

// Node's global `performance` (not an import: swc would rename the name inside the callbacks
// Playwright serialises into the browser).
function nodeNow(): number {
  return performance.timeOrigin + performance.now();
}

function timed(
  entries: readonly RequestLogEntry[],
): (LoggedRequest & { entry: RequestLogEntry })[] {
  return entries.map((entry) => ({
    method: entry.method,
    url: `${entry.path}?${entry.query}`,
    startedAt: entry.startedAtEpochMs,
    endedAt: entry.endedAtEpochMs === 0 ? -1 : entry.endedAtEpochMs,
    entry,
  }));
}

/**
 * Offset of a frame's clock from Node's (browser epoch − Node epoch), from the quickest of a few
 * round trips. Each renderer process derives its own time origin, so marks are corrected per frame
 * before they are compared with the emulator's request log.
 */
async function clockOffset(frame: Frame): Promise<number> {
  let best = { spread: Infinity, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const before = nodeNow();
    const inBrowser = await frame.evaluate(() => performance.timeOrigin + performance.now());
    const after = nodeNow();
    if (after - before < best.spread)
      best = { spread: after - before, offset: inBrowser - (before + after) / 2 };
  }
  return best.offset;
}

async function waitForMark(
  frame: Frame,
  mark: keyof ProbeMarks,
  what: string,
  timeoutMs: number,
): Promise<number> {
  try {
    const handle = await frame.waitForFunction(
      (name) =>
        (window as unknown as { __benchMarks?: Record<string, number> }).__benchMarks?.[name],
      mark,
      { timeout: timeoutMs, polling: 50 },
    );
    return (await handle.jsonValue()) as number;
  } catch (e) {
    throw new BenchTimeout(
      `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what} (${(e as Error).message.split("\n")[0]})`,
    );
  }
}

async function hubFrame(page: Page, timeoutMs: number): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const frame = page
      .frames()
      .find((f) =>
        /\/backup-hub\/[^/]+\.html$/.test(new URL(f.url() || "about:blank", "http://x").pathname),
      );
    if (frame) return frame;
    if (Date.now() > end)
      throw new BenchTimeout(
        `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the hub's iframe to load backup-hub.html`,
      );
    await page
      .waitForEvent("framenavigated", { timeout: Math.max(1, end - Date.now()) })
      .catch(() => undefined);
  }
}

function totals(assets: readonly LoadedAsset[]): AssetTotals {
  const sum = (kind: LoadedAsset["kind"], key: "raw" | "gzip"): number =>
    assets.filter((a) => a.kind === kind).reduce((n, a) => n + a[key], 0);
  return {
    jsRaw: sum("script", "raw"),
    jsGzip: sum("script", "gzip"),
    cssRaw: sum("stylesheet", "raw"),
    cssGzip: sum("stylesheet", "gzip"),
    files: assets.map((a) => new URL(a.url).pathname.split("/").slice(-2).join("/")),
  };
}

async function heapOf(
  page: Page,
  frame: Frame,
): Promise<{ bytes: number; source: HubRunFigures["heapSource"] }> {
  try {
    // An out-of-process iframe (the extension's origin is another site) has its own CDP target.
    const cdp = await page.context().newCDPSession(frame);
    try {
      await cdp.send("HeapProfiler.collectGarbage");
      const usage = await cdp.send("Runtime.getHeapUsage");
      return { bytes: usage.usedSize, source: "cdp-frame" };
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  } catch {
    const bytes = await frame.evaluate(
      () =>
        (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
          ?.usedJSHeapSize ?? 0,
    );
    return { bytes, source: "performance.memory" };
  }
}

export async function runHub(options: HubRunOptions): Promise<HubRunFigures> {
  const { emulator, browser, timeoutMs, log } = options;
  emulator.reset();
  emulator.setFaults({ latencyMs: options.latencyMs, latencyJitterMs: 0 });
  emulator.setCurrentUser(options.userId);
  emulator.clearRequestLog();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(installProbe);
    const page = await context.newPage();
    const hubRequests = recordHubRequests(page, options.serviceUrl);
    const assets: LoadedAsset[] = [];
    const pendingBodies: Promise<void>[] = [];
    page.on("response", (response: Response) => {
      const kind = response.request().resourceType();
      if (kind !== "script" && kind !== "stylesheet") return;
      if (!response.url().startsWith(emulator.extensionUrl)) return; // the host's own files are not the hub's
      // Headers arrived: a file that started arriving before the overview was needed for it.
      const loadedAt = nodeNow();
      pendingBodies.push(
        response.body().then(
          (body) => {
            assets.push({
              url: response.url(),
              kind,
              raw: body.length,
              gzip: gzipSync(body, { level: 9 }).length,
              loadedAt,
            });
          },
          (e: unknown) => log(`  could not read ${response.url()}: ${(e as Error).message}`),
        ),
      );
    });

    await page.goto(`${emulator.orgUrl}/_settings/backup-hub`, { timeout: timeoutMs });
    const iframeAtHost = await waitForMark(
      page.mainFrame(),
      "iframeCreated",
      "the host to insert the hub's iframe",
      timeoutMs,
    );
    const hostOffset = await clockOffset(page.mainFrame());
    const frame = await hubFrame(page, timeoutMs);
    const overviewAtHub = await waitForMark(
      frame,
      "overviewShown",
      "the hub's overview to show every fact",
      timeoutMs,
    );
    const hubOffset = await clockOffset(frame);
    const iframeCreated = iframeAtHost - hostOffset;
    const overviewShown = overviewAtHub - hubOffset;

    const listedAtHub = await waitForMark(
      frame,
      "projectsListed",
      "the overview to show the final project count",
      timeoutMs,
    );
    const projectsListed = listedAtHub - hubOffset;
    const heap = await heapOf(page, frame);
    const listLog = emulator.requestLog.slice();

    // Select all, Save, Confirm, through the hub's own controls.
    const hub = page.frameLocator('iframe[data-contribution-id$=".backup-hub"]');
    const selectAll = hub.getByRole("button", { name: "Select all", exact: true });
    await selectAll.click({ timeout: timeoutMs }).catch((e: unknown) => {
      throw new BenchTimeout(
        `Could not press "Select all": ${(e as Error).message.split("\n")[0]}`,
      );
    });
    await hub.getByRole("button", { name: /^Save/ }).click({ timeout: timeoutMs });
    await hub
      .getByRole("dialog")
      .getByRole("button", { name: "Confirm and save" })
      .click({ timeout: timeoutMs });
    const confirmAtHub = await waitForMark(
      frame,
      "confirmClicked",
      "the click on Confirm and save to register",
      timeoutMs,
    );
    const savedAtHub = await waitForMark(frame, "saved", "the hub to report the save", timeoutMs);
    const savedText =
      (await hub
        .getByText(/Saved [\d.,\s\u00a0\u202f]+ changes?/)
        .first()
        .textContent()) ?? "";
    const savedChanges = Number(
      /Saved ([\d.,\s\u00a0\u202f]+) change/.exec(savedText)?.[1]?.replace(/\D/g, "") ?? "NaN",
    );

    await Promise.all(pendingBodies);
    // Let requests still in flight (the reads after a save) finish, so every write is counted.
    const settleBy = Date.now() + 10_000;
    while (
      (emulator.requestLog.some((r) => r.endedAt === 0) ||
        hubRequests.some((r) => r.endedAt < 0)) &&
      Date.now() < settleBy
    )
      await new Promise((r) => setTimeout(r, 25));
    const fullLog = emulator.requestLog.slice();

    // The overview window: from the iframe's insertion to the complete overview. Rounds are the
    // hub's own requests; round trips at Azure DevOps (every preflight a round) are informative,
    // and include what the service asks Azure DevOps while it answers.
    const overviewWindow = requestsWithin(timed(listLog), iframeCreated, overviewShown);
    const hubOverview = requestsWithin(hubRequests, iframeCreated, overviewShown);
    const listWindow = requestsWithin(timed(listLog), iframeCreated, projectsListed);
    const confirmAt = confirmAtHub - hubOffset;
    const savedAt = savedAtHub - hubOffset;
    const hubAfterConfirm = hubRequests.filter((r) => r.startedAt >= confirmAt);
    const interactiveAt = overviewShown;

    const at = (t: number): string => (t - iframeCreated).toFixed(1);
    const timeline = [
      ...hubRequests.map(
        (r) =>
          `${at(r.startedAt)}..${r.endedAt < 0 ? "?" : at(r.endedAt)} hub → ${r.to} ${r.method} ${r.url.replace(/^.*?\/(_apis|api\/v1)\//, "")}`,
      ),
      ...fullLog.map(
        (r) =>
          `${at(r.startedAtEpochMs)}..${r.endedAtEpochMs === 0 ? "?" : at(r.endedAtEpochMs)} ${r.method} ${r.path.replace(/^.*?\/_apis\//, "")}${r.query ? `?${r.query.slice(0, 40)}` : ""} ${r.status}`,
      ),
      `${at(overviewShown)} mark overview shown`,
      `${at(projectsListed)} mark projects listed`,
      `${at(confirmAt)} mark confirm clicked`,
      `${at(savedAt)} mark saved`,
    ].sort((a, b) => parseFloat(a) - parseFloat(b));

    return {
      timeline,
      beforeInteractive: totals(assets.filter((a) => a.loadedAt <= interactiveAt)),
      later: totals(assets.filter((a) => a.loadedAt > interactiveAt)),
      overviewMs: overviewShown - iframeCreated,
      overviewRounds: sequentialRounds(hubOverview),
      overviewRoundsWithPreflights: sequentialRounds(overviewWindow),
      overviewRequests: hubOverview.length,
      overviewPreflights: overviewWindow.filter((r) => isPreflight(r.entry)).length,
      assetsLoadedMs:
        Math.max(...assets.filter((a) => a.loadedAt <= interactiveAt).map((a) => a.loadedAt)) -
        iframeCreated,
      firstRequestMs:
        Math.min(
          ...timed(listLog)
            .filter((r) => r.startedAt >= iframeCreated)
            .map((r) => r.startedAt),
        ) - iframeCreated,
      listMs: projectsListed - iframeCreated,
      listRequests: listLog.filter(isProjectsList).length,
      listPreflights: listLog.filter(isProjectsPreflight).length,
      listRounds: sequentialRounds(withPreflights(listWindow)),
      listRoundsWithPreflights: sequentialRounds(listWindow),
      listRequestsOverHttp2: listLog.filter((r) => isProjectsList(r) && r.httpVersion === "2.0")
        .length,
      heapAfterListBytes: heap.bytes,
      heapSource: heap.source,
      saveMs: savedAtHub - confirmAtHub,
      saveWrites: hubAfterConfirm.filter((r) => isWriteMethod(r.method)).length,
      saveReads: hubAfterConfirm.filter((r) => r.method === "GET" && r.startedAt <= savedAt).length,
      savedChanges,
    };
  } finally {
    await context.close();
  }
}

export { BenchTimeout };
