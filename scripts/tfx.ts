// The one way this repository calls `tfx extension create` (tfx-cli, offline): for the product's
// .vsix (scripts/package.ts) and for the host-protocol test's probe extension.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Packages the vss-extension.json in `cwd` into `outDir`; answers the .vsix's path. */
export function createVsix(opts: { cwd: string; outDir: string; overridesFile?: string }): string {
  const args = [
    "extension",
    "create",
    "--manifest-globs",
    "vss-extension.json",
    "--output-path",
    opts.outDir,
    "--no-prompt",
    "--json",
  ];
  if (opts.overridesFile) args.push("--overrides-file", opts.overridesFile);
  const tfx = join(__dirname, "..", "node_modules", ".bin", "tfx");
  const output = execFileSync(tfx, args, {
    cwd: opts.cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return (JSON.parse(output) as { path: string }).path;
}
