// Incremental Git data as bundles: a run after the first stores only objects not reachable from
// the previous snapshot's ref tips (its prerequisites). Restoring unbundles them in order into a
// repository that already holds the first run's pack.
import { git } from "./git-runner";

/** The previous tips the mirror still has (a new mirror may lack them), asked in one git process. */
async function presentTips(dir: string, tips: string[]): Promise<string[]> {
  const wanted = [...new Set(tips)];
  if (wanted.length === 0) return [];
  const out = await git(["cat-file", "--batch-check=%(objectname)"], {
    cwd: dir,
    input: `${wanted.join("\n")}\n`,
  });
  const present = new Set(out.split("\n").filter((l) => /^[0-9a-f]{40,64}$/.test(l)));
  return wanted.filter((t) => present.has(t));
}

/**
 * Writes a bundle of what `refs` reach beyond `previousTips` to `file`; resolves false (and writes
 * nothing) when there is nothing new.
 */
export async function createIncrementalBundle(
  dir: string,
  refs: Record<string, string>,
  previousTips: string[],
  file: string,
): Promise<boolean> {
  const names = Object.keys(refs);
  if (names.length === 0) return false;
  const exclude = (await presentTips(dir, previousTips)).map((t) => `^${t}`);
  const count = await git(
    ["rev-list", "--objects", "--count", ...Object.values(refs), ...exclude],
    { cwd: dir },
  );
  if (Number(count.trim()) === 0) return false;
  await git(["bundle", "create", "--quiet", file, ...names, ...exclude], { cwd: dir });
  return true;
}

/** Adds a bundle's objects to a repository (its prerequisites must be there already). */
export async function unbundle(dir: string, file: string): Promise<void> {
  await git(["bundle", "unbundle", file], { cwd: dir });
}
