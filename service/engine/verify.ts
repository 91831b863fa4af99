// Re-reads every object the snapshots name and re-hashes it: what is missing or damaged is
// reported with the snapshots that need it, so an admin knows which restores it would break.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boardsObjects } from "./boards/boards-snapshot";
import { mapBounded } from "./concurrency";
import { listSnapshots, readSnapshot, type ProjectSnapshot } from "./snapshot";
import { ContentStore, ObjectDamagedError } from "./storage/content-store";
import { ObjectMissingError, type ObjectStore } from "./storage/object-store";

export interface VerifyProblem {
  sha256: string;
  problem: "missing" | "damaged";
  /** Snapshot keys that need the object. */
  neededBy: string[];
}

export interface VerifyReport {
  snapshots: number;
  objectsChecked: number;
  problems: VerifyProblem[];
  /** Snapshot manifests that could not be read at all. */
  unreadableSnapshots: { key: string; reason: string }[];
}

function objectsOf(s: ProjectSnapshot): string[] {
  const out: string[] = s.policies ? [s.policies] : [];
  for (const r of s.repositories) {
    out.push(...(r.packs ?? []), ...r.bundles, r.settings, ...r.lfs.map((o) => o.oid));
    out.push(...Object.values(r.pullRequests.items).map((p) => p.object));
  }
  if (s.boards) out.push(...boardsObjects(s.boards));
  return out;
}

export async function verifyStore(
  store: ObjectStore,
  options: { snapshot?: string; onProgress?: (checked: number, total: number) => void } = {},
): Promise<VerifyReport> {
  const listed = (await listSnapshots(store)).filter(
    (s) => !options.snapshot || s.runId === options.snapshot || s.key === options.snapshot,
  );
  const neededBy = new Map<string, string[]>();
  const unreadableSnapshots: VerifyReport["unreadableSnapshots"] = [];
  for (const s of listed) {
    try {
      for (const sha of objectsOf(await readSnapshot(store, s.key)))
        neededBy.set(sha, [...(neededBy.get(sha) ?? []), s.key]);
    } catch (e) {
      unreadableSnapshots.push({ key: s.key, reason: (e as Error).message });
    }
  }
  const content = new ContentStore(store);
  const scratch = await mkdtemp(join(tmpdir(), "verify-"));
  const problems: VerifyProblem[] = [];
  let checked = 0;
  try {
    await mapBounded([...neededBy.keys()], 4, async (sha) => {
      const file = join(scratch, sha);
      try {
        await content.download(sha, file);
      } catch (e) {
        if (e instanceof ObjectMissingError)
          problems.push({ sha256: sha, problem: "missing", neededBy: neededBy.get(sha) ?? [] });
        else if (e instanceof ObjectDamagedError)
          problems.push({ sha256: sha, problem: "damaged", neededBy: neededBy.get(sha) ?? [] });
        else throw e;
      } finally {
        await rm(file, { force: true });
        options.onProgress?.(++checked, neededBy.size);
      }
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { snapshots: listed.length, objectsChecked: neededBy.size, problems, unreadableSnapshots };
}
