// The kept mirror of a repository: a bare repository updated with `git fetch --prune` so each run
// transfers only what changed. Pull-request refs are never fetched (negative refspec).
import { access, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { git, gitRemote } from "./git-runner";

const MAX_PACKS = 32;

export const FETCH_REFSPECS = ["+refs/*:refs/*", "^refs/pull/*"];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Lock files a killed git left behind. Only the job's lease holder touches a mirror, so any lock
 * found before it starts is stale.
 */
async function removeStaleLocks(dir: string): Promise<void> {
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const path = join(d, e.name);
      // Top level: packed-refs.lock, config.lock, shallow.lock …; below it only refs/ holds locks.
      const descend = e.isDirectory() && (d !== dir || e.name === "refs");
      if (descend) await walk(path);
      else if (e.name.endsWith(".lock")) await rm(path, { force: true });
    }
  };
  await walk(dir);
}

/**
 * What `git init --bare --template=` writes (gitrepository-layout: objects/, refs/, config, HEAD),
 * without a git process: one fewer per new repository. HEAD last, as it is what says "a mirror".
 */
async function createBareRepository(dir: string): Promise<void> {
  for (const folder of ["objects/info", "objects/pack", "refs/heads", "refs/tags"])
    await mkdir(join(dir, ...folder.split("/")), { recursive: true });
  await writeFile(
    join(dir, "config"),
    "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n",
  );
  await writeFile(join(dir, "HEAD"), "ref: refs/heads/main\n");
}

async function packsIn(dir: string): Promise<string[]> {
  const folder = join(dir, "objects", "pack");
  const names = await readdir(folder).catch(() => []);
  return names.filter((f) => f.endsWith(".pack")).map((f) => join(folder, f));
}

async function holdsLooseObjects(dir: string): Promise<boolean> {
  const folders = await readdir(join(dir, "objects")).catch(() => []);
  return folders.some((f) => /^[0-9a-f]{2}$/.test(f));
}

export interface MirrorUpdate {
  /** The pack files this fetch added. */
  receivedPacks: string[];
  /** The mirror held no object before: what it received is every object its refs reach. */
  startedEmpty: boolean;
}

/**
 * Creates the mirror on first use, then fetches everything but refs/pull/* with pruning. The URL
 * and refspecs go on the command line rather than into a configured remote: nothing to set up
 * (or to find half set up after a worker was killed), and a renamed repository's new URL is used.
 */
export async function updateMirror(
  dir: string,
  remoteUrl: string,
  authorization: string,
): Promise<MirrorUpdate> {
  if (!(await exists(join(dir, "HEAD")))) {
    await createBareRepository(dir);
  } else {
    await removeStaleLocks(dir);
  }
  const before = await packsIn(dir);
  const startedEmpty = before.length === 0 && !(await holdsLooseObjects(dir));
  // Keep what arrives as a pack (not loose objects), so a bundle reuses its compressed data.
  await gitRemote(
    [
      "-c",
      "fetch.unpackLimit=1",
      "fetch",
      "--quiet",
      "--prune",
      "--no-auto-gc",
      "--no-write-fetch-head",
      remoteUrl,
      ...FETCH_REFSPECS,
    ],
    { cwd: dir, authorization },
  );
  const after = await packsIn(dir);
  // One pack per run adds up: fold them together now and then.
  if (after.length > MAX_PACKS) {
    await git(["repack", "-a", "-d", "-q"], { cwd: dir });
    return { receivedPacks: [], startedEmpty };
  }
  return { receivedPacks: after.filter((p) => !before.includes(p)), startedEmpty };
}

/** Every ref but refs/pull/*, as ref → object id. */
export async function listRefs(dir: string): Promise<Record<string, string>> {
  const out = await git(["for-each-ref", "--format=%(objectname) %(refname)"], { cwd: dir });
  const refs: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const [sha, name] = line.split(" ");
    if (sha && name && !name.startsWith("refs/pull/")) refs[name] = sha;
  }
  return refs;
}

/** The LFS objects the mirror holds (git lfs keeps them in lfs/objects/aa/bb/oid). */
export async function lfsObjectsIn(
  dir: string,
): Promise<{ oid: string; size: number; file: string }[]> {
  const root = join(dir, "lfs", "objects");
  const found: { oid: string; size: number; file: string }[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) await walk(path);
      else if (/^[0-9a-f]{64}$/.test(e.name))
        found.push({ oid: e.name, size: (await stat(path)).size, file: path });
    }
  };
  await walk(root);
  return found.sort((a, b) => a.oid.localeCompare(b.oid));
}

/** git-lfs reads only blobs smaller than this as pointers (its scanner's cut-off). */
const LFS_POINTER_MAX_BYTES = 1024;
const LFS_POINTER_VERSION = /version https:\/\/(git-lfs|hawser)\.github\.com\/spec\/v1/;

/**
 * Whether any blob of the mirror could be an LFS pointer: two git processes instead of git-lfs's
 * own scan, so a repository without LFS is never handed to git-lfs. A false "yes" only costs the
 * `git lfs fetch` that would have run anyway.
 */
export async function holdsLfsPointers(dir: string): Promise<boolean> {
  const listed = await git(
    ["cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize) %(objectname)"],
    { cwd: dir },
  );
  const small: string[] = [];
  for (const line of listed.split("\n")) {
    const [type, size, name] = line.split(" ");
    if (type === "blob" && name && Number(size) < LFS_POINTER_MAX_BYTES) small.push(name);
  }
  if (small.length === 0) return false;
  const contents = await git(["cat-file", "--batch"], { cwd: dir, input: `${small.join("\n")}\n` });
  return LFS_POINTER_VERSION.test(contents);
}

/** `git lfs fetch --all`: every LFS object any ref needs. */
export async function fetchLfs(
  dir: string,
  remoteUrl: string,
  authorization: string,
): Promise<void> {
  // git-lfs logs the HTTP status rather than printing it: any failure of a fetch is worth a retry
  // (objects already fetched are kept, so a retry fetches only what is still missing).
  await gitRemote(
    ["lfs", "fetch", "--all", remoteUrl],
    { cwd: dir, authorization, config: { "lfs.locksverify": "false" } },
    undefined,
    () => true,
  );
}
