// A worker killed while creating a kept mirror leaves a bare repository without its remote; the
// job's next attempt must complete that mirror rather than fail on it every time.
import { join } from "node:path";
import type { EmulatorHandle } from "../../emulator/server";
import { git } from "../../service/engine/git/git-runner";
import { FETCH_REFSPECS, listRefs, updateMirror } from "../../service/engine/git/mirror";
import { bearer, remoteRefs, scratchDir, startSource } from "./support";

jest.setTimeout(120_000);

let source: EmulatorHandle;
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  source = await startSource();
  dir = await scratchDir("mirror");
});

afterAll(async () => {
  await source?.stop();
  await dir?.remove();
});

test("a mirror left without its remote by a killed worker is completed on the next attempt", async () => {
  const url = `${source.orgUrl}/Fabrikam%20Fiber/_git/fiber-app`;
  const auth = await bearer(source)(false);
  const mirror = join(dir.path, "fiber-app.git");
  await git(["init", "--quiet", "--bare", mirror]); // killed right after `git init`

  await updateMirror(mirror, url, auth);

  expect(await listRefs(mirror)).toEqual(await remoteRefs(url, auth));
  const specs = (await git(["config", "--get-all", "remote.origin.fetch"], { cwd: mirror }))
    .trim()
    .split("\n");
  expect(specs).toEqual(FETCH_REFSPECS);
});
