// Shared by the engine tests: a source organization (fabrikam, with seeded repositories) and an
// empty target organization, both emulated on free ports, and small git helpers.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFixture, startEmulator, type EmulatorHandle } from "../../emulator/server";
import { ReposApi, type AuthorizationSource } from "../../service/engine/azure-devops/repos-api";
import { runBackup, type BackupResult } from "../../service/engine/backup/run";
import { git } from "../../service/engine/git/git-runner";
import { applyRestore } from "../../service/engine/restore/apply";
import { planRestore, type RestorePlan } from "../../service/engine/restore/plan";
import { ContentStore } from "../../service/engine/storage/content-store";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";

export const PORTS = { host: 0, extension: 0, entra: 0 } as const;

export function startSource(): Promise<EmulatorHandle> {
  return startEmulator({ ports: PORTS, quiet: true });
}

/** The empty target's one project, where the tests restore to. */
export const RECOVERED = { id: "0e9d1c4a-6f53-4b7e-8a2d-3c5b7e9f1a20", name: "Recovered" };

/** An organization with one empty project, "Recovered", and no repositories. */
export function startEmptyTarget(): Promise<EmulatorHandle> {
  const fixture = loadFixture(undefined);
  fixture.organization = {
    ...fixture.organization,
    name: "northwind",
    id: "5b1c7a52-0f1e-4d39-9a57-2c0f8e4d6a11",
  };
  fixture.projects = [{ ...RECOVERED }];
  return startEmulator({ fixture, ports: PORTS, quiet: true });
}

export function bearer(e: EmulatorHandle): AuthorizationSource {
  const token = e.issueToken();
  return () => Promise.resolve(`Bearer ${token}`);
}

export async function scratchDir(
  name: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `engine-${name}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The emulated source and target organizations, a scratch folder and a store one test file shares. */
export interface EngineRig {
  source: EmulatorHandle;
  target: EmulatorHandle;
  dir: { path: string; remove: () => Promise<void> };
  /** A local folder store in the scratch folder ("store"). */
  store: LocalFolderStore;
}

/** Starts the source, the empty target and a scratch folder before the file's tests; stops them after. */
export function useEngineRig(name: string): EngineRig {
  const rig = {} as EngineRig;
  beforeAll(async () => {
    [rig.source, rig.target] = await Promise.all([startSource(), startEmptyTarget()]);
    rig.dir = await scratchDir(name);
    rig.store = new LocalFolderStore(join(rig.dir.path, "store"));
  });
  afterAll(async () => {
    await Promise.all([rig.source?.stop(), rig.target?.stop()]);
    await rig.dir?.remove();
  });
  return rig;
}

/** The emulated source organization and a scratch folder one test file shares. */
export interface SourceRig {
  source: EmulatorHandle;
  dir: { path: string; remove: () => Promise<void> };
}

/** Starts the source and a scratch folder before the file's tests; stops them after. */
export function useSourceRig(name: string): SourceRig {
  const rig = {} as SourceRig;
  beforeAll(async () => {
    rig.source = await startSource();
    rig.dir = await scratchDir(name);
  });
  afterAll(async () => {
    await rig.source?.stop();
    await rig.dir?.remove();
  });
  return rig;
}

/** A data type's restore target: `project` (Recovered by default) of the target, with its token. */
export function restoreTarget(
  rig: EngineRig,
  project: { id: string; name: string } = RECOVERED,
): {
  organizationUrl: string;
  authorization: AuthorizationSource;
  project: { id: string; name: string };
} {
  return { organizationUrl: rig.target.orgUrl, authorization: bearer(rig.target), project };
}

/** Backs up `projects` of the source into the rig's store, its mirrors in the scratch folder's "work". */
export function backUpSource(rig: EngineRig, projects: string[]): Promise<BackupResult> {
  return runBackup({
    organizationUrl: rig.source.orgUrl,
    authorization: bearer(rig.source),
    store: rig.store,
    workDir: join(rig.dir.path, "work"),
    projects,
  });
}

/**
 * The target's repositories API and the plan to restore a source project's snapshot (the latest
 * unless named) into Recovered.
 */
export async function planIntoRecovered(
  rig: EngineRig,
  sourceProject: string,
  snapshot = "latest",
): Promise<{ api: ReposApi; plan: RestorePlan }> {
  const api = new ReposApi(rig.target.orgUrl, bearer(rig.target));
  const plan = await planRestore(rig.store, api, {
    snapshot,
    sourceProject,
    targetProject: RECOVERED.name,
  });
  return { api, plan };
}

/** Applies `plan` to the target with the backed-up content, working in the scratch folder's `workDir`. */
export function applyToTarget(
  rig: EngineRig,
  api: ReposApi,
  plan: RestorePlan,
  workDir: string,
): ReturnType<typeof applyRestore> {
  return applyRestore(
    {
      api,
      authorization: bearer(rig.target),
      content: new ContentStore(rig.store),
      workDir: join(rig.dir.path, workDir),
    },
    plan,
  );
}

/** A remote's refs (refs/pull/* left out, as a restore leaves them out). */
export async function remoteRefs(
  url: string,
  authorization: string,
): Promise<Record<string, string>> {
  const out = await git(["ls-remote", url], { authorization });
  const refs: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (sha && ref && ref !== "HEAD" && !ref.endsWith("^{}") && !ref.startsWith("refs/pull/"))
      refs[ref] = sha;
  }
  return refs;
}

/** Clones, commits one file and pushes: "someone pushed since the last backup". */
export async function pushCommit(
  url: string,
  authorization: string,
  work: string,
  file: string,
  content: string,
): Promise<string> {
  const dir = join(work, `push-${Date.now()}`);
  const o = { authorization };
  await git(["clone", "--quiet", url, dir], o);
  const { writeFile } = await import("node:fs/promises");
  await writeFile(join(dir, file), content);
  await git(["add", file], { cwd: dir });
  await git(
    [
      "-c",
      "user.name=Devon",
      "-c",
      "user.email=devon@example.com",
      "commit",
      "-q",
      "-m",
      `Add ${file}`,
    ],
    { cwd: dir },
  );
  await git(["push", "--quiet", "--no-verify", "origin", "HEAD"], { cwd: dir, authorization });
  return (await git(["rev-parse", "HEAD"], { cwd: dir })).trim();
}
