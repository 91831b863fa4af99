// The engine's shortcuts must give the same backup as the long way: a bundle made of the pack a
// fetch received is a bundle git accepts; the ref advertisement reads as `git ls-remote` does; run
// ids sort in time order even within one second.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundleOfPack } from "../../service/engine/git/bundles";
import { git } from "../../service/engine/git/git-runner";
import { listRefs, updateMirror } from "../../service/engine/git/mirror";
import { parseAdvertisement } from "../../service/engine/git/ref-advertisement";
import { newRunId } from "../../service/engine/snapshot";
import { scratchDir } from "./support";

let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  dir = await scratchDir("speed");
});

afterAll(async () => {
  await dir?.remove();
});

test("a bundle made of a new mirror's received pack verifies and restores every ref", async () => {
  const work = join(dir.path, "work");
  await git(["init", "-q", "--initial-branch=main", work]);
  await writeFile(join(work, "a.txt"), "first\n");
  await git(["add", "-A"], { cwd: work });
  await git(["-c", "user.name=A", "-c", "user.email=a@b", "commit", "-qm", "one"], { cwd: work });
  await git(["tag", "-a", "-m", "release", "v1"], { cwd: work });
  await git(["branch", "topic"], { cwd: work });
  const mirror = join(dir.path, "mirror.git");
  const update = await updateMirror(mirror, `file://${work}`, "Bearer unused");
  const refs = await listRefs(mirror);
  expect(update.startedEmpty).toBe(true);
  expect(update.receivedPacks).toHaveLength(1);

  const [header, pack] = bundleOfPack(refs, update.receivedPacks[0] as string);
  const bundle = join(dir.path, "all.bundle");
  await writeFile(
    bundle,
    Buffer.concat([header as Buffer, await readFile((pack as { file: string }).file)]),
  );
  const restored = join(dir.path, "restored.git");
  await git(["init", "-q", "--bare", restored]);
  await git(["bundle", "verify", "-q", bundle], { cwd: restored });
  await git(["fetch", "-q", bundle, "+refs/*:refs/*"], { cwd: restored });
  expect(await listRefs(restored)).toEqual(refs);
  await git(["fsck", "--no-dangling"], { cwd: restored });
});

test("the ref advertisement lists what ls-remote lists, without HEAD, peeled tags or pull refs", () => {
  const pkt = (s: string): string => `${(s.length + 4).toString(16).padStart(4, "0")}${s}`;
  const a = "a".repeat(40);
  const b = "b".repeat(40);
  const body = [
    pkt("# service=git-upload-pack\n"),
    "0000",
    pkt(`${a} HEAD\0multi_ack side-band-64k symref=HEAD:refs/heads/main\n`),
    pkt(`${a} refs/heads/main\n`),
    pkt(`${b} refs/pull/1/merge\n`),
    pkt(`${b} refs/tags/v1\n`),
    pkt(`${a} refs/tags/v1^{}\n`),
    "0000",
  ].join("");
  expect(parseAdvertisement(Buffer.from(body))).toEqual({
    "refs/heads/main": a,
    "refs/tags/v1": b,
  });
  const empty = [
    pkt("# service=git-upload-pack\n"),
    "0000",
    pkt(`${"0".repeat(40)} capabilities^{}\0side-band-64k\n`),
    "0000",
  ].join("");
  expect(parseAdvertisement(Buffer.from(empty))).toEqual({});
  expect(() => parseAdvertisement(Buffer.from("<html>sign in</html>"))).toThrow();
});

test("run ids of the same second sort in the order they were made", () => {
  const ids = [0, 7, 250, 999].map((ms) =>
    newRunId(new Date(Date.UTC(2026, 10, 29, 12, 0, 0, ms))),
  );
  expect([...ids].sort()).toEqual(ids);
  for (const id of ids) expect(id).toMatch(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$/);
});
