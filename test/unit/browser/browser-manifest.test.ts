// The browser extension's manifest per variant (scripts/browser-manifest.js, run by webpack): the
// published one names Azure DevOps, Entra and the backup service only, in its host permissions and
// in its CSP's connect-src; the development one adds the emulated organization on local hosts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type BrowserManifest,
  browserManifest,
  localAddressesIn,
} from "../../../scripts/browser-manifest";

const source = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "manifest.json"), "utf8"),
) as BrowserManifest;
const SERVICE = "https://backup.example.com/base/";

const directives = (m: BrowserManifest): Map<string, string[]> =>
  new Map(
    m.content_security_policy.extension_pages
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name = "", ...values]) => [name, values]),
  );

describe("the published browser extension's manifest", () => {
  const published = browserManifest(source, "production", SERVICE);

  test("may act only on Azure DevOps and Microsoft Entra", () => {
    expect(published.host_permissions).toEqual([
      "https://dev.azure.com/*",
      "https://*.dev.azure.com/*",
      "https://*.visualstudio.com/*",
      "https://login.microsoftonline.com/*",
    ]);
  });

  test("connects only to those hosts and the backup service fixed at build time", () => {
    expect(directives(published).get("connect-src")).toEqual([
      "'self'",
      "https://dev.azure.com",
      "https://*.dev.azure.com",
      "https://*.visualstudio.com",
      "https://login.microsoftonline.com",
      "https://backup.example.com",
    ]);
    expect(directives(published).get("script-src")).toEqual(["'self'"]);
  });

  test("names no local address anywhere, manifest.json itself included", () => {
    expect(localAddressesIn(JSON.stringify(source))).toEqual([]);
    expect(localAddressesIn(JSON.stringify(published))).toEqual([]);
  });

  test("refuses a backup service that is not https:", () => {
    expect(() => browserManifest(source, "production", "http://backup.example.com")).toThrow(
      "The backup service's URL must be https: in the published extension: http://backup.example.com",
    );
  });
});

describe("the development variant's manifest", () => {
  const dev = browserManifest(source, "development", "http://localhost:7071");

  test("adds the emulated organization's local hosts, on any port, and says it is for development", () => {
    expect(dev.host_permissions).toEqual([
      ...browserManifest(source, "production").host_permissions,
      "http://localhost/*",
      "https://localhost/*",
      "http://127.0.0.1/*",
      "https://127.0.0.1/*",
    ]);
    expect(directives(dev).get("connect-src")).toEqual(
      expect.arrayContaining(["http://localhost:*", "https://127.0.0.1:*"]),
    );
    expect(dev.name).toBe("ADO Backup (development)");
    expect(dev.name.length).toBeLessThanOrEqual(45); // web-ext lint's limit
    expect(dev.browser_specific_settings.gecko.id).toBe("backup-enablement-dev@ado-backup");
    expect(browserManifest(source, "production").browser_specific_settings).toEqual(
      source.browser_specific_settings,
    );
  });

  test("is what the local-address check catches", () => {
    expect(localAddressesIn(JSON.stringify(dev))).toEqual(["localhost", "127.0.0.1"]);
  });
});

test("the local-address check finds every spelling of this machine, and not look-alikes", () => {
  expect(
    localAddressesIn("http://LOCALHOST:1/ https://127.0.0.2/ http://[::1]:80/ 0.0.0.0 localhost"),
  ).toEqual(["LOCALHOST", "127.0.0.2", "[::1]", "0.0.0.0", "localhost"]);
  expect(localAddressesIn("variant.localHosts notlocalhost.example 10.127.0.0.1x")).toEqual([]);
});
