// What the emulated Git hosting remembers: repositories (bare repositories on disk, one folder per
// organization in the OS temp folder), their LFS objects, pull requests and wikis. Seeded from
// emulator/fixtures/repositories.ts the first time anything asks (so emulator starts that never
// touch Git pay nothing).
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorState, ProjectRecord } from "../server/state";

export interface HostedComment {
  id: number;
  parentCommentId: number;
  authorId: string;
  content: string;
  publishedDate: string;
  commentType: "text" | "system";
}

export interface HostedThread {
  id: number;
  publishedDate: string;
  lastUpdatedDate: string;
  status: "active" | "fixed" | "closed";
  comments: HostedComment[];
}

export interface HostedIteration {
  id: number;
  description: string;
  createdDate: string;
  sourceRefCommit: string;
  targetRefCommit: string;
}

export interface HostedPullRequest {
  pullRequestId: number;
  status: "active" | "completed" | "abandoned";
  title: string;
  description: string;
  sourceRefName: string;
  targetRefName: string;
  createdBy: string;
  creationDate: string;
  closedDate?: string;
  reviewers: { userId: string; vote: number }[];
  threads: HostedThread[];
  iterations: HostedIteration[];
}

export interface HostedRepository {
  id: string;
  name: string;
  projectId: string;
  isDisabled: boolean;
  /** The project wiki's backing repository: left out of lists unless includeHidden=true. */
  hidden: boolean;
  /** Bare repository. */
  dir: string;
  /** LFS objects, one file per oid. */
  lfsDir: string;
  pullRequests: HostedPullRequest[];
}

export interface HostedWiki {
  id: string;
  name: string;
  type: "projectWiki" | "codeWiki";
  projectId: string;
  repositoryId: string;
  mappedPath: string;
  version: string;
}

/** Folders of processes that ended without their exit handler (killed test workers). */
function removeOrphans(parent: string): void {
  for (const name of readdirSync(parent)) {
    const pid = Number(name.split("-")[0]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0); // still running: its folder stays
    } catch {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}

// Hosting folders live as long as the process (tests start many emulators): one exit handler.
const folders = new Set<string>();
function removeAtExit(folder: string): void {
  if (folders.size === 0)
    process.once("exit", () => {
      for (const f of folders) rmSync(f, { recursive: true, force: true });
    });
  folders.add(folder);
}

export class RepositoryExistsError extends Error {}

/** Runs git synchronously in the emulator (small, local repositories only). */
export function gitSync(args: string[], cwd?: string): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export class GitHosting {
  readonly root: string;
  repositories = new Map<string, HostedRepository>();
  wikis = new Map<string, HostedWiki>();
  private nextPullRequestId = 1;
  private nextThreadId = 1;

  constructor(readonly state: EmulatorState) {
    const parent = join(tmpdir(), "emulated-git");
    mkdirSync(parent, { recursive: true });
    removeOrphans(parent);
    this.root = mkdtempSync(join(parent, `${process.pid}-${state.organization.name}-`));
    removeAtExit(this.root);
  }

  project(idOrName: string): ProjectRecord | undefined {
    return this.state.findProject(idOrName);
  }

  repository(idOrName: string, projectId?: string): HostedRepository | undefined {
    const byId = this.repositories.get(idOrName.toLowerCase());
    if (byId && (!projectId || byId.projectId === projectId)) return byId;
    const lower = idOrName.toLowerCase();
    return [...this.repositories.values()].find(
      (r) => r.name.toLowerCase() === lower && (!projectId || r.projectId === projectId),
    );
  }

  createRepository(
    project: ProjectRecord,
    name: string,
    options: { hidden?: boolean; disabled?: boolean } = {},
  ): HostedRepository {
    if (this.repository(name, project.id))
      throw new RepositoryExistsError(
        `TF400948: A Git repository with the name ${name} already exists.`,
      );
    const id = randomUUID();
    const repo: HostedRepository = {
      id,
      name,
      projectId: project.id,
      isDisabled: options.disabled ?? false,
      hidden: options.hidden ?? false,
      dir: join(this.root, `${id}.git`),
      lfsDir: join(this.root, `${id}.lfs`),
      pullRequests: [],
    };
    gitSync(["init", "--quiet", "--bare", "--initial-branch=main", repo.dir]);
    // http-backend refuses pushes to a repository without a user; ours are checked upstream.
    gitSync(["config", "http.receivepack", "true"], repo.dir);
    mkdirSync(repo.lfsDir, { recursive: true });
    this.repositories.set(id, repo);
    return repo;
  }

  createWiki(wiki: Omit<HostedWiki, "id">): HostedWiki {
    const w: HostedWiki = { id: randomUUID(), ...wiki };
    this.wikis.set(w.id, w);
    return w;
  }

  newPullRequestId(): number {
    return this.nextPullRequestId++;
  }

  newThreadId(): number {
    return this.nextThreadId++;
  }

  /** Bytes on disk, as the repositories list's `size` reports it. */
  size(repo: HostedRepository): number {
    return folderSize(join(repo.dir, "objects"));
  }

  /**
   * The default branch, or undefined for a repository without commits. Read from the repository's
   * files (HEAD, then the loose ref or packed-refs), not by running git: a listing asks this of
   * every repository, synchronously, and Azure DevOps answers it from its database.
   */
  defaultBranch(repo: HostedRepository): string | undefined {
    const head = /^ref: (refs\/\S+)/.exec(readText(join(repo.dir, "HEAD")))?.[1];
    if (!head) return undefined;
    if (isFile(join(repo.dir, ...head.split("/")))) return head;
    const packed = readText(join(repo.dir, "packed-refs")).split("\n");
    return packed.some((line) => line.endsWith(` ${head}`)) ? head : undefined;
  }

  setDefaultBranch(repo: HostedRepository, branch: string): void {
    gitSync(["symbolic-ref", "HEAD", `refs/heads/${branch}`], repo.dir);
  }

  /** The commit a ref points at, or undefined. */
  resolve(repo: HostedRepository, ref: string): string | undefined {
    try {
      return gitSync(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], repo.dir).trim();
    } catch {
      return undefined;
    }
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderSize(path);
    else total += statSync(path).size;
  }
  return total;
}
