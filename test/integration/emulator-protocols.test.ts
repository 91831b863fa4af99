// The protocols the emulated Azure DevOps origins speak. In https mode they negotiate HTTP/2 by
// ALPN, as dev.azure.com does, so a browser sends a listing's parallel pages (and their CORS
// preflights) together on one connection instead of six at a time.
import { connect, type ClientHttp2Session } from "node:http2";
import { get as httpsGet } from "node:https";
import { chromium, type Browser } from "playwright-core";
import { sequentialRounds, withPreflights } from "../../bench/rounds";
import { chromiumArgsTrusting } from "../../emulator/server/browser-trust";
import type { EmulatorHandle } from "../../emulator/server/index";
import { fetchTrusting } from "../../emulator/server/trusting-fetch";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/chromium";
import { startLargeOrganization, withEmulator } from "./support";

jest.setTimeout(120_000);

let secure: EmulatorHandle;

beforeAll(async () => {
  secure = await startLargeOrganization(11, { https: true });
});

afterAll(async () => {
  await secure?.stop();
});

function alpnOf(origin: string, ca: string): Promise<string | false | undefined> {
  return new Promise((resolve, reject) => {
    const session: ClientHttp2Session = connect(origin, { ca });
    session.once("connect", () => {
      resolve(session.alpnProtocol);
      session.close();
    });
    session.once("error", reject);
  });
}

function http1Status(url: string, ca: string): Promise<{ status: number; version: string }> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
    }).on("error", reject);
  });
}

test("by default the Azure DevOps origins are plain HTTP/1.1 and only Entra is https", async () => {
  await withEmulator({}, async (plain) => {
    expect(plain.hostUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(plain.areaUrls.extmgmt).toMatch(/^http:\/\/localhost:\d+\//);
    expect(plain.entraUrl).toMatch(/^https:\/\/localhost:\d+$/);
    const answer = await fetch(`${plain.orgUrl}/_apis/connectionData`);
    expect(answer.status).toBe(200);
    expect(plain.requestLog.at(-1)?.httpVersion).toBe("1.1");
  });
});

test("in https mode the host and the separate hosts negotiate HTTP/2, and still answer HTTP/1.1", async () => {
  expect(secure.hostUrl).toMatch(/^https:\/\/localhost:\d+$/);
  expect(await alpnOf(secure.hostUrl, secure.certificate)).toBe("h2");
  expect(await alpnOf(new URL(secure.areaUrls.extmgmt).origin, secure.certificate)).toBe("h2");

  secure.clearRequestLog();
  const overHttp1 = await http1Status(`${secure.orgUrl}/_apis/connectionData`, secure.certificate);
  expect(overHttp1).toEqual({ status: 200, version: "1.1" });
  const trusting = fetchTrusting(secure.certificate);
  const areas = (await (
    await trusting(`${secure.orgUrl}/_apis/resourceAreas/6c2b0933-3600-42ae-bf8b-93d4f7e83594`)
  ).json()) as { locationUrl: string };
  expect(areas.locationUrl).toBe(`${secure.areaUrls.extmgmt}/`);
  expect(secure.requestLog.map((r) => r.httpVersion)).toEqual(["1.1", "2.0"]);
});

test("in https mode a dropped request fails alone: the other requests on its connection are answered", async () => {
  const session = connect(secure.hostUrl, { ca: secure.certificate });
  const get = (path: string): Promise<string> =>
    new Promise((resolve) => {
      const stream = session.request({ ":path": `/${secure.organization.name}${path}` });
      let status = "no answer";
      stream.on("response", (head) => (status = String(head[":status"])));
      stream.resume();
      stream.on("error", () => undefined); // the reset, read from rstCode on close
      stream.on("close", () => resolve(stream.rstCode ? `reset ${stream.rstCode}` : status));
    });
  try {
    secure.setFaults({ nextDrop: 1 });
    const [dropped, answered] = await Promise.all([
      get("/_apis/connectionData"),
      get("/_apis/resourceAreas"),
    ]);
    expect(dropped).toBe("reset 2"); // INTERNAL_ERROR
    expect(answered).toBe("200");
    expect(await get("/_apis/connectionData")).toBe("200");
  } finally {
    secure.setFaults({ nextDrop: 0 });
    session.close();
  }
});

test("in https mode a browser lists 10,000 projects over HTTP/2 in two rounds, preflights included", async () => {
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...chromiumArgsTrusting(secure.certificate)],
      headless: true,
    });
    const page = await browser.newPage();
    // A page of the extension's origin, which the REST API answers with CORS.
    await page.goto(`${secure.extensionUrl}/_ext/none`);
    secure.setFaults({ latencyMs: 50, latencyJitterMs: 0 });
    secure.clearRequestLog();
    // The requests OrganizationService.listProjects sends: the first page, then the other nine at once.
    const listed = await page.evaluate(
      async ({ orgUrl, token }) => {
        const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
        const pageAt = async (skip: number): Promise<number> => {
          const query = skip ? `$top=1000&$skip=${skip}` : "$top=1000";
          const answer = await fetch(`${orgUrl}/_apis/projects?${query}`, { headers });
          return ((await answer.json()) as { count: number }).count;
        };
        const first = await pageAt(0);
        const rest = await Promise.all(Array.from({ length: 9 }, (_, i) => pageAt((i + 1) * 1000)));
        return rest.reduce((n, c) => n + c, first);
      },
      { orgUrl: secure.orgUrl, token: secure.issueToken() },
    );
    expect(listed).toBe(10_000);
    const log = secure.requestLog.slice();
    expect(log.filter((r) => r.method === "GET")).toHaveLength(10);
    expect(log.filter((r) => r.method === "OPTIONS")).toHaveLength(10); // one per page's URL
    expect(new Set(log.map((r) => r.httpVersion))).toEqual(new Set(["2.0"]));
    const spans = withPreflights(
      log.map((r) => ({
        method: r.method,
        url: `${r.path}?${r.query}`,
        startedAt: r.startedAtEpochMs,
        endedAt: r.endedAtEpochMs,
      })),
    );
    expect(sequentialRounds(spans)).toBe(2);
  } finally {
    secure.setFaults({ latencyMs: 0 });
    await browser?.close();
  }
});
