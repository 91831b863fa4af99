// The command line as an admin or a pipeline runs it: a PAT from the environment (sent as Basic),
// plain progress lines when not on a terminal, the plan before any change, non-zero exits.
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useEngineRig } from "./support";
import { fiberBackupArgs, recoveredRestoreArgs, runCli } from "./cli-support";

jest.setTimeout(180_000);

const rig = useEngineRig("cli");

test("backup, verify, plan and apply from the command line; a damaged store exits non-zero", async () => {
  const store = join(rig.dir.path, "store");
  const work = join(rig.dir.path, "work");
  const backup = await runCli(
    "backup",
    fiberBackupArgs(rig.source.orgUrl, store, work),
    rig.source.issueToken(),
  );
  expect(backup.out).toMatch(/skipped Fabrikam Fiber \/ fiber-legacy: disabled/);
  expect(backup.out).toMatch(/saved {3}Fabrikam Fiber: snapshot \S+/);
  expect(backup.out).toMatch(/0 failed; stored/);
  expect(backup.out).not.toContain("emu.");
  expect(backup.code).toBe(0);

  expect((await runCli("verify", ["--dest", store], "")).code).toBe(0);

  const targetPat = rig.target.issueToken();
  const common = recoveredRestoreArgs(store, "latest", rig.target.orgUrl, work);
  const plan = await runCli("restore", ["--plan", ...common], targetPat);
  expect(plan.out).toMatch(/create repository fiber-app/);
  expect(plan.out).toMatch(/Dry run: nothing was created/);
  expect(plan.code).toBe(0);
  const apply = await runCli("restore", ["--apply", ...common], targetPat);
  expect(apply.out).toMatch(/created repository fiber-app/);
  expect(apply.code).toBe(0);

  const objects = join(store, "objects", "sha256");
  const folder = (await readdir(objects))[0] as string;
  const file = (await readdir(join(objects, folder)))[0] as string;
  await writeFile(join(objects, folder, file), "damaged");
  const verify = await runCli("verify", ["--dest", store], "");
  expect(verify.out).toMatch(/^damaged /m);
  expect(verify.code).toBe(1);
});

test("without a credential in the environment the command says which variable to set", async () => {
  const r = await runCli(
    "backup",
    ["--organization", rig.source.orgUrl, "--dest", join(rig.dir.path, "x")],
    "",
  );
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/AZURE_DEVOPS_PAT/);
});
