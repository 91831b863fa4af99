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
import {
  fetchLfs,
  holdsLfsPointers,
  lfsObjectsIn,
  listRefs,
  updateMirror,
  type MirrorUpdate,
} from "../git/mirror";
import { advertisedRefs, sameRefs } from "../git/ref-advertisement";
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

/** Git data and LFS objects as a snapshot records them. */
type GitCopy = Pick<RepositorySnapshot, "refs" | "packs" | "bundles" | "lfs" | "lfsComplete">;

/** What this run adds to the Git data: a whole pack, a bundle, or nothing new. */
type NewGitData = { pack: string } | { bundle: string } | undefined;

async function storeGitData(
  ctx: RepositoryJobContext,
  mirror: string,
  update: MirrorUpdate,
  refs: Record<string, string>,
  previousTips: string[],
): Promise<NewGitData> {
  const [pack, ...more] = update.receivedPacks;
  // Everything the refs reach, in the pack git kept: stored as it is (no bundle to write).
  if (pack && more.length === 0 && update.startedEmpty && previousTips.length === 0)
    return { pack: await ctx.content.putImmutableFile(pack) };
  const scratch = join(ctx.workDir, "scratch");
  await mkdir(scratch, { recursive: true });
  const file = join(scratch, `${Date.now()}-${Math.random().toString(36).slice(2)}.bundle`);
  try {
    if (await createIncrementalBundle(mirror, refs, previousTips, file))
      return { bundle: await ctx.content.putFile(file) };
    return undefined;
  } finally {
    await rm(file, { force: true });
  }
}

async function storeLfs(
  ctx: RepositoryJobContext,
  mirror: string,
  repo: GitRepositoryInfo,
  authorization: string,
  notes: ItemNote[],
): Promise<Pick<GitCopy, "lfs" | "lfsComplete">> {
  let lfsComplete = true;
  try {
    if (await holdsLfsPointers(mirror)) await fetchLfs(mirror, repo.remoteUrl, authorization);
  } catch (e) {
    // Objects already fetched are still stored; the note says the set may be incomplete.
    notes.push(note(repo, `LFS: ${(e as Error).message}`, "lfs"));
    lfsComplete = false;
  }
  const lfs: RepositorySnapshot["lfs"] = [];
  for (const o of await lfsObjectsIn(mirror)) {
    await ctx.content.putFile(o.file, o.oid);
    lfs.push({ oid: o.oid, size: o.size });
  }
  return { lfs, lfsComplete };
}

/** Fetches into the kept mirror and stores a bundle of what is new and the LFS objects it lacks. */
async function copyGitData(
  ctx: RepositoryJobContext,
  repo: GitRepositoryInfo,
  previous: RepositorySnapshot | undefined,
  notes: ItemNote[],
): Promise<GitCopy> {
  const mirror = join(ctx.workDir, "mirrors", `${repo.id}.git`);
  const authorization = await ctx.authorization(false);
  const update = await updateMirror(mirror, repo.remoteUrl, authorization);
  const refs = await listRefs(mirror);
  // Storing the pack or bundle (hashing, writing) and the LFS scan use different resources: at once.
  const [added, lfs] = await Promise.all([
    storeGitData(ctx, mirror, update, refs, Object.values(previous?.refs ?? {})),
    storeLfs(ctx, mirror, repo, authorization, notes),
  ]);
  const packs = [...(previous?.packs ?? []), ...(added && "pack" in added ? [added.pack] : [])];
  const bundles = [
    ...(previous?.bundles ?? []),
    ...(added && "bundle" in added ? [added.bundle] : []),
  ];
  return { refs, ...(packs.length > 0 ? { packs } : {}), bundles, ...lfs };
}

/**
 * The previous copy when the server still has exactly its refs and it holds every LFS object they
 * need: one request instead of a fetch. Any doubt (an error included) means "fetch".
 */
async function unchangedCopy(
  ctx: RepositoryJobContext,
  repo: GitRepositoryInfo,
  previous: RepositorySnapshot | undefined,
): Promise<GitCopy | undefined> {
  if (!previous?.lfsComplete) return undefined;
  const now = await advertisedRefs(ctx.api.transport, repo.remoteUrl).catch(() => undefined);
  if (!now || !sameRefs(now, previous.refs)) return undefined;
  const { refs, packs, bundles, lfs } = previous;
  return { refs, ...(packs ? { packs } : {}), bundles, lfs, lfsComplete: true };
}

/** Pull requests are backed up beside the Git data; a failure is a note, never the job's end. */
async function pullRequestsOf(
  ctx: RepositoryJobContext,
  project: ProjectRef,
  repo: GitRepositoryInfo,
  previous: RepositorySnapshot | undefined,
  notes: ItemNote[],
): Promise<RepositorySnapshot["pullRequests"]> {
  try {
    return await backupPullRequests(
      ctx.api,
      ctx.content,
      project.id,
      repo.id,
      previous?.pullRequests,
    );
  } catch (e) {
    notes.push(note(repo, `pull requests: ${(e as Error).message}`, "pullRequests"));
    return previous?.pullRequests ?? { items: {} };
  }
}

export async function backupRepository(
  ctx: RepositoryJobContext,
  project: ProjectRef,
  repo: GitRepositoryInfo,
  previous: RepositorySnapshot | undefined,
): Promise<RepositoryOutcome> {
  if (repo.isDisabled) return { kind: "skipped", note: note(repo, "disabled") };
  const gitNotes: ItemNote[] = [];
  const pullRequestNotes: ItemNote[] = [];
  // Independent of each other: the pull requests' REST calls overlap the fetch (or the ref check).
  const pullRequests = pullRequestsOf(ctx, project, repo, previous, pullRequestNotes);
  try {
    const git = await (async () =>
      (await unchangedCopy(ctx, repo, previous)) ??
      (await copyGitData(ctx, repo, previous, gitNotes)))().finally(() => pullRequests);
    if (Object.keys(git.refs).length === 0)
      gitNotes.unshift(note(repo, "empty: no commits to copy"));
    const snapshot: RepositorySnapshot = {
      id: repo.id,
      name: repo.name,
      ...(repo.defaultBranch ? { defaultBranch: repo.defaultBranch } : {}),
      ...git,
      pullRequests: await pullRequests,
      settings: await ctx.content.putJson({ repository: repo }),
    };
    return { kind: "ok", snapshot, notes: [...gitNotes, ...pullRequestNotes] };
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
