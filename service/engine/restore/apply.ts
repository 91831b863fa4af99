// Carries out a restore plan in order: repositories (content, then pull requests with their
// threads as comments that name the original author and time), then wikis (a project wiki gets
// the backed-up pages pushed into its new repository; a code wiki publishes a restored folder),
// then branch policies and repository settings on the new repositories (restore/policies.ts).
// A failed item is reported and the rest goes on.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type {
  AuthorizationSource,
  GitRepositoryInfo,
  ReposApi,
  ThreadInfo,
} from "../azure-devops/repos-api";
import type { StoredPullRequest } from "../backup/pull-requests";
import { mapBounded } from "../concurrency";
import { silentReporter, type EngineReporter } from "../events";
import type { RepositorySnapshot } from "../snapshot";
import type { ContentStore } from "../storage/content-store";
import { git } from "../git/git-runner";
import { commitExists, materialize, pushRefs } from "./materialize";
import type { RestorePlan } from "./plan";
import { createPolicy } from "./policies";

export interface RestoreContext {
  api: ReposApi;
  authorization: AuthorizationSource;
  content: ContentStore;
  workDir: string;
  report?: EngineReporter;
  /** Repositories restored at once; default 3. */
  concurrency?: number;
}

export interface RestoreResult {
  created: { kind: "repository" | "wiki" | "pullRequest" | "policy"; name: string; id: string }[];
  notes: string[];
  failed: { name: string; reason: string }[];
}

function when(iso: string | undefined): string {
  return iso
    ? new Date(iso)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC")
    : "an unknown time";
}

export function restoredCommentText(
  author: string | undefined,
  publishedDate: string | undefined,
  content: string,
): string {
  return `_Originally written by ${author ?? "an unknown user"} on ${when(publishedDate)}:_\n\n${content}`;
}

function restoredThread(t: ThreadInfo): Record<string, unknown> | undefined {
  const comments = t.comments.filter((c) => c.commentType !== "system" && c.content);
  if (t.isDeleted || comments.length === 0) return undefined;
  return {
    status: t.status === "closed" || t.status === "fixed" ? t.status : "active",
    comments: comments.map((c, i) => ({
      parentCommentId: i === 0 ? 0 : 1,
      commentType: 1,
      content: restoredCommentText(
        c.author?.displayName ?? c.author?.uniqueName,
        c.publishedDate,
        c.content ?? "",
      ),
    })),
  };
}

/** Pushes a deleted source branch's commit as refs/heads/restored/pr-{id} when it was backed up. */
async function sourceRefFor(
  dir: string,
  remoteUrl: string,
  authorization: string,
  repo: RepositorySnapshot,
  stored: StoredPullRequest,
): Promise<string | undefined> {
  const pr = stored.pullRequest;
  if (repo.refs[pr.sourceRefName]) return pr.sourceRefName;
  const commit =
    stored.iterations[stored.iterations.length - 1]?.sourceRefCommit?.commitId ??
    pr.lastMergeSourceCommit?.commitId;
  if (!commit || !(await commitExists(dir, commit))) return undefined;
  const ref = `refs/heads/restored/pr-${pr.pullRequestId}`;
  await git(["update-ref", ref, commit], { cwd: dir });
  await pushRefs(dir, remoteUrl, authorization, [ref], false);
  return ref;
}

async function restorePullRequests(
  ctx: RestoreContext,
  dir: string,
  target: GitRepositoryInfo,
  projectId: string,
  repo: RepositorySnapshot,
  result: RestoreResult,
): Promise<void> {
  const authorization = await ctx.authorization(false);
  const ids = Object.keys(repo.pullRequests.items).sort((a, b) => Number(a) - Number(b));
  for (const id of ids) {
    const stored = await ctx.content.getJson<StoredPullRequest>(
      (repo.pullRequests.items[id] as { object: string }).object,
    );
    const pr = stored.pullRequest;
    const source = await sourceRefFor(dir, target.remoteUrl, authorization, repo, stored);
    if (!source || !repo.refs[pr.targetRefName]) {
      result.failed.push({
        name: `${repo.name} !${id}`,
        reason: "its source or target branch is not in the snapshot",
      });
      continue;
    }
    const header = `> Restored from pull request !${id} (${pr.status}) of ${repo.name}, created by ${pr.createdBy.displayName ?? pr.createdBy.uniqueName ?? "an unknown user"} on ${when(pr.creationDate)}${pr.closedDate ? `, closed on ${when(pr.closedDate)}` : ""}. Reviewers: ${(pr.reviewers ?? []).map((r) => `${r.displayName ?? r.id} (vote ${r.vote ?? 0})`).join(", ") || "none"}.`;
    const created = await ctx.api.createPullRequest(projectId, target.id, {
      sourceRefName: source,
      targetRefName: pr.targetRefName,
      title: pr.title,
      description: `${header}\n\n${pr.description ?? ""}`.slice(0, 4000),
    });
    for (const t of stored.threads) {
      const body = restoredThread(t);
      if (body) await ctx.api.createThread(projectId, target.id, created.pullRequestId, body);
    }
    if (pr.status !== "active")
      await ctx.api.updatePullRequest(projectId, target.id, created.pullRequestId, {
        status: "abandoned",
      });
    result.created.push({
      kind: "pullRequest",
      name: `${target.name} !${created.pullRequestId} (was !${id})`,
      id: String(created.pullRequestId),
    });
  }
}

async function restoreContent(
  ctx: RestoreContext,
  repo: RepositorySnapshot,
  target: GitRepositoryInfo,
): Promise<string> {
  const dir = await materialize(ctx.content, repo, join(ctx.workDir, "restore"));
  const refs = Object.keys(repo.refs).filter((r) => !r.startsWith("refs/pull/"));
  await pushRefs(dir, target.remoteUrl, await ctx.authorization(false), refs, repo.lfs.length > 0);
  // The first branch pushed becomes the default; set the one the original had.
  if (repo.defaultBranch && repo.refs[repo.defaultBranch])
    await ctx.api.setDefaultBranch(target.project.id, target.id, repo.defaultBranch);
  return dir;
}

/** One planned item, reported as started then ok or failed; a failure is recorded, the rest goes on. */
async function restoreItem(
  report: EngineReporter,
  project: string,
  item: string,
  result: RestoreResult,
  restore: () => Promise<void>,
): Promise<void> {
  report({ type: "item-started", project, item });
  try {
    await restore();
    report({ type: "item-finished", project, item, outcome: "ok" });
  } catch (e) {
    result.failed.push({ name: item, reason: (e as Error).message });
    report({
      type: "item-finished",
      project,
      item,
      outcome: "failed",
      detail: (e as Error).message,
    });
  }
}

export async function applyRestore(ctx: RestoreContext, plan: RestorePlan): Promise<RestoreResult> {
  const report = ctx.report ?? silentReporter;
  const project = plan.targetProject.name;
  const result: RestoreResult = { created: [], notes: [...plan.caveats], failed: [] };
  const restoredIds = new Map<string, string>();
  // Repositories are independent of each other: a few at once. Pull-request ids follow that order.
  await mapBounded(plan.repositories, ctx.concurrency ?? 3, (planned) =>
    restoreItem(report, project, planned.targetName, result, async () => {
      const target = await ctx.api.createRepository(plan.targetProject, planned.targetName);
      result.created.push({ kind: "repository", name: target.name, id: target.id });
      restoredIds.set(planned.source.id, target.id);
      const dir = await restoreContent(ctx, planned.source, target);
      try {
        await restorePullRequests(ctx, dir, target, plan.targetProject.id, planned.source, result);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
  );
  for (const w of plan.wikis)
    await restoreItem(report, project, w.targetName, result, () =>
      restoreWiki(ctx, plan, w, restoredIds, result),
    );
  // Branch policies and repository settings, on the new repositories once they hold their refs.
  for (const p of plan.policies)
    await restoreItem(report, project, `policy ${p.name}`, result, async () => {
      await createPolicy(ctx.api, plan.targetProject.id, p, restoredIds);
      result.created.push({ kind: "policy", name: p.name, id: p.name });
    });
  return result;
}

async function restoreWiki(
  ctx: RestoreContext,
  plan: RestorePlan,
  w: RestorePlan["wikis"][number],
  restoredIds: Map<string, string>,
  result: RestoreResult,
): Promise<void> {
  if (w.source.type === "codeWiki") {
    const repositoryId = restoredIds.get(w.source.repositoryId);
    if (!repositoryId) throw new Error(`its repository ${w.repository.name} was not restored`);
    const wiki = await ctx.api.createWiki(plan.targetProject, {
      type: "codeWiki",
      name: w.targetName,
      repositoryId,
      mappedPath: w.source.mappedPath,
      version: { version: w.source.version ?? "main" },
    });
    result.created.push({ kind: "wiki", name: wiki.name, id: wiki.id });
    return;
  }
  const wiki = await ctx.api.createWiki(plan.targetProject, {
    type: "projectWiki",
    name: w.targetName,
  });
  result.created.push({ kind: "wiki", name: wiki.name, id: wiki.id });
  const repo = (await ctx.api.repositories(plan.targetProject.id)).find(
    (r) => r.id === wiki.repositoryId,
  );
  if (!repo) throw new Error(`the new wiki's repository ${wiki.repositoryId} is not listed`);
  const dir = await restoreContent(ctx, w.repository, repo);
  await rm(dir, { recursive: true, force: true });
}
