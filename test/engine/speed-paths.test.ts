// The engine's shortcuts must give the same backup as the long way: the pack a fetch received,
// stored as a link, restores every ref; the ref advertisement reads as `git ls-remote` does; run
// ids sort in time order even within one second.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git } from "../../service/engine/git/git-runner";
import { listRefs, updateMirror } from "../../service/engine/git/mirror";
import { parseAdvertisement } from "../../service/engine/git/ref-advertisement";
import { materialize } from "../../service/engine/restore/materialize";
import { newRunId, type RepositorySnapshot } from "../../service/engine/snapshot";
import { ContentStore } from "../../service/engine/storage/content-store";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { contentKey } from "../../service/engine/storage/object-store";
import { scratchDir } from "./support";

let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  dir = await scratchDir("speed");
});

afterAll(async () => {
  await dir?.remove();
});

test("a new mirror's received pack is stored as a link (no bytes copied) and restores every ref", async () => {
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

  const store = new LocalFolderStore(join(dir.path, "store"));
  const content = new ContentStore(store);
  const pack = update.receivedPacks[0] as string;
  const sha = await content.putImmutableFile(pack);
  const stored = join(store.root, ...contentKey(sha).split("/"));
  expect((await stat(stored)).ino).toBe((await stat(pack)).ino);
  expect(content.counters.objectsWritten).toBe(1);
  expect(await content.putImmutableFile(pack)).toBe(sha);
  expect(content.counters.objectsReused).toBe(1);

  const snapshot: RepositorySnapshot = {
    id: "r",
    name: "r",
    defaultBranch: "refs/heads/main",
    refs,
    packs: [sha],
    bundles: [],
    lfs: [],
    pullRequests: { items: {} },
    settings: sha,
  };
  const restored = await materialize(content, snapshot, join(dir.path, "restore"));
  expect(await listRefs(restored)).toEqual(refs);
  await git(["fsck", "--no-dangling"], { cwd: restored });

  // The mirror moves on (a later fetch, then the repack it does now and then): git writes new
  // files and unlinks old names, never into the pack the store shares, so the object still checks.
  await writeFile(join(work, "b.txt"), "second\n");
  await git(["add", "-A"], { cwd: work });
  await git(["-c", "user.name=A", "-c", "user.email=a@b", "commit", "-qm", "two"], { cwd: work });
  await updateMirror(mirror, `file://${work}`, "Bearer unused");
  await git(["repack", "-a", "-d", "-q"], { cwd: mirror });
  await git(["gc", "-q", "--prune=now"], { cwd: mirror });
  await expect(content.download(sha, join(dir.path, "check.pack"))).resolves.toBeUndefined();
});

test("a store on another file system gets a copy of the pack, named by the same hash", async () => {
  const pack = join(dir.path, "cross.pack");
  await writeFile(pack, randomBytes(64 * 1024));
  // /dev/shm is a tmpfs on Linux: link() from the scratch folder fails with EXDEV there.
  const other = await mkdtemp(
    join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "engine-speed-"),
  );
  try {
    const content = new ContentStore(new LocalFolderStore(other));
    const sha = await content.putImmutableFile(pack);
    const stored = join(other, ...contentKey(sha).split("/"));
    expect(await readFile(stored)).toEqual(await readFile(pack));
    const [a, b] = [await stat(stored), await stat(pack)];
    // The same file exactly when it could be one (same device), a copy otherwise.
    expect(a.dev === b.dev && a.ino === b.ino).toBe(a.dev === b.dev);
    await expect(
      content.download(sha, join(dir.path, "cross-check.pack")),
    ).resolves.toBeUndefined();
  } finally {
    await rm(other, { recursive: true, force: true });
  }
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
