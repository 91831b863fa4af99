// What `npm run build` / `npm run package` wrote for the browser extension: the published folder
// and zip name no local address (so no local process can pose as Azure DevOps or Entra to it), and
// the development variant, in its own folder, is the one that does.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { unzip } from "../../emulator/server/extension-package";
import { localAddressesIn, localAddressesInFolder } from "../../scripts/browser-manifest";

const root = join(__dirname, "..", "..");
const published = join(root, "dist", "browser");
const development = join(root, "dist", "browser-dev");

function manifestIn(dir: string): { host_permissions: string[]; name: string } {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  return JSON.parse(readFileSync(file, "utf8")) as { host_permissions: string[]; name: string };
}

test("the published browser extension's build names no local address in any file", () => {
  expect(manifestIn(published).host_permissions).not.toContainEqual(
    expect.stringMatching(/localhost|127\.0\.0\.1/),
  );
  expect(localAddressesInFolder(published)).toEqual([]);
});

test("the development variant is built beside it and reaches the emulated organization", () => {
  const dev = manifestIn(development);
  expect(dev.name).toMatch(/\(development\)$/);
  expect(dev.host_permissions).toEqual(
    expect.arrayContaining(["http://localhost/*", "http://127.0.0.1/*"]),
  );
});

test("the packaged zip is the published variant", async () => {
  const out = join(root, "out");
  const zip = existsSync(out)
    ? readdirSync(out).find((f) => /^backup-enablement-browser-\d.*\.zip$/.test(f))
    : undefined;
  if (!zip) throw new Error("out/ has no browser zip: run `npm run package` first.");
  const files = await unzip(readFileSync(join(out, zip)));
  expect(files.has("manifest.json")).toBe(true);
  const named = [...files].filter(
    ([, file]) => localAddressesIn(file.toString("latin1")).length > 0,
  );
  expect(named.map(([name]) => name)).toEqual([]);
});
