// What `npm run build` / `npm run package` wrote for the browser extension: the published folder
// and zip name no local address (so no local process can pose as Azure DevOps or Entra to it), and
// the development variant, in its own folder, is the one that does.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import yauzl from "yauzl";
import { localAddressesIn, localAddressesInFolder } from "../../scripts/browser-manifest";

const root = join(__dirname, "..", "..");
const published = join(root, "dist", "browser");
const development = join(root, "dist", "browser-dev");

function manifestIn(dir: string): { host_permissions: string[]; name: string } {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  return JSON.parse(readFileSync(file, "utf8")) as { host_permissions: string[]; name: string };
}

/** Every file's text in a zip, by name. */
function zipTexts(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error(`unreadable zip ${file}`));
      const texts = new Map<string, string>();
      zip.on("error", reject);
      zip.on("end", () => resolve(texts));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`unreadable entry ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            texts.set(entry.fileName, Buffer.concat(chunks).toString("latin1"));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
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
  const texts = await zipTexts(join(out, zip));
  expect(texts.has("manifest.json")).toBe(true);
  const named = [...texts].filter(([, text]) => localAddressesIn(text).length > 0);
  expect(named.map(([name]) => name)).toEqual([]);
});
