// The packaged extension as the extension origin and the host pages see it: re-read when a newer
// .vsix appears in out/, so `npm run package` needs no restart of the emulator.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { newestVsix, readExtensionPackage, type ExtensionPackage } from "./extension-package";
import { repositoryRoot } from "./repository-paths";

const OUT = join(repositoryRoot, "out");

export class PackagedExtension {
  /** The check in flight: callers at the same moment share one read. */
  private checking: Promise<ExtensionPackage> | undefined;

  private constructor(
    /** A fixed .vsix (EmulatorOptions.vsixPath), or undefined: the newest in out/. */
    private readonly fixedPath: string | undefined,
    private latest: ExtensionPackage,
  ) {}

  static async open(fixedPath?: string): Promise<PackagedExtension> {
    return new PackagedExtension(
      fixedPath,
      await readExtensionPackage(fixedPath ?? (await newestVsix(OUT))),
    );
  }

  /** The package as it is now on disk (the one read before when nothing changed). */
  current(): Promise<ExtensionPackage> {
    this.checking ??= this.reread().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async reread(): Promise<ExtensionPackage> {
    const known = this.latest;
    const path = this.fixedPath ?? (await newestVsix(OUT).catch(() => known.vsixPath));
    const mtime = await stat(path).then(
      (s) => s.mtimeMs,
      () => known.mtimeMs,
    );
    if (path !== known.vsixPath || mtime !== known.mtimeMs)
      this.latest = await readExtensionPackage(path);
    return this.latest;
  }
}
