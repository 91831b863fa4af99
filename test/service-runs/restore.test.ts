// Issue 9 item 7 through the service, on SQLite and on PostgreSQL, against the emulated
// organization: a PCA lists the organization's snapshots, asks for a plan (nothing is created),
// applies it as a job acting as the connected account, and polls its progress; the restored
// repository is in the target project with every ref at the snapshot's commit id. A name already
// taken is renamed and said; a plan that changed since it was shown is refused; a member who is
// not a PCA is refused 403 naming the group; the restore is in the organization's history.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  BackupRunWire,
  HistoryPage,
  RestorePlanWire,
  RestoreSnapshotsWire,
  RestoreWire,
} from "../../src/core/service-api";
import { LocalFolderStore } from "../../service/engine";
import { readSnapshot, snapshotKey } from "../../service/engine/snapshot";
import { remoteRefs } from "../engine/support";
import { startHarness, users, type Harness } from "../service-identity/harness";
import { FABRIKAM_FIBER, backupsIn, connectAsAvery, queueFor, waitFor } from "./support";

describe.each(["sqlite", "postgres"] as const)("restore from the hub on %s", (store) => {
  let h: Harness;
  let dir: string;
  let dropQueue = async (): Promise<void> => undefined;
  let runId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "service-restore-"));
    const queue = await queueFor(store, dir, "restore_queue");
    dropQueue = queue.drop;
    h = await startHarness(store, { backups: backupsIn(dir, queue.url) });
    expect(await connectAsAvery(h)).toContain("Connected");
    const run = await h.call(users.avery, "/runs", { projectId: FABRIKAM_FIBER });
    runId = String(run.json.runId);
    await waitFor("the backup to finish", async () => {
      const r = await h.call(users.avery, `/runs/${runId}`, undefined, "GET");
      return (r.json as unknown as BackupRunWire).status === "finished" ? true : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await dropQueue();
    await rm(dir, { recursive: true, force: true });
  });

  const source = () => ({ runId, projectId: FABRIKAM_FIBER });

  /** Avery's plan to restore the backed-up Fabrikam Fiber into `targetProject` (answered 200). */
  async function planInto(targetProject: string): Promise<RestorePlanWire> {
    const planned = await h.call(users.avery, "/restore/plans", { ...source(), targetProject });
    expect(planned.status).toBe(200);
    return planned.json as unknown as RestorePlanWire;
  }

  test("a member who is not a PCA is refused every restore route, naming the group", async () => {
    for (const [path, body, method] of [
      ["/restore/snapshots", undefined, "GET"],
      ["/restore/plans", { ...source(), targetProject: "Mobile App" }, "POST"],
      ["/restores", { ...source(), targetProject: "Mobile App", planId: "0".repeat(32) }, "POST"],
    ] as const) {
      const refused = await h.call(users.devon, path, body, method);
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe("notCollectionAdmin");
      expect(String(refused.json.message)).toBe(
        "Only members of the Project Collection Administrators group of fabrikam can restore a backup.",
      );
    }
  });

  test("the snapshots to restore from are this organization's backups; strict input", async () => {
    const listed = await h.call(users.avery, "/restore/snapshots", undefined, "GET");
    expect(listed.status).toBe(200);
    const { snapshots } = listed.json as unknown as RestoreSnapshotsWire;
    expect(snapshots).toEqual([
      expect.objectContaining({ runId, projectId: FABRIKAM_FIBER, projectName: "Fabrikam Fiber" }),
    ]);
    const extra = await h.call(users.avery, "/restore/plans", {
      ...source(),
      targetProject: "Mobile App",
      overwrite: true,
    });
    expect(extra.status).toBe(400);
    const unknown = await h.call(users.avery, "/restore/plans", {
      runId: "20200101T000000Z-abcdef",
      projectId: FABRIKAM_FIBER,
      targetProject: "Mobile App",
    });
    expect(unknown.status).toBe(404);
    const noProject = await h.call(users.avery, "/restore/plans", {
      ...source(),
      targetProject: "No Such Project",
    });
    expect(noProject.status).toBe(404);
    expect(String(noProject.json.message)).toContain("no project named No Such Project");
  });

  test("a name already taken in the target is renamed, and the plan says so", async () => {
    const plan = await planInto("Fabrikam Fiber");
    expect(plan.repositories.map((r) => [r.sourceName, r.targetName])).toEqual(
      expect.arrayContaining([["fiber-app", "fiber-app-restored"]]),
    );
    expect(plan.conflicts).toContain(
      "A repository named fiber-app already exists in Fabrikam Fiber: it is left as it is, and the restored one is created as fiber-app-restored.",
    );
    // The project already has a project wiki: never overwritten, said as skipped.
    expect(plan.skipped.map((s) => s.reason).join(" ")).toContain("already has a project wiki");
  });

  test("plan, then apply into another project: the repository is there with the same commit ids", async () => {
    const plan = await planInto("Mobile App");
    expect(plan).toMatchObject({
      source: { runId, projectId: FABRIKAM_FIBER, projectName: "Fabrikam Fiber" },
      target: { organization: "fabrikam", projectName: "Mobile App" },
      conflicts: [],
    });
    const app = plan.repositories.find((r) => r.sourceName === "fiber-app");
    expect(app).toMatchObject({ targetName: "fiber-app" });
    expect(app?.pullRequests).toBeGreaterThan(0);
    expect(plan.wikis).toEqual([
      { sourceName: "Fabrikam Fiber.wiki", targetName: "Mobile App.wiki", kind: "projectWiki" },
    ]);
    // fiber-app's branch policies and repository setting go onto the new repository (the same
    // organization: its reviewers are known there); the build of another project does not.
    expect(plan.policies).toEqual(
      expect.arrayContaining([
        "Minimum number of reviewers on fiber-app (refs/heads/main)",
        "Required reviewers on fiber-app (refs/heads/main)",
        "Git repository settings on fiber-app",
      ]),
    );
    expect(plan.skipped.map((s) => s.name)).toContain(
      "policy Build on fiber-app (refs/heads/main)",
    );
    const items = plan.repositories.length + plan.wikis.length + (plan.policies?.length ?? 0);
    // The plan created nothing.
    const auth = `Bearer ${h.emulator.issueToken(users.avery)}`;
    const url = `${h.emulator.hostUrl}/fabrikam/Mobile%20App/_git/fiber-app`;
    await expect(remoteRefs(url, auth)).rejects.toThrow();

    const stale = await h.call(users.avery, "/restores", {
      ...source(),
      targetProject: "Mobile App",
      planId: "f".repeat(32),
    });
    expect(stale.status).toBe(409);
    expect(String(stale.json.message)).toContain("show the plan again");

    const started = await h.call(users.avery, "/restores", {
      ...source(),
      targetProject: "Mobile App",
      planId: plan.planId,
    });
    expect(started.status).toBe(202);
    const restoreId = String(started.json.restoreId);
    const done = await waitFor("the restore to finish", async () => {
      const r = await h.call(users.avery, `/restores/${restoreId}`, undefined, "GET");
      expect(r.status).toBe(200);
      const restore = r.json as unknown as RestoreWire;
      return restore.status === "finished" ? restore : undefined;
    });
    expect(done.failure).toBeUndefined();
    expect(done.failed).toEqual([]);
    expect(done).toMatchObject({
      requestedBy: { id: users.avery },
      target: { projectName: "Mobile App" },
      itemsTotal: items,
      itemsDone: items,
    });
    expect(done.created).toEqual(
      expect.arrayContaining([
        { kind: "repository", name: "fiber-app" },
        { kind: "wiki", name: "Mobile App.wiki" },
        { kind: "policy", name: "Minimum number of reviewers on fiber-app (refs/heads/main)" },
      ]),
    );
    expect(done.created.some((c) => c.kind === "pullRequest")).toBe(true);

    // Every ref at the snapshot's commit id (refs/pull/* left out).
    const snapshot = await readSnapshot(
      new LocalFolderStore(join(dir, "backups", "fabrikam")),
      snapshotKey(FABRIKAM_FIBER, runId),
    );
    const backedUp = snapshot.repositories.find((r) => r.name === "fiber-app");
    expect(await remoteRefs(url, auth)).toEqual(backedUp?.refs);

    // Recorded in the organization's history with the verified identity.
    const history = (await h.call(users.devon, "/history", undefined, "GET"))
      .json as unknown as HistoryPage;
    expect(history.records[0]).toMatchObject({
      by: { id: users.avery },
      changes: [],
      restore: {
        restoreId,
        source: { runId, projectName: "Fabrikam Fiber" },
        target: { projectName: "Mobile App" },
        repositories: expect.arrayContaining(["fiber-app"]),
      },
    });

    // Planned again, the same restore now renames: restore never overwrites what it created.
    const again = (
      await h.call(users.avery, "/restore/plans", { ...source(), targetProject: "Mobile App" })
    ).json as unknown as RestorePlanWire;
    expect(again.planId).not.toBe(plan.planId);
    expect(again.repositories.find((r) => r.sourceName === "fiber-app")?.targetName).toBe(
      "fiber-app-restored",
    );
  }, 120_000);

  test("acting as the connected account: once its sign-in is revoked, a plan says the connection needs renewal", async () => {
    expect(h.emulator.entra.revokeRefreshTokens({ userId: users.avery })).toBeGreaterThan(0);
    const refused = await h.call(users.avery, "/restore/plans", {
      ...source(),
      targetProject: "Mobile App",
    });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("connectionRequired");
    const again = await h.call(users.avery, "/restore/plans", {
      ...source(),
      targetProject: "Mobile App",
    });
    expect(again.status).toBe(409);
    expect(String(again.json.message)).toContain("needs renewal");
  });
});
