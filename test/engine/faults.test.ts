// A run under 429s (with Retry-After) and 5xx on the REST API and on Git traffic still backs up
// everything; a repository that keeps failing is recorded as failed and the rest of the run goes on.
import { join } from "node:path";
import { runBackup } from "../../service/engine/backup/run";
import { latestSnapshot } from "../../service/engine/snapshot";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { bearer, remoteRefs, useSourceRig } from "./support";

jest.setTimeout(240_000);

const rig = useSourceRig("faults");

test("429s and 5xx during a run are waited out and retried; nothing is missing", async () => {
  rig.source.setFaults({ seed: 5, rate429: 0.12, rate5xx: 0.12, retryAfterSeconds: 1 });
  const store = new LocalFolderStore(join(rig.dir.path, "store-faults"));
  const retries: string[] = [];
  const result = await runBackup({
    organizationUrl: rig.source.orgUrl,
    authorization: bearer(rig.source),
    store,
    workDir: join(rig.dir.path, "work-faults"),
    projects: ["Fabrikam Fiber"],
    report: (e) => (e.type === "retry" ? retries.push(e.detail) : undefined),
  });
  rig.source.setFaults({ rate429: 0, rate5xx: 0 });
  const injected = rig.source.requestLog.filter((r) => r.fault === "429" || r.fault === "5xx");
  expect(injected.length).toBeGreaterThan(0);
  expect(retries.length).toBeGreaterThan(0);
  expect(result.projects.flatMap((p) => p.failed)).toEqual([]);
  const snapshot = await latestSnapshot(store, result.projects[0]?.project.id ?? "");
  const app = snapshot?.repositories.find((r) => r.name === "fiber-app");
  const auth = await bearer(rig.source)(false);
  expect(app?.refs).toEqual(
    await remoteRefs(`${rig.source.orgUrl}/Fabrikam%20Fiber/_git/fiber-app`, auth),
  );
  expect(Object.keys(app?.pullRequests.items ?? {})).toHaveLength(3);
});

test("one repository that keeps failing is recorded as failed; the others are backed up and committed", async () => {
  rig.source.setFaults({ seed: 9, rate5xx: 1, pathPattern: "/_git/fiber-app/" });
  const store = new LocalFolderStore(join(rig.dir.path, "store-broken"));
  try {
    const result = await runBackup({
      organizationUrl: rig.source.orgUrl,
      authorization: bearer(rig.source),
      store,
      workDir: join(rig.dir.path, "work-broken"),
      projects: ["Fabrikam Fiber"],
    });
    const fiber = result.projects[0];
    expect(result.failedCount).toBe(1);
    expect(fiber?.failed.map((f) => f.name)).toEqual(["fiber-app"]);
    expect(fiber?.outcome).toBe("partial");
    const snapshot = await latestSnapshot(store, fiber?.project.id ?? "");
    expect(snapshot?.repositories.map((r) => r.name).sort()).toEqual([
      "Fabrikam Fiber.wiki",
      "fiber-scratch",
    ]);
    expect(snapshot?.failed[0]?.reason).toMatch(/503/);
  } finally {
    rig.source.setFaults({ rate5xx: 0, pathPattern: undefined });
  }
});
