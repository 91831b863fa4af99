// The marketplace pages webpack writes (scripts/html-pages.js, the same patterns webpack.config.js
// uses): one per contribution the manifest names, at the path it names, and a CSP that lets a
// production page reach only the service, Azure DevOps and Entra, and load no image from this
// machine; a build for a local service (npm start, tests) adds the emulated organization.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { contributionCsp, pageCopies, type BuiltService } from "../../scripts/html-pages";

const root = join(__dirname, "..", "..");
const PRODUCTION: BuiltService = { origin: "https://backup.example.com", local: false };
const LOCAL: BuiltService = { origin: "http://127.0.0.1:8090", local: true };

/** Each page webpack would write for this service: its path under dist/ and its HTML. */
function pagesFor(service: BuiltService): Map<string, string> {
  return new Map(
    pageCopies(join(root, "src", "contributions"), ".", contributionCsp(service)).map((p) => [
      p.to,
      p.transform(readFileSync(p.from)),
    ]),
  );
}

/** The CSP a page declares, directive by directive. */
function cspOf(html: string): Map<string, string[]> {
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
  if (csp === undefined) throw new Error("The page declares no Content-Security-Policy");
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name = "", ...values]) => [name, values]),
  );
}

test("every page the manifest names is written, with its own script", () => {
  const manifest = JSON.parse(readFileSync(join(root, "vss-extension.json"), "utf8")) as {
    contributions: { properties: { uri?: string } }[];
  };
  const named = manifest.contributions
    .map((c) => c.properties.uri)
    .filter((uri): uri is string => uri !== undefined)
    .map((uri) => uri.replace(/^dist\//, ""));
  const pages = pagesFor(PRODUCTION);
  expect([...pages.keys()].sort()).toEqual([...new Set(named)].sort());
  for (const [file, html] of pages) {
    const id = file.split("/")[0];
    expect(html).toContain(`<script src="${id}.js"></script>`);
    expect(html).toContain('<link rel="stylesheet" href="../static/theme.css" />');
    expect(html).not.toMatch(/\{\{\w+\}\}/);
  }
});

test("a production page loads no image from, and connects to nothing on, this machine", () => {
  for (const html of pagesFor(PRODUCTION).values()) {
    const csp = cspOf(html);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "https:"]);
    expect(csp.get("connect-src")).toEqual([
      "https://backup.example.com",
      "https://dev.azure.com",
      "https://*.dev.azure.com",
      "https://*.visualstudio.com",
      "https://login.microsoftonline.com",
    ]);
    expect(html).not.toMatch(/localhost|127\.0\.0\.1/);
  }
});

test("a page built for a local service reaches the emulated organization on loopback", () => {
  for (const html of pagesFor(LOCAL).values()) {
    const csp = cspOf(html);
    for (const directive of ["img-src", "connect-src"])
      expect(csp.get(directive)).toEqual(
        expect.arrayContaining(["http://localhost:*", "http://127.0.0.1:*"]),
      );
    expect(csp.get("connect-src")?.[0]).toBe("http://127.0.0.1:8090");
  }
});
