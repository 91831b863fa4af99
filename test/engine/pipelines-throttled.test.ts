// Pipelines, Test Plans and Artifacts backups under throttling: with 429s (Retry-After) and 503s
// injected, each completes and keeps exactly what an undisturbed backup keeps. Then verify finds
// a damaged object and says which snapshots need it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DATA_TYPE_BACKUPS } from "../../service/engine/pipelines/data-type-backups";
import { readDataSnapshot } from "../../service/engine/pipelines/data-snapshot";
import { verifyDataSnapshots } from "../../service/engine/pipelines/data-verify";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { contentKey } from "../../service/engine/storage/object-store";
import { bearer, useSourceRig } from "./support";

jest.setTimeout(120_000);

const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

const rig = useSourceRig("data-throttled");

test("throttled and failing requests are retried: each data type keeps what an undisturbed run keeps", async () => {
  const calm = new LocalFolderStore(join(rig.dir.path, "calm"));
  const throttled = new LocalFolderStore(join(rig.dir.path, "throttled"));
  for (const [dataType, backup] of Object.entries(DATA_TYPE_BACKUPS)) {
    const options = {
      organizationUrl: rig.source.orgUrl,
      authorization: bearer(rig.source),
      project: FIBER,
    };
    const undisturbed = await backup({ ...options, store: calm });
    rig.source.setFaults({ seed: 7, rate429: 0.1, rate5xx: 0.1, retryAfterSeconds: 1 });
    try {
      const disturbed = await backup({ ...options, store: throttled });
      const [a, b] = await Promise.all([
        readDataSnapshot(calm, undisturbed.snapshotKey),
        readDataSnapshot(throttled, disturbed.snapshotKey),
      ]);
      expect(disturbed.requests).toBeGreaterThan(undisturbed.requests); // retried, not skipped
      expect({ dataType, index: b.index, notes: disturbed.notes }).toEqual({
        dataType,
        index: a.index,
        notes: undisturbed.notes,
      });
    } finally {
      rig.source.setFaults({ rate429: 0, rate5xx: 0 });
    }
  }
});

test("verify re-hashes every object the snapshots name and reports a damaged one with who needs it", async () => {
  const store = new LocalFolderStore(join(rig.dir.path, "verify"));
  const result = await DATA_TYPE_BACKUPS.pipelines({
    organizationUrl: rig.source.orgUrl,
    authorization: bearer(rig.source),
    project: FIBER,
    store,
  });
  const clean = await verifyDataSnapshots(store);
  expect(clean.problems).toEqual([]);
  expect(clean.objectsChecked).toBeGreaterThan(20);

  const snapshot = await readDataSnapshot(store, result.snapshotKey);
  await writeFile(join(rig.dir.path, "verify", contentKey(snapshot.index)), "damaged");
  const report = await verifyDataSnapshots(store);
  expect(report.problems).toEqual([
    { sha256: snapshot.index, problem: "damaged", neededBy: [result.snapshotKey] },
  ]);
});
