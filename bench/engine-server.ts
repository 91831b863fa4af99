// One emulated organization for the engine bench, in its own process as a real server would be:
// the emulator's synchronous work (it runs git for a repository listing) then never pauses the
// engine or the clones being measured. Prints one JSON line when ready, stops when stdin closes.
//   node scripts/run-ts.js bench/engine-server.ts --name benchsource --project Bench [--repos N --total-mb M]
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gitHostingOf } from "../emulator/git";
import { loadFixture, startEmulator, type EmulatorHandle } from "../emulator/server";
import { mapBounded } from "../service/engine/concurrency";
import { git } from "../service/engine/git/git-runner";

const { values } = parseArgs({
  options: {
    name: { type: "string", default: "benchsource" },
    project: { type: "string", default: "Bench" },
    repos: { type: "string", default: "0" },
    "total-mb": { type: "string", default: "0" },
  },
});

const benchRepositoryName = (i: number): string => `repo-${String(i).padStart(3, "0")}`;

function organization(name: string, project: string): Promise<EmulatorHandle> {
  const fixture = loadFixture(undefined);
  fixture.organization = { ...fixture.organization, name };
  const suffix = createHashLike(name);
  fixture.projects = [{ id: `00000000-0000-4000-8000-${suffix}`, name: project }];
  return startEmulator({ fixture, ports: { host: 0, extension: 0, entra: 0 }, quiet: true });
}

/** A stable 12-hex-digit project id suffix per organization name. */
function createHashLike(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(12, "0").slice(-12);
}

/**
 * Repositories of incompressible files in three commits (so packs are as big as the content),
 * packed on the server as a hosted repository is: a clone reuses stored pack data rather than
 * compressing loose objects, for the engine and for the plain clone alike.
 */
async function generate(source: EmulatorHandle, repos: number, repoBytes: number): Promise<void> {
  const hosting = await gitHostingOf(source.state);
  const project = hosting.project(values.project as string);
  if (!project) throw new Error(`no ${values.project} project`);
  const scratch = await mkdtemp(join(tmpdir(), "engine-bench-generate-"));
  // Random bytes do not compress: zlib level 0 stores them as they are, as level 6 ends up doing,
  // only without spending minutes trying.
  const settings = [
    ...["-c", "user.name=Bench", "-c", "user.email=bench@example.com"],
    ...["-c", "core.compression=0"],
  ];
  try {
    await mapBounded(
      Array.from({ length: repos }, (_, i) => i),
      2,
      async (i) => {
        const repo = hosting.createRepository(project, benchRepositoryName(i));
        const work = join(scratch, `gen-${i}`);
        await git(["init", "-q", "--initial-branch=main", work]);
        await mkdir(join(work, "data"), { recursive: true });
        for (let c = 0; c < 3; c++) {
          const part = randomBytes(Math.floor(repoBytes / 3));
          await writeFile(join(work, "data", `part-${c}.bin`), part);
          await git([...settings, "add", "-A"], { cwd: work });
          await git([...settings, "commit", "-q", "-m", `part ${c}`], { cwd: work });
        }
        await git(["tag", "v1"], { cwd: work });
        await git(["push", "-q", "--no-verify", repo.dir, "+refs/*:refs/*"], { cwd: work });
        await git(["-c", "pack.compression=0", "repack", "-a", "-d", "-q"], { cwd: repo.dir });
        await rm(work, { recursive: true, force: true });
      },
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const emulator = await organization(values.name as string, values.project as string);
  const repos = Number(values.repos);
  const started = performance.now();
  if (repos > 0)
    await generate(emulator, repos, Math.floor((Number(values["total-mb"]) * 2 ** 20) / repos));
  const generateMs = Math.round(performance.now() - started);
  process.stdout.write(
    `${JSON.stringify({
      orgUrl: emulator.orgUrl,
      token: emulator.issueToken(),
      repositories: Array.from({ length: repos }, (_, i) => benchRepositoryName(i)),
      generateMs,
    })}\n`,
  );
  process.stdin.resume();
  process.stdin.on("end", () => void emulator.stop().then(() => process.exit(0)));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
