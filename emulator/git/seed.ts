// Turns emulator/fixtures/repositories.ts into real Git content: each recipe is built in a scratch
// work tree with the real git, then pushed into the hosted bare repository. LFS files are written
// as LFS pointers in the tree, with their content in the hosting's LFS store (what a client's
// `git lfs push` would have left there).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { GitFixture, RepositoryRecipe } from "../fixtures/repositories";
import { seededRandom } from "../server/random";
import { gitSync, type GitHosting, type HostedRepository } from "./hosting";

const run = promisify(execFile);

/** A work tree being built, with a clock so commit ids are the same on every start. */
interface Scratch {
  dir: string;
  clock: number;
  repo: HostedRepository;
}

async function git(s: Scratch, args: string[]): Promise<string> {
  s.clock += 60;
  const date = `${s.clock} +0000`;
  const { stdout } = await run("git", args, {
    cwd: s.dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Avery Admin",
      GIT_AUTHOR_EMAIL: "avery@fabrikam.example",
      GIT_COMMITTER_NAME: "Avery Admin",
      GIT_COMMITTER_EMAIL: "avery@fabrikam.example",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_TERMINAL_PROMPT: "0",
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function write(s: Scratch, path: string, content: string | Buffer): void {
  const target = join(s.dir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}

/** Bytes that do not compress, so pack sizes in tests mean something. */
function noise(seed: number, bytes: number): Buffer {
  const random = seededRandom(seed);
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Math.floor(random.next() * 256);
  return out;
}

/** Writes an LFS pointer into the tree and the object into the hosting's LFS store. */
function writeLfs(s: Scratch, path: string, content: Buffer): void {
  const oid = createHash("sha256").update(content).digest("hex");
  writeFileSync(join(s.repo.lfsDir, oid), content);
  write(
    s,
    path,
    `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`,
  );
}

async function commitAll(s: Scratch, message: string): Promise<void> {
  await git(s, ["add", "-A"]);
  // The scratch tree holds pointers already: no LFS filter may rewrite them.
  await git(s, [
    "-c",
    "filter.lfs.clean=cat",
    "-c",
    "filter.lfs.required=false",
    "commit",
    "-q",
    "-m",
    message,
  ]);
}

async function application(s: Scratch, seed: number): Promise<void> {
  write(s, ".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n");
  write(s, "README.md", "# Fiber app\n\nThe customer-facing application.\n");
  write(s, "src/app.ts", "export const version = '1.0';\n");
  write(s, "data/sample.dat", noise(seed, 384 * 1024));
  writeLfs(s, "assets/logo.bin", noise(seed + 1, 48 * 1024));
  await commitAll(s, "Initial commit");
  await git(s, ["tag", "v1.0"]);
  write(s, "src/app.ts", "export const version = '1.1';\nexport const name = 'fiber';\n");
  await commitAll(s, "Version 1.1");
  await git(s, ["tag", "-a", "v1.1", "-m", "Release 1.1"]);
  await git(s, ["notes", "add", "-m", "Reviewed-by: Avery Admin"]);
  await git(s, ["checkout", "-q", "-b", "develop"]);
  write(s, "src/feature.ts", "export const feature = true;\n");
  await commitAll(s, "Feature flag");
  await git(s, ["checkout", "-q", "-b", "feature/login", "main"]);
  write(s, "src/login.ts", "export function login(): void {}\n");
  writeLfs(s, "assets/login.bin", noise(seed + 2, 32 * 1024));
  await commitAll(s, "Sign-in page");
  const head = (await git(s, ["rev-parse", "HEAD"])).trim();
  // Azure DevOps keeps a merge ref per pull request; backups must leave these out.
  await git(s, ["update-ref", "refs/pull/1/merge", head]);
  await git(s, ["checkout", "-q", "main"]);
}

async function projectWiki(s: Scratch): Promise<void> {
  write(s, "Home.md", "# Welcome\n\nThe Fabrikam Fiber wiki.\n");
  write(s, ".order", "Home\nSetup\n");
  await commitAll(s, "Added Home");
  write(s, "Setup.md", "# Setup\n\n1. Clone fiber-app\n2. npm install\n");
  write(s, "Setup/Database.md", "# Database\n\nUse PostgreSQL.\n");
  await commitAll(s, "Added Setup");
}

async function documented(s: Scratch, seed: number): Promise<void> {
  write(s, "src/index.ts", "export {};\n");
  write(s, "docs/Overview.md", "# Overview\n\nHow the web site is built.\n");
  write(s, "docs/Guide/Install.md", "# Install\n\nRun the installer.\n");
  write(s, "docs/images/diagram.dat", noise(seed, 64 * 1024));
  await commitAll(s, "Docs");
}

const BRANCH: Record<RepositoryRecipe, string> = {
  application: "main",
  empty: "main",
  "project-wiki": "wikiMaster",
  documented: "main",
};

async function build(
  repo: HostedRepository,
  recipe: RepositoryRecipe,
  seed: number,
): Promise<void> {
  gitSync(["symbolic-ref", "HEAD", `refs/heads/${BRANCH[recipe]}`], repo.dir);
  if (recipe === "empty") return;
  const s: Scratch = {
    dir: mkdtempSync(join(repo.dir, "..", "scratch-")),
    clock: 1_700_000_000,
    repo,
  };
  try {
    await git(s, ["init", "-q", `--initial-branch=${BRANCH[recipe]}`]);
    if (recipe === "application") await application(s, seed);
    else if (recipe === "project-wiki") await projectWiki(s);
    else await documented(s, seed);
    await git(s, ["push", "-q", "--no-verify", repo.dir, "+refs/*:refs/*"]);
  } finally {
    rmSync(s.dir, { recursive: true, force: true });
  }
}

export async function seedGitHosting(hosting: GitHosting, fixture: GitFixture): Promise<void> {
  let seed = 11;
  for (const r of fixture.repositories) {
    const project = hosting.project(r.project);
    if (!project) continue;
    const repo = hosting.createRepository(project, r.name, {
      hidden: r.hidden ?? false,
      disabled: r.disabled ?? false,
    });
    await build(repo, r.recipe, (seed += 7));
  }
  for (const w of fixture.wikis) {
    const project = hosting.project(w.project);
    const repo = project && hosting.repository(w.repository, project.id);
    if (!project || !repo) continue;
    hosting.createWiki({
      name: w.name,
      type: w.type,
      projectId: project.id,
      repositoryId: repo.id,
      mappedPath: w.mappedPath ?? "/",
      version: hosting.defaultBranch(repo)?.replace(/^refs\/heads\//, "") ?? "main",
    });
  }
  seedPullRequests(hosting, fixture);
}

function seedPullRequests(hosting: GitHosting, fixture: GitFixture): void {
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  const at = (): string => new Date((clock += 3_600_000)).toISOString();
  for (const p of fixture.pullRequests) {
    const project = hosting.project(p.project);
    const repo = project && hosting.repository(p.repository, project.id);
    if (!repo) continue;
    const creationDate = at();
    repo.pullRequests.push({
      pullRequestId: hosting.newPullRequestId(),
      status: p.status,
      title: p.title,
      description: `${p.title}.`,
      sourceRefName: p.sourceRefName,
      targetRefName: p.targetRefName,
      createdBy: p.createdBy,
      creationDate,
      ...(p.status === "active" ? {} : { closedDate: at() }),
      reviewers: p.reviewers,
      iterations: [
        {
          id: 1,
          description: p.title,
          createdDate: creationDate,
          sourceRefCommit: hosting.resolve(repo, p.sourceRefName) ?? "",
          targetRefCommit: hosting.resolve(repo, p.targetRefName) ?? "",
        },
      ],
      threads: p.threads.map((t) => {
        const published = at();
        return {
          id: hosting.newThreadId(),
          publishedDate: published,
          lastUpdatedDate: published,
          status: "active" as const,
          comments: t.comments.map((c, i) => ({
            id: i + 1,
            parentCommentId: i === 0 ? 0 : 1,
            authorId: c.authorId,
            content: c.content,
            publishedDate: at(),
            commentType: "text" as const,
          })),
        };
      }),
    });
  }
}
