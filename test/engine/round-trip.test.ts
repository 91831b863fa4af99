// Back up the emulated organization, restore into an empty one, and compare what a user would:
// every ref and commit id, LFS objects, pull-request comments, wiki pages. Then the incremental
// runs (nothing changed; after a push) and verify finding a damaged and a missing object.
import { execFile } from "node:child_process";
import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gitHostingOf } from "../../emulator/git";
import { ReposApi } from "../../service/engine/azure-devops/repos-api";
import type { BackupResult } from "../../service/engine/backup/run";
import { describePlan } from "../../service/engine/restore/plan";
import { latestSnapshot } from "../../service/engine/snapshot";
import { contentKey } from "../../service/engine/storage/object-store";
import { verifyStore } from "../../service/engine/verify";
import {
  applyToTarget,
  backUpSource,
  bearer,
  planIntoRecovered,
  pushCommit,
  remoteRefs,
  useEngineRig,
} from "./support";

jest.setTimeout(180_000);

const PROJECTS = ["Fabrikam Fiber", "Fabrikam Web"];

const rig = useEngineRig("round-trip");

const backup = () => backUpSource(rig, PROJECTS);

/** The latest snapshot of the source's Fabrikam Fiber. */
async function latestFiberSnapshot() {
  const fiber = await new ReposApi(rig.source.orgUrl, bearer(rig.source)).project("Fabrikam Fiber");
  return (await latestSnapshot(rig.store, fiber.id))!;
}

let first: BackupResult;

test("a first run backs up every repository and wiki, and records disabled and empty ones", async () => {
  first = await backup();
  expect(first.failedCount).toBe(0);
  const fiber = first.projects.find((p) => p.project.name === "Fabrikam Fiber");
  expect(fiber?.outcome).toBe("succeeded");
  expect(fiber?.bytesStored).toBeGreaterThan(0);
  const repositoryNotes = fiber?.skipped.filter((s) => s.kind === "repository");
  expect(repositoryNotes?.map((s) => `${s.name}: ${s.reason.split(":")[0]}`).sort()).toEqual([
    "fiber-legacy: disabled",
    "fiber-scratch: empty",
  ]);
  const snapshot = await latestSnapshot(rig.store, fiber?.project.id ?? "");
  const app = snapshot?.repositories.find((r) => r.name === "fiber-app");
  expect(Object.keys(app?.refs ?? {}).sort()).toEqual([
    "refs/heads/develop",
    "refs/heads/feature/login",
    "refs/heads/main",
    "refs/notes/commits",
    "refs/tags/v1.0",
    "refs/tags/v1.1",
  ]);
  expect(app?.lfs).toHaveLength(2);
  expect(
    Object.values(app?.pullRequests.items ?? {})
      .map((p) => p.status)
      .sort(),
  ).toEqual(["abandoned", "active", "completed"]);
  expect(snapshot?.wikis.map((w) => w.type).sort()).toEqual(["projectWiki"]);
});

test("a second run with nothing changed stores less than 1% of the first, and re-reads only active pull requests", async () => {
  rig.source.clearRequestLog();
  const second = await backup();
  expect(second.failedCount).toBe(0);
  expect(second.storage.bytesWritten).toBeLessThan(first.storage.bytesWritten / 100);
  // Closed pull requests before the watermark are carried over: only the active one's threads.
  expect(rig.source.requestLog.filter((r) => r.path.endsWith("/threads"))).toHaveLength(1);
});

test("a run after a push stores the new objects, and the snapshot names the new tip", async () => {
  const h = await gitHostingOf(rig.source.state);
  const app = [...h.repositories.values()].find((r) => r.name === "fiber-app");
  const url = `${rig.source.orgUrl}/Fabrikam%20Fiber/_git/fiber-app`;
  const auth = await bearer(rig.source)(false);
  const tip = await pushCommit(
    url,
    auth,
    rig.dir.path,
    "CHANGELOG.md",
    "Pushed after the first backup.\n".repeat(400),
  );
  const third = await backup();
  expect(third.failedCount).toBe(0);
  expect(third.storage.objectsWritten).toBeGreaterThan(0);
  const snapshot = await latestSnapshot(rig.store, app?.projectId ?? "");
  const repo = snapshot?.repositories.find((r) => r.id === app?.id);
  expect(repo?.refs["refs/heads/main"]).toBe(tip);
  // The first run's pack as it arrived, then a bundle of what the push added.
  expect(repo?.packs).toHaveLength(1);
  expect(repo?.bundles).toHaveLength(1);
});

test("a plan lists what would be created and creates nothing; apply restores refs, LFS, comments and wikis", async () => {
  const sourceFiber = await latestFiberSnapshot();
  const { api, plan } = await planIntoRecovered(rig, "Fabrikam Fiber", sourceFiber.runId);
  expect(plan.repositories.map((r) => r.targetName).sort()).toEqual(["fiber-app", "fiber-scratch"]);
  expect(plan.wikis.map((w) => w.targetName)).toEqual(["Recovered.wiki"]);
  expect(describePlan(plan).join("\n")).toMatch(
    /create repository fiber-app .*6 refs, 2 LFS objects, 3 pull requests/,
  );
  expect(await api.repositories("Recovered")).toEqual([]);

  const result = await applyToTarget(rig, api, plan, "work");
  expect(result.failed).toEqual([]);

  const sourceAuth = await bearer(rig.source)(false);
  const targetAuth = await bearer(rig.target)(false);
  const restoredRefs = await remoteRefs(
    `${rig.target.orgUrl}/Recovered/_git/fiber-app`,
    targetAuth,
  );
  const originalRefs = await remoteRefs(
    `${rig.source.orgUrl}/Fabrikam%20Fiber/_git/fiber-app`,
    sourceAuth,
  );
  expect(restoredRefs).toEqual(originalRefs);
  expect(Object.keys(restoredRefs).some((r) => r.startsWith("refs/pull/"))).toBe(false);
  const restoredRepos = await api.repositories("Recovered");
  expect(restoredRepos.find((r) => r.name === "fiber-app")?.defaultBranch).toBe("refs/heads/main");

  const sourceHosting = await gitHostingOf(rig.source.state);
  const targetHosting = await gitHostingOf(rig.target.state);
  const lfsOf = async (h: typeof sourceHosting, name: string): Promise<string[]> => {
    const repo = [...h.repositories.values()].find((r) => r.name === name);
    return (await readdir(repo?.lfsDir ?? "")).sort();
  };
  expect(await lfsOf(targetHosting, "fiber-app")).toEqual(await lfsOf(sourceHosting, "fiber-app"));

  const restoredApp = [...targetHosting.repositories.values()].find((r) => r.name === "fiber-app");
  const comments =
    restoredApp?.pullRequests.flatMap((p) =>
      p.threads.flatMap((t) => t.comments.map((c) => c.content)),
    ) ?? [];
  expect(comments.join("\n")).toContain("Please add a test for the lockout.");
  expect(comments.join("\n")).toMatch(/Originally written by Avery Admin on 2026-01-05/);
  expect(restoredApp?.pullRequests.map((p) => p.status).sort()).toEqual([
    "abandoned",
    "abandoned",
    "active",
  ]);

  const wikis = await api.wikis("Recovered");
  expect(wikis.map((w) => `${w.type} ${w.name}`)).toEqual(["projectWiki Recovered.wiki"]);
  const wikiRepo = (await api.repositories("Recovered")).find(
    (r) => r.id === wikis[0]?.repositoryId,
  );
  const sourceWiki = await remoteRefs(
    `${rig.source.orgUrl}/Fabrikam%20Fiber/_git/Fabrikam%20Fiber.wiki`,
    sourceAuth,
  );
  expect(await remoteRefs(wikiRepo?.remoteUrl ?? "", targetAuth)).toEqual(sourceWiki);
});

test("a code wiki is restored as a code wiki over its restored repository", async () => {
  const { api, plan } = await planIntoRecovered(rig, "Fabrikam Web");
  const result = await applyToTarget(rig, api, plan, "work");
  expect(result.failed).toEqual([]);
  const wiki = (await api.wikis("Recovered")).find((w) => w.type === "codeWiki");
  const repo = (await api.repositories("Recovered")).find((r) => r.id === wiki?.repositoryId);
  expect({ name: wiki?.name, mappedPath: wiki?.mappedPath, repo: repo?.name }).toEqual({
    name: "Web handbook",
    mappedPath: "/docs",
    repo: "web-docs",
  });
});

test("verify finds a damaged and a missing object, and names the snapshots that need them", async () => {
  const clean = await verifyStore(rig.store);
  expect(clean.problems).toEqual([]);
  const snapshot = await latestFiberSnapshot();
  const app = snapshot.repositories.find((r) => r.name === "fiber-app")!;
  // The first run's pack is a hard link to the mirror's pack: damage the store's name only.
  const damaged = app.packs?.[0] as string;
  const missing = app.lfs[0]?.oid as string;
  const damagedPath = join(rig.store.root, ...contentKey(damaged).split("/"));
  await rm(damagedPath);
  await writeFile(damagedPath, "not a pack any more");
  await rm(join(rig.store.root, ...contentKey(missing).split("/")));
  const report = await verifyStore(rig.store);
  expect(report.problems.map((p) => [p.sha256, p.problem]).sort()).toEqual(
    [
      [damaged, "damaged"],
      [missing, "missing"],
    ].sort(),
  );
  expect(report.problems[0]?.neededBy.length).toBeGreaterThan(0);
});

test("restoring again never overwrites: taken names get -restored and the project wiki stays", async () => {
  const { plan } = await planIntoRecovered(rig, "Fabrikam Fiber");
  expect(plan.repositories.map((r) => r.targetName).sort()).toEqual([
    "fiber-app-restored",
    "fiber-scratch-restored",
  ]);
  expect(plan.wikis).toEqual([]);
  expect(plan.skipped.map((s) => s.reason)).toContain(
    "Recovered already has a project wiki; restore never overwrites it",
  );
});

test("no credential is kept: not in the mirrors' git config, not in the store", async () => {
  // Every token the emulators issued starts with "emu."; none may be written anywhere we wrote.
  const found = await new Promise<string>((resolve) =>
    execFile("grep", ["-rlE", "emu\\.[A-Za-z0-9_-]{20}", rig.dir.path], (_e, stdout) =>
      resolve(stdout),
    ),
  );
  expect(found).toBe("");
  expect(await readdir(join(rig.dir.path, "work", "mirrors"))).not.toHaveLength(0);
});
