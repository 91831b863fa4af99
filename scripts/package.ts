// Packages what `npm run build` wrote: the marketplace .vsix (tfx-cli) and the browser-extension
// zip (web-ext lint, then web-ext build), both into out/. `--dev` packages the private development
// variant through tfx's overrides file, so there is only one manifest.
// `--service-url URL` fixes the backup service's URL (docs/decisions.md#service-url-fixed-at-packaging): the bundles and each page's CSP
// are built again with it when the build in dist/ was made for another one.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { localAddressesInFolder } from "./browser-manifest";
import { createVsix } from "./tfx";

const root = join(__dirname, "..");
const out = join(root, "out");
const dev = process.argv.includes("--dev");
const bin = (name: string): string => join(root, "node_modules", ".bin", name);
// The published browser extension, or with --dev the development variant (emulated organization).
const browserDir = dev ? "dist/browser-dev" : "dist/browser";

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const inline = process.argv.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

/** The service URL the build in dist/ baked in (webpack writes dist/service-url.json). */
function builtServiceUrl(): string | undefined {
  const marker = join(root, "dist", "service-url.json");
  if (!existsSync(marker)) return undefined;
  return (JSON.parse(readFileSync(marker, "utf8")) as { serviceUrl?: string }).serviceUrl;
}

const wantedServiceUrl = argValue("--service-url");
if (wantedServiceUrl !== undefined) {
  const origin = new URL(wantedServiceUrl).origin;
  if (builtServiceUrl() !== origin) {
    execFileSync(bin("webpack"), ["--mode", "production", "--env", `serviceUrl=${origin}`], {
      cwd: root,
      stdio: "inherit",
    });
  }
}

for (const dir of ["dist/ext", browserDir]) {
  if (!existsSync(join(root, dir))) {
    console.error(`${dir} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) {
  if (f.endsWith(".vsix") || f.endsWith(".zip")) rmSync(join(out, f));
}

const created = {
  path: createVsix({
    cwd: root,
    outDir: out,
    ...(dev ? { overridesFile: "vss-extension.dev.json" } : {}),
  }),
};

// The published extension must not reach, or take for an organization, anything on this machine.
const local = dev ? [] : localAddressesInFolder(join(root, browserDir));
if (local.length > 0) {
  console.error(`The published browser extension (${browserDir}) names local addresses:`);
  for (const f of local) console.error(`  ${f.file}: ${f.found.join(", ")}`);
  process.exit(1);
}

const lint = JSON.parse(
  (() => {
    try {
      return run(bin("web-ext"), [
        "lint",
        "--source-dir",
        browserDir,
        "--output",
        "json",
        "--no-input",
      ]);
    } catch (e) {
      // web-ext exits non-zero when it finds errors; its report is still on stdout.
      return (e as { stdout?: string }).stdout ?? "{}";
    }
  })(),
) as {
  count?: number;
  summary?: { errors: number; warnings: number };
  errors?: { code: string; message: string; file?: string }[];
};
const errors = lint.errors ?? [];
if (!lint.summary || errors.length > 0) {
  console.error("web-ext lint found errors in the browser extension:");
  for (const e of errors) console.error(`  ${e.code}: ${e.message}${e.file ? ` (${e.file})` : ""}`);
  process.exit(1);
}
run(bin("web-ext"), [
  "build",
  "--source-dir",
  browserDir,
  "--artifacts-dir",
  out,
  "--overwrite-dest",
  "--no-input",
  "--filename",
  dev ? "backup-enablement-browser-dev-{version}.zip" : "backup-enablement-browser-{version}.zip",
]);

const zip = readdirSync(out).find((f) => f.endsWith(".zip"));
const kb = (p: string): string => `${(statSync(p).size / 1024).toFixed(1)} KB`;
console.log(`vsix: ${created.path} (${kb(created.path)})`);
console.log(`backup service: ${builtServiceUrl() ?? "unknown (dist/service-url.json is missing)"}`);
if (zip)
  console.log(
    `browser zip: ${join(out, zip)} (${kb(join(out, zip))}); web-ext lint: 0 errors, ${lint.summary.warnings} warnings`,
  );
