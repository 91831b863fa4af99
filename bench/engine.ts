// Backup engine bench (issue 9): N generated repositories in an emulated organization; the first
// and the second (nothing changed) backup run and a restore, each beside a plain
// `git clone --mirror` of the same repositories from the same server, in the same run, as many at
// once as the engine runs. The source and target organizations run in their own processes
// (bench/engine-server.ts), as servers would. Writes bench/engine-results.json; exit 1 when a
// target is missed.
//   node scripts/run-ts.js bench/engine.ts [--repos 40] [--total-mb 400] [--concurrency 3] [--out FILE]
// The full fixture: --repos 200 --total-mb 2048 (about 10 GB of disk while it runs).
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ReposApi } from "../service/engine/azure-devops/repos-api";
import { runBackup, type BackupOptions } from "../service/engine/backup/run";
import { mapBounded } from "../service/engine/concurrency";
import { git } from "../service/engine/git/git-runner";
import { applyRestore } from "../service/engine/restore/apply";
import { planRestore } from "../service/engine/restore/plan";
import { ContentStore } from "../service/engine/storage/content-store";
import { LocalFolderStore } from "../service/engine/storage/local-folder-store";

const { values } = parseArgs({
  options: {
    repos: { type: "string", default: "40" },
    "total-mb": { type: "string", default: "400" },
    concurrency: { type: "string", default: "3" },
    out: { type: "string", default: "bench/engine-results.json" },
  },
});
const REPOS = Number(values.repos);
const TOTAL_MB = Number(values["total-mb"]);
const CONCURRENCY = Number(values.concurrency);

/** Issue 9's speed targets, as ratios to the plain `git clone --mirror` time. */
const TARGETS = { firstRun: 1.3, secondRun: 0.1, secondRunPercentOfFirst: 1 };

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? await folderBytes(p) : (await stat(p)).size;
  }
  return total;
}

/**
 * A phase ends when what it wrote is on disk (`sync` inside the timing: a clone and a backup are
 * both done only when durable, and the engine's extra bytes are not left for the page cache to
 * hide). It starts with the disk's write-back done, so nothing earlier is billed to it.
 */
async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  execFileSync("sync");
  const t = performance.now();
  const value = await f();
  execFileSync("sync");
  return { ms: Math.round(performance.now() - t), value };
}

/** An emulated organization in its own process (bench/engine-server.ts). */
interface Server {
  orgUrl: string;
  token: string;
  repositories: string[];
  generateMs: number;
  stop(): Promise<void>;
}

function startServer(name: string, project: string, repos = 0, totalMb = 0): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      join(__dirname, "..", "scripts", "run-ts.js"),
      join(__dirname, "engine-server.ts"),
      ...["--name", name, "--project", project, "--repos", String(repos)],
      ...["--total-mb", String(totalMb)],
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const stopped = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const stop = (): Promise<void> => {
    child.stdin.end();
    return stopped;
  };
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("\n")) resolve({ ...(JSON.parse(text) as Omit<Server, "stop">), stop });
    });
    child.on("exit", (code) => reject(new Error(`${name} server stopped (${code})`)));
  });
}

/** The baseline: `git clone --mirror` of every repository, as many at once as the engine runs. */
async function plainMirrors(
  source: Server,
  mirrors: string,
): Promise<{ ms: number; bytesOnDisk: number }> {
  const cloned = await timed(() =>
    mapBounded(source.repositories, CONCURRENCY, (name) =>
      git(["clone", "-q", "--mirror", `${source.orgUrl}/Bench/_git/${name}`, join(mirrors, name)], {
        authorization: `Bearer ${source.token}`,
      }),
    ),
  );
  const bytesOnDisk = await folderBytes(mirrors);
  await rm(mirrors, { recursive: true, force: true });
  return { ms: cloned.ms, bytesOnDisk };
}

function restoreInto(
  target: Server,
  store: LocalFolderStore,
  runId: string,
  workDir: string,
): ReturnType<typeof applyRestore> {
  const authorization = (): Promise<string> => Promise.resolve(`Bearer ${target.token}`);
  const api = new ReposApi(target.orgUrl, authorization);
  return planRestore(store, api, { snapshot: runId, targetProject: "Restored" }).then((plan) =>
    applyRestore(
      { api, authorization, content: new ContentStore(store), workDir, concurrency: CONCURRENCY },
      plan,
    ),
  );
}

const ratio = (ms: number, baseline: number): number => Number((ms / baseline).toFixed(3));

interface Measured {
  cloneBefore: { ms: number; bytesOnDisk: number };
  cloneAfter: { ms: number; bytesOnDisk: number };
  first: { ms: number; value: Awaited<ReturnType<typeof runBackup>> };
  second: { ms: number; value: Awaited<ReturnType<typeof runBackup>> };
  restore: { ms: number; value: Awaited<ReturnType<typeof applyRestore>> };
}

function results(m: Measured, generateMs: number, loadBefore: number[]): Record<string, unknown> {
  // The clone runs right before the first backup and right after the second: their mean is the
  // baseline, so load that comes and goes on a shared machine weighs on both sides alike.
  const baseline = Math.round((m.cloneBefore.ms + m.cloneAfter.ms) / 2);
  const firstBytes = m.first.value.storage.bytesWritten;
  const secondBytes = m.second.value.storage.bytesWritten;
  const percentOfFirst = Number(((100 * secondBytes) / firstBytes).toFixed(3));
  const targets = [
    {
      id: "engine.firstRun",
      limit: `≤ ${TARGETS.firstRun}× clone --mirror`,
      value: ratio(m.first.ms, baseline),
      met: m.first.ms <= TARGETS.firstRun * baseline,
    },
    {
      id: "engine.secondRun",
      limit: `< ${TARGETS.secondRun}× clone --mirror`,
      value: ratio(m.second.ms, baseline),
      met: m.second.ms < TARGETS.secondRun * baseline,
    },
    {
      id: "engine.secondRunBytes",
      limit: `< ${TARGETS.secondRunPercentOfFirst} % of the first run's bytes`,
      value: percentOfFirst,
      met: percentOfFirst < TARGETS.secondRunPercentOfFirst,
    },
  ];
  return {
    when: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore: Number(loadBefore[0]?.toFixed(2)),
      loadAverageAfter: Number(loadavg()[0]?.toFixed(2)),
    },
    repositories: REPOS,
    totalMb: TOTAL_MB,
    concurrency: CONCURRENCY,
    generateMs,
    plainGitCloneMirror: {
      ms: baseline,
      msBefore: m.cloneBefore.ms,
      msAfter: m.cloneAfter.ms,
      bytesOnDisk: m.cloneBefore.bytesOnDisk,
    },
    firstRun: {
      ms: m.first.ms,
      ratioToClone: ratio(m.first.ms, baseline),
      bytesStored: firstBytes,
      objects: m.first.value.storage.objectsWritten,
      failed: m.first.value.failedCount,
    },
    secondRun: {
      ms: m.second.ms,
      ratioToClone: ratio(m.second.ms, baseline),
      bytesStored: secondBytes,
      percentOfFirst,
      failed: m.second.value.failedCount,
    },
    restore: {
      ms: m.restore.ms,
      ratioToClone: ratio(m.restore.ms, baseline),
      created: m.restore.value.created.length,
      failed: m.restore.value.failed.length,
    },
    targets,
  };
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "engine-bench-"));
  const [source, target] = await Promise.all([
    startServer("benchsource", "Bench", REPOS, TOTAL_MB),
    startServer("benchtarget", "Restored"),
  ]);
  try {
    const loadBefore = loadavg();
    const token = source.token;
    const store = new LocalFolderStore(join(scratch, "store"));
    const options: BackupOptions = {
      organizationUrl: source.orgUrl,
      authorization: () => Promise.resolve(`Bearer ${token}`),
      store,
      workDir: join(scratch, "work"),
      projects: ["Bench"],
      concurrency: CONCURRENCY,
    };
    const cloneBefore = await plainMirrors(source, join(scratch, "plain-1"));
    const first = await timed(() => runBackup(options));
    const second = await timed(() => runBackup(options));
    const cloneAfter = await plainMirrors(source, join(scratch, "plain-2"));
    const restore = await timed(() =>
      restoreInto(target, store, first.value.runId, join(scratch, "restore")),
    );
    const out = results(
      { cloneBefore, cloneAfter, first, second, restore },
      source.generateMs,
      loadBefore,
    );
    await writeFile(values.out as string, `${JSON.stringify(out, null, 2)}\n`);
    console.log(JSON.stringify(out, null, 2));
    const failed = first.value.failedCount + second.value.failedCount + restore.value.failed.length;
    const missed = (out.targets as { id: string; met: boolean }[]).filter((t) => !t.met);
    for (const t of missed) console.error(`target missed: ${t.id}`);
    if (failed > 0 || missed.length > 0) process.exitCode = 1;
  } finally {
    await Promise.all([source.stop(), target.stop()]);
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
