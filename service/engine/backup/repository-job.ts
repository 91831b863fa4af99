// One repository's backup, the unit of work a worker takes: update the kept mirror, store a bundle
// of what is new since the previous snapshot, the LFS objects it lacks, pull requests and settings.
// It never throws for a repository's own problems: it answers what happened, so one broken
// repository never stops a run.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type {
  AuthorizationSource,
  GitRepositoryInfo,
  ProjectRef,
  ReposApi,
} from "../azure-devops/repos-api";
import { createIncrementalBundle } from "../git/bundles";
import { GitCommandError } from "../git/git-runner";
import { fetchLfs, lfsObjectsIn, listRefs, updateMirror } from "../git/mirror";
import type { ItemNote, RepositorySnapshot } from "../snapshot";
import type { ContentStore } from "../storage/content-store";
import { backupPullRequests } from "./pull-requests";

export interface RepositoryJobContext {
  api: ReposApi;
  authorization: AuthorizationSource;
  content: ContentStore;
  /** Holds the kept mirrors (mirrors/{repositoryId}.git) and scratch files. */
  workDir: string;
}

export type RepositoryOutcome =
  | { kind: "ok"; snapshot: RepositorySnapshot; notes: ItemNote[] }
  | { kind: "skipped"; note: ItemNote }
  /** `carried`: the previous snapshot's copy, kept so the new snapshot still restores it. */
  | { kind: "failed"; note: ItemNote; carried?: RepositorySnapshot };

function note(
  repo: GitRepositoryInfo,
  reason: string,
  kind: ItemNote["kind"] = "repository",
): ItemNote {
  return { kind, id: repo.id, name: repo.name, reason };
}

function isMissing(e: unknown): boolean {
  return (
    e instanceof GitCommandError && /\b404\b|not found|TF401019|does not exist/i.test(e.stderr)
  );
}

async function storeGitData(
  ctx: RepositoryJobContext,
  mirror: string,
  refs: Record<string, string>,
  previous: RepositorySnapshot | undefined,
): Promise<string[]> {
  const bundles = [...(previous?.bundles ?? [])];
  const scratch = join(ctx.workDir, "scratch");
  await mkdir(scratch, { recursive: true });
  const file = join(scratch, `${Date.now()}-${Math.random().toString(36).slice(2)}.bundle`);
  try {
    const previousTips = Object.values(previous?.refs ?? {});
    if (await createIncrementalBundle(mirror, refs, previousTips, file))
      bundles.push(await ctx.content.putFile(file));
  } finally {
    await rm(file, { force: true });
  }
  return bundles;
}

async function storeLfs(
  ctx: RepositoryJobContext,
  mirror: string,
  authorization: string,
  notes: ItemNote[],
  repo: GitRepositoryInfo,
): Promise<RepositorySnapshot["lfs"]> {
  try {
    await fetchLfs(mirror, authorization);
  } catch (e) {
    // Objects already fetched are still stored; the note says the set may be incomplete.
    notes.push(note(repo, `LFS: ${(e as Error).message}`, "lfs"));
  }
  const lfs: RepositorySnapshot["lfs"] = [];
  for (const o of await lfsObjectsIn(mirror)) {
    await ctx.content.putFile(o.file, o.oid);
    lfs.push({ oid: o.oid, size: o.size });
  }
  return lfs;
}

export async function backupRepository(
  ctx: RepositoryJobContext,
  project: ProjectRef,
  repo: GitRepositoryInfo,
  previous: RepositorySnapshot | undefined,
): Promise<RepositoryOutcome> {
  if (repo.isDisabled) return { kind: "skipped", note: note(repo, "disabled") };
  const mirror = join(ctx.workDir, "mirrors", `${repo.id}.git`);
  try {
    const authorization = await ctx.authorization(false);
    await updateMirror(mirror, repo.remoteUrl, authorization);
    const refs = await listRefs(mirror);
    const notes: ItemNote[] = [];
    if (Object.keys(refs).length === 0) notes.push(note(repo, "empty: no commits to copy"));
    const bundles = await storeGitData(ctx, mirror, refs, previous);
    const lfs = await storeLfs(ctx, mirror, authorization, notes, repo);
    let pullRequests = previous?.pullRequests ?? { items: {} };
    try {
      pullRequests = await backupPullRequests(
        ctx.api,
        ctx.content,
        project.id,
        repo.id,
        previous?.pullRequests,
      );
    } catch (e) {
      notes.push(note(repo, `pull requests: ${(e as Error).message}`, "pullRequests"));
    }
    const settings = await ctx.content.putJson({ repository: repo });
    const snapshot: RepositorySnapshot = {
      id: repo.id,
      name: repo.name,
      ...(repo.defaultBranch ? { defaultBranch: repo.defaultBranch } : {}),
      refs,
      bundles,
      lfs,
      pullRequests,
      settings,
    };
    return { kind: "ok", snapshot, notes };
  } catch (e) {
    if (isMissing(e))
      return {
        kind: "skipped",
        note: note(repo, "missing: deleted or not readable since it was listed"),
      };
    return {
      kind: "failed",
      note: note(repo, (e as Error).message),
      ...(previous ? { carried: previous } : {}),
    };
  }
}
