// Where the emulator finds the repository's files: the default fixture, the packaged extension
// (out/) and the built host page (dist/host/).
import { join, resolve } from "node:path";

export const repositoryRoot = resolve(__dirname, "..", "..");
export const DEFAULT_FIXTURE = join(repositoryRoot, "emulator", "fixtures", "fabrikam.json");
export const HOST_DIST = join(repositoryRoot, "dist", "host");
