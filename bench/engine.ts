// Backup engine bench: N generated repositories in an emulated organization; the first and the
// second (nothing changed) backup run, a restore, each beside a plain `git clone --mirror` of the
// same repositories. Writes bench/engine-results.json.
//   node scripts/run-ts.js bench/engine.ts [--repos 20] [--size-mb 5] [--concurrency 3] [--out FILE]
// (--repos 200 --size-mb 10 for the big run; not on a shared 2-core machine.)
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gitHostingOf } from "../emulator/git";
import { loadFixture, startEmulator, type EmulatorHandle } from "../emulator/server";
import { ReposApi } from "../service/engine/azure-devops/repos-api";
import { runBackup } from "../service/engine/backup/run";
import { mapBounded } from "../service/engine/concurrency";
import { git } from "../service/engine/git/git-runner";
import { applyRestore } from "../service/engine/restore/apply";
import { planRestore } from "../service/engine/restore/plan";
import { ContentStore } from "../service/engine/storage/content-store";
import { LocalFolderStore } from "../service/engine/storage/local-folder-store";

const { values } = parseArgs({
  options: {
    repos: { type: "string", default: "20" },
    "size-mb": { type: "string", default: "5" },
    concurrency: { type: "string", default: "3" },
    out: { type: "string", default: "bench/engine-results.json" },
  },
});
const REPOS = Number(values.repos);
const SIZE = Number(values["size-mb"]) * 1024 * 1024;
const CONCURRENCY = Number(values.concurrency);

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? await folderBytes(p) : (await stat(p)).size;
  }
  return total;
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: Math.round(performance.now() - t), value };
}

function organization(name: string, project: string): Promise<EmulatorHandle> {
  const fixture = loadFixture(undefined);
  fixture.organization = { ...fixture.organization, name };
  fixture.projects = [
    {
      id: `00000000-0000-4000-8000-${name === "benchsource" ? "000000000001" : "000000000002"}`,
      name: project,
    },
  ];
  return startEmulator({ fixture, ports: { host: 0, extension: 0, entra: 0 }, quiet: true });
}

/** Repositories of incompressible files in three commits (so packs are as big as the content). */
async function generate(source: EmulatorHandle, scratch: string): Promise<void> {
  const hosting = await gitHostingOf(source.state);
  const project = hosting.project("Bench");
  if (!project) throw new Error("no Bench project");
  await mapBounded(
    Array.from({ length: REPOS }, (_, i) => i),
    2,
    async (i) => {
      const repo = hosting.createRepository(project, `repo-${String(i).padStart(3, "0")}`);
      const work = join(scratch, `gen-${i}`);
      await git(["init", "-q", "--initial-branch=main", work]);
      for (let c = 0; c < 3; c++) {
        await mkdir(join(work, "data"), { recursive: true });
        await writeFile(join(work, "data", `part-${c}.bin`), randomBytes(Math.floor(SIZE / 3)));
        await git(["add", "-A"], { cwd: work });
        await git(
          [
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
            "commit",
            "-q",
            "-m",
            `part ${c}`,
          ],
          { cwd: work },
        );
      }
      await git(["tag", "v1"], { cwd: work });
      await git(["push", "-q", "--no-verify", repo.dir, "+refs/*:refs/*"], { cwd: work });
      await rm(work, { recursive: true, force: true });
    },
  );
}

/** The baseline: `git clone --mirror` of every repository, as many at once as the engine runs. */
async function plainMirrors(
  source: EmulatorHandle,
  token: string,
  mirrors: string,
): Promise<{ ms: number; bytesOnDisk: number }> {
  const cloned = await timed(() =>
    mapBounded(
      Array.from({ length: REPOS }, (_, i) => i),
      CONCURRENCY,
      (i) =>
        git(
          [
            "clone",
            "-q",
            "--mirror",
            `${source.orgUrl}/Bench/_git/repo-${String(i).padStart(3, "0")}`,
            join(mirrors, `${i}.git`),
          ],
          {
            authorization: `Bearer ${token}`,
          },
        ),
    ),
  );
  return { ms: cloned.ms, bytesOnDisk: await folderBytes(mirrors) };
}

function restoreInto(
  target: EmulatorHandle,
  store: LocalFolderStore,
  runId: string,
  workDir: string,
): ReturnType<typeof applyRestore> {
  const token = target.issueToken();
  const authorization = (): Promise<string> => Promise.resolve(`Bearer ${token}`);
  const api = new ReposApi(target.orgUrl, authorization);
  return planRestore(store, api, { snapshot: runId, targetProject: "Restored" }).then((plan) =>
    applyRestore({ api, authorization, content: new ContentStore(store), workDir }, plan),
  );
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "engine-bench-"));
  const [source, target] = await Promise.all([
    organization("benchsource", "Bench"),
    organization("benchtarget", "Restored"),
  ]);
  try {
    const generated = await timed(() => generate(source, scratch));
    const token = source.issueToken();
    const authorization = (): Promise<string> => Promise.resolve(`Bearer ${token}`);
    const store = new LocalFolderStore(join(scratch, "store"));
    const options = {
      organizationUrl: source.orgUrl,
      authorization,
      store,
      workDir: join(scratch, "work"),
      projects: ["Bench"],
      concurrency: CONCURRENCY,
    };
    const first = await timed(() => runBackup(options));
    const second = await timed(() => runBackup(options));
    const plain = await plainMirrors(source, token, join(scratch, "plain-mirrors"));
    const restore = await timed(() =>
      restoreInto(target, store, first.value.runId, join(scratch, "restore")),
    );
    const results = {
      when: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      repositories: REPOS,
      sizeMbEach: SIZE / 2 ** 20,
      concurrency: CONCURRENCY,
      generateMs: generated.ms,
      firstRun: {
        ms: first.ms,
        bytesStored: first.value.storage.bytesWritten,
        objects: first.value.storage.objectsWritten,
        failed: first.value.failedCount,
      },
      secondRun: {
        ms: second.ms,
        bytesStored: second.value.storage.bytesWritten,
        percentOfFirst: Number(
          ((100 * second.value.storage.bytesWritten) / first.value.storage.bytesWritten).toFixed(3),
        ),
        failed: second.value.failedCount,
      },
      restore: {
        ms: restore.ms,
        created: restore.value.created.length,
        failed: restore.value.failed.length,
      },
      plainGitCloneMirror: plain,
    };
    await writeFile(values.out as string, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
    if (results.firstRun.failed + results.secondRun.failed + results.restore.failed > 0)
      process.exitCode = 1;
  } finally {
    await Promise.all([source.stop(), target.stop()]);
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
