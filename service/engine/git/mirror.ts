// The kept mirror of a repository: a bare repository updated with `git fetch --prune` so each run
// transfers only what changed. Pull-request refs are never fetched (negative refspec).
import { access, mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { git, gitRemote, type GitOptions } from "./git-runner";

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
 * Points `origin` at the repository with our refspecs. Done on every update, not only at creation:
 * a worker killed between `git init` and the last `config` leaves a mirror with HEAD but without
 * its remote, and the job's next attempt must still complete it.
 */
async function configureOrigin(dir: string, remoteUrl: string): Promise<void> {
  const remotes = (await git(["remote"], { cwd: dir })).split(/\s+/);
  await git(["remote", remotes.includes("origin") ? "set-url" : "add", "origin", remoteUrl], {
    cwd: dir,
  });
  await git(["config", "--unset-all", "remote.origin.fetch"], { cwd: dir }).catch(() => "");
  for (const spec of FETCH_REFSPECS)
    await git(["config", "--add", "remote.origin.fetch", spec], { cwd: dir });
}

/** Creates the mirror on first use, then fetches everything but refs/pull/* with pruning. */
export async function updateMirror(
  dir: string,
  remoteUrl: string,
  authorization: string,
): Promise<void> {
  if (!(await exists(join(dir, "HEAD")))) {
    await mkdir(dir, { recursive: true });
    await git(["init", "--quiet", "--bare", dir]);
  } else {
    await removeStaleLocks(dir);
  }
  await configureOrigin(dir, remoteUrl);
  const o: GitOptions = { cwd: dir, authorization };
  // Keep what arrives as a pack (not loose objects), so a bundle reuses its compressed data.
  await gitRemote(
    ["-c", "fetch.unpackLimit=1", "fetch", "--quiet", "--prune", "--no-auto-gc", "origin"],
    o,
  );
  // One pack per run adds up: fold them together now and then.
  const packs = (await readdir(join(dir, "objects", "pack")).catch(() => [])).filter((f) =>
    f.endsWith(".pack"),
  );
  if (packs.length > MAX_PACKS) await git(["repack", "-a", "-d", "-q"], { cwd: dir });
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

/** `git lfs fetch --all`: every LFS object any ref needs. */
export async function fetchLfs(dir: string, authorization: string): Promise<void> {
  // git-lfs logs the HTTP status rather than printing it: any failure of a fetch is worth a retry
  // (objects already fetched are kept, so a retry fetches only what is still missing).
  await gitRemote(
    ["lfs", "fetch", "--all", "origin"],
    { cwd: dir, authorization, config: { "lfs.locksverify": "false" } },
    undefined,
    () => true,
  );
}
