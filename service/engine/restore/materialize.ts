// Rebuilds a repository from a snapshot in a local bare repository (packs, bundles in order, then
// every ref at its recorded object id, LFS objects in place) and pushes it to a NEW, empty
// repository: explicit `ref:ref` refspecs, never --force or --mirror, never refs/pull/*.
import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { unbundle } from "../git/bundles";
import { git, gitRemote } from "../git/git-runner";
import type { RepositorySnapshot } from "../snapshot";
import type { ContentStore } from "../storage/content-store";

export async function materialize(
  content: ContentStore,
  repo: RepositorySnapshot,
  scratch: string,
): Promise<string> {
  await mkdir(scratch, { recursive: true });
  const dir = await mkdtemp(join(scratch, "restore-"));
  await git(["init", "--quiet", "--bare", dir]);
  // A pack is indexed where it lies: git reads any objects/pack/*.pack that has its .idx.
  for (const [i, pack] of (repo.packs ?? []).entries()) {
    const file = join(dir, "objects", "pack", `stored-${i}.pack`);
    await content.download(pack, file);
    await git(["index-pack", file], { cwd: dir });
  }
  for (const [i, bundle] of repo.bundles.entries()) {
    const file = join(dir, `incoming-${i}.bundle`);
    await content.download(bundle, file);
    await unbundle(dir, file);
  }
  // Every ref in one git process (a repository can have thousands of branches and tags).
  const updates = Object.entries(repo.refs)
    .filter(([ref]) => !ref.startsWith("refs/pull/"))
    .map(([ref, sha]) => `update ${ref} ${sha}\n`);
  if (updates.length > 0)
    await git(["update-ref", "--stdin"], { cwd: dir, input: updates.join("") });
  if (repo.defaultBranch && repo.refs[repo.defaultBranch])
    await git(["symbolic-ref", "HEAD", repo.defaultBranch], { cwd: dir });
  for (const o of repo.lfs) {
    const folder = join(dir, "lfs", "objects", o.oid.slice(0, 2), o.oid.slice(2, 4));
    await mkdir(folder, { recursive: true });
    await content.download(o.oid, join(folder, o.oid));
  }
  return dir;
}

export async function commitExists(dir: string, sha: string): Promise<boolean> {
  return git(["cat-file", "-e", `${sha}^{commit}`], { cwd: dir }).then(
    () => true,
    () => false,
  );
}

/** Pushes the given refs (and the LFS objects they need) to an empty remote repository. */
export async function pushRefs(
  dir: string,
  remoteUrl: string,
  authorization: string,
  refs: string[],
  withLfs: boolean,
): Promise<void> {
  if (refs.length === 0) return;
  await git(["remote", "remove", "target"], { cwd: dir }).catch(() => "");
  await git(["remote", "add", "target", remoteUrl], { cwd: dir });
  const o = { cwd: dir, authorization, config: { "lfs.locksverify": "false" } };
  if (withLfs) await gitRemote(["lfs", "push", "--all", "target"], o);
  // Non-forced, explicit refspecs: a ref that exists on the target makes the push fail, not overwrite.
  await gitRemote(["push", "--quiet", "--no-verify", "target", ...refs.map((r) => `${r}:${r}`)], o);
}
