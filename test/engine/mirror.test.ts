// A worker killed while creating a kept mirror leaves a bare repository with no objects; the job's
// next attempt must complete that mirror rather than fail on it every time.
import { join } from "node:path";
import { git } from "../../service/engine/git/git-runner";
import { listRefs, updateMirror } from "../../service/engine/git/mirror";
import { bearer, remoteRefs, useSourceRig } from "./support";

jest.setTimeout(120_000);

const rig = useSourceRig("mirror");

test("a mirror left half made by a killed worker is completed on the next attempt", async () => {
  const url = `${rig.source.orgUrl}/Fabrikam%20Fiber/_git/fiber-app`;
  const auth = await bearer(rig.source)(false);
  const mirror = join(rig.dir.path, "fiber-app.git");
  await git(["init", "--quiet", "--bare", mirror]); // killed right after `git init`

  const update = await updateMirror(mirror, url, auth);

  expect(await listRefs(mirror)).toEqual(await remoteRefs(url, auth));
  expect(update).toEqual({ startedEmpty: true, receivedPacks: [expect.stringMatching(/\.pack$/)] });
  expect((await updateMirror(mirror, url, auth)).receivedPacks).toEqual([]);
});
