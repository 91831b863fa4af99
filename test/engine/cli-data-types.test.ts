// Pipelines, Test Plans and Artifacts from the command line, as an admin runs it: a backup of the
// emulated organization with every data type writes their snapshots beside the project's (and the
// organization's feeds once), verify re-hashes them, `restore --plan` lists them without creating
// anything, and `restore --apply --data … --mapping FILE` recreates the chosen ones.
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AreaClient } from "../../service/engine/pipelines/area-client";
import { bearer, useEngineRig } from "./support";
import { fiberBackupArgs, recoveredRestoreArgs, runCli } from "./cli-support";

jest.setTimeout(240_000);

const FIBER = "59be05e4-91ed-404b-8e08-6c0b417bfc86";
const RECOVERED = "0e9d1c4a-6f53-4b7e-8a2d-3c5b7e9f1a20";

const rig = useEngineRig("cli-data-types");

/** `backup` of Fabrikam Fiber from the source, with these data types, into `store`. */
function backupFiber(store: string, work: string, data: string): ReturnType<typeof runCli> {
  return runCli(
    "backup",
    [...fiberBackupArgs(rig.source.orgUrl, store, work), "--data", data],
    rig.source.issueToken(),
  );
}

test("backup with every data type, verify, plan and apply Pipelines and Artifacts", async () => {
  const store = join(rig.dir.path, "store");
  const work = join(rig.dir.path, "work");
  const backup = await backupFiber(store, work, "repos,wiki,pipelines,testPlans,artifacts");
  expect(backup.out).toMatch(/saved {3}Fabrikam Fiber: snapshot \S+/);
  expect(backup.out).toMatch(/ 0 failed; stored/);
  expect(backup.code).toBe(0);

  // Each data type has its own manifest under the run's id, named by the project's snapshot.
  const [snapshotFile] = await readdir(join(store, "snapshots", FIBER));
  const runId = String(snapshotFile).replace(/\.json$/, "");
  const snapshot = JSON.parse(
    await readFile(join(store, "snapshots", FIBER, String(snapshotFile)), "utf8"),
  ) as { dataSnapshots?: Record<string, string>; skipped: { kind: string; reason: string }[] };
  for (const type of ["pipelines", "testPlans", "artifacts"]) {
    expect(snapshot.dataSnapshots?.[type]).toBe(`data-snapshots/${type}/${FIBER}/${runId}.json`);
    expect(await readdir(join(store, "data-snapshots", type, FIBER))).toEqual([`${runId}.json`]);
  }
  // The organization's feeds once per run.
  expect(await readdir(join(store, "data-snapshots", "artifacts", "_organization"))).toEqual([
    `${runId}.json`,
  ]);
  // What could only be recorded is said in the snapshot (secrets cannot be read).
  expect(
    snapshot.skipped.some((s) => s.kind === "pipelines" && /cannot be read/.test(s.reason)),
  ).toBe(true);

  const verify = await runCli("verify", ["--dest", store], "");
  expect(verify.out).toMatch(/ 0 problems/);
  expect(verify.code).toBe(0);

  const targetPat = rig.target.issueToken();
  const common = recoveredRestoreArgs(store, runId, rig.target.orgUrl, work);
  const plan = await runCli("restore", ["--plan", "--organization-feeds", ...common], targetPat);
  expect(plan.out).toMatch(/create repository fiber-app/);
  expect(plan.out).toMatch(/Restore Pipelines from data-snapshots\/pipelines\/.* into Recovered/);
  expect(plan.out).toMatch(/create buildDefinition "fiber-ci"/);
  expect(plan.out).toMatch(/Restore Test Plans from data-snapshots\/testPlans\/.* into Recovered/);
  expect(plan.out).toMatch(/Restore Artifacts from data-snapshots\/artifacts\/59be05e4/);
  expect(plan.out).toMatch(/create feed "fiber-packages"/);
  expect(plan.out).toMatch(/Restore Artifacts from data-snapshots\/artifacts\/_organization\//);
  expect(plan.out).toMatch(/Dry run: nothing was created/);
  expect(plan.code).toBe(0);
  // A dry run created nothing on the target.
  const targetApi = new AreaClient(rig.target.orgUrl, bearer(rig.target));
  const definitions = () =>
    targetApi.getAll<{ id: number; name: string }>(`${RECOVERED}/_apis/build/definitions`);
  expect(await definitions()).toEqual([]);

  // Only the chosen data types: Test Plans is left out, so no plan of it is even printed.
  const only = await runCli("restore", ["--plan", "--data", "pipelines", ...common], targetPat);
  expect(only.out).toMatch(/Restore Pipelines from/);
  expect(only.out).not.toMatch(
    /create repository|create policy|Restore Test Plans|Restore Artifacts/,
  );

  // The target's own service connection stands in for the source's, through the mapping file.
  await targetApi.send("POST", "_apis/serviceendpoint/endpoints", {
    name: "northwind-azure",
    type: "azurerm",
    url: "https://management.azure.com/",
    authorization: { scheme: "ServicePrincipal", parameters: { serviceprincipalkey: "x" } },
    serviceEndpointProjectReferences: [
      { name: "northwind-azure", projectReference: { id: RECOVERED } },
    ],
  });
  const mapping = join(rig.dir.path, "mapping.json");
  await writeFile(
    mapping,
    JSON.stringify({ serviceConnections: { "fabrikam-azure-prod": "northwind-azure" } }),
  );
  const apply = await runCli(
    "restore",
    ["--apply", "--data", "repos,pipelines,artifacts", "--mapping", mapping, ...common],
    targetPat,
  );
  expect(apply.out).toMatch(/created repository fiber-app/);
  expect(apply.out).toMatch(/created buildDefinition fiber-ci/);
  expect(apply.out).toMatch(/created feed fiber-packages/);
  expect(apply.out).toMatch(/created 6 package version\(s\), republished/);
  expect(apply.out).not.toMatch(/^failed/m);
  expect(apply.code).toBe(0);
  // Planned again on apply: the definition builds the fiber-app the same command just restored.
  const ci = (await definitions()).find((d) => d.name === "fiber-ci");
  const body = await targetApi.get<{ repository?: { id?: string } }>(
    `${RECOVERED}/_apis/build/definitions/${ci?.id}`,
  );
  const repos = await targetApi.getAll<{ id: string; name: string }>(
    `${RECOVERED}/_apis/git/repositories`,
  );
  const restoredApp = repos.find((r) => r.name === "fiber-app")?.id;
  expect(restoredApp).toBeDefined();
  expect(body.repository?.id).toBe(restoredApp);
});

test("backup and restore name the new data types in their help and refuse an unknown one", async () => {
  const help = await runCli("restore", ["--help"], "");
  expect(help.out).toMatch(/--mapping FILE/);
  expect(help.out).toMatch(/pipelines/);
  const wrong = await runCli(
    "backup",
    ["--organization", rig.source.orgUrl, "--dest", join(rig.dir.path, "x"), "--data", "builds"],
    "x",
  );
  expect(wrong.code).toBe(2);
  expect(wrong.out).toMatch(/--data takes repos, wiki, boards, pipelines, testPlans, artifacts/);
});

test("a data type that fails is named and exits 1; the rest of the run is saved", async () => {
  const store = join(rig.dir.path, "store-failing");
  // The testplan area answers an error that is not retried: Test Plans alone cannot be read.
  rig.source.setFaults({ pathPattern: "/_apis/testplan/", rate5xx: 1, status5xx: 501 });
  const backup = await backupFiber(
    store,
    join(rig.dir.path, "work-failing"),
    "repos,pipelines,testPlans",
  ).finally(() => rig.source.setFaults({ rate5xx: 0, pathPattern: undefined }));
  expect(backup.out).toMatch(/^failed {2}Fabrikam Fiber \/ Test Plans: .*injected fault/m);
  expect(backup.out).toMatch(/saved {3}Fabrikam Fiber: snapshot \S+/);
  expect(backup.out).toMatch(/ 1 failed; stored/);
  expect(backup.code).toBe(1);
  expect(await readdir(join(store, "data-snapshots"))).toEqual(["pipelines"]);
});

test("restore applies Boards, then Test Plans planned again with its work items", async () => {
  const store = join(rig.dir.path, "store-boards");
  const work = join(rig.dir.path, "work-boards");
  const backup = await backupFiber(store, work, "boards,testPlans");
  expect(backup.code).toBe(0);
  const apply = await runCli(
    "restore",
    [
      "--apply",
      "--data",
      "boards,testPlans",
      ...recoveredRestoreArgs(store, "latest", rig.target.orgUrl, work),
    ],
    rig.target.issueToken(),
  );
  expect(apply.out).not.toMatch(/create repository/);
  expect(apply.out).toMatch(/^created Boards: \d+ work items/m);
  // The test plan's test cases are Boards work items: Boards are restored first, then the plan
  // and its suites take the test cases by their restored ids.
  const created = apply.out.split("\n").filter((l) => l.startsWith("created "));
  const boards = created.findIndex((l) => l.startsWith("created Boards"));
  expect(created.indexOf("created plan Fiber 2.0")).toBeGreaterThan(boards);
  expect(created).toContain("created suite Sign-in");
  expect(apply.out).not.toMatch(/^failed/m);
  expect(apply.code).toBe(0);
});
