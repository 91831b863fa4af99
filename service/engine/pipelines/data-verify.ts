// Verify for the Pipelines, Test Plans and Artifacts snapshots: re-read and re-hash every content
// object a manifest's index names (and the index itself), so an admin learns which restores a
// missing or damaged object would break. The indexes name objects by SHA-256 only, so a walk that
// picks every 64-hex value finds them all.
import { mapBounded } from "../concurrency";
import { ContentStore, ObjectDamagedError, sha256Of } from "../storage/content-store";
import { ObjectMissingError, contentKey, type ObjectStore } from "../storage/object-store";
import { readDataSnapshot } from "./data-snapshot";

export interface DataVerifyReport {
  snapshots: number;
  objectsChecked: number;
  problems: { sha256: string; problem: "missing" | "damaged"; neededBy: string[] }[];
}

const SHA256 = /^[0-9a-f]{64}$/;

function objectsNamedIn(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (SHA256.test(value)) into.add(value);
  } else if (Array.isArray(value)) for (const v of value) objectsNamedIn(v, into);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value)) objectsNamedIn(v, into);
}

async function check(store: ObjectStore, sha: string): Promise<"missing" | "damaged" | undefined> {
  try {
    const data = await store.get(contentKey(sha));
    return sha256Of(data) === sha ? undefined : "damaged";
  } catch (e) {
    if (e instanceof ObjectMissingError) return "missing";
    if (e instanceof ObjectDamagedError) return "damaged";
    throw e;
  }
}

export async function verifyDataSnapshots(store: ObjectStore): Promise<DataVerifyReport> {
  const content = new ContentStore(store);
  const keys = await store.list("data-snapshots/");
  const neededBy = new Map<string, string[]>();
  const need = (sha: string, key: string): void => {
    const list = neededBy.get(sha) ?? [];
    list.push(key);
    neededBy.set(sha, list);
  };
  const problems: DataVerifyReport["problems"] = [];
  for (const key of keys) {
    const snapshot = await readDataSnapshot(store, key);
    need(snapshot.index, key);
    const named = new Set<string>();
    try {
      objectsNamedIn(await content.getJson<unknown>(snapshot.index), named);
    } catch {
      continue; // the index itself is reported below
    }
    for (const sha of named) need(sha, key);
  }
  const shas = [...neededBy.keys()];
  const results = await mapBounded(shas, 8, (sha) => check(store, sha));
  shas.forEach((sha, i) => {
    const problem = results[i];
    if (problem) problems.push({ sha256: sha, problem, neededBy: neededBy.get(sha) ?? [] });
  });
  return { snapshots: keys.length, objectsChecked: shas.length, problems };
}
