// REST of the emulated Git hosting, in the shapes of the Git and Wiki areas
// (MicrosoftDocs/vsts-rest-api-specs, specification/git/7.1/git.json and wiki/7.1/wiki.json):
// repositories (list, get, create), pull requests (list by searchCriteria.status, get, create,
// update status), their threads (list, create) and iterations, and wikis (list, create). Every
// path works at organization level (`/_apis/...`) and project level (`/{project}/_apis/...`).
import {
  BadRequest,
  errorReply,
  type Reply,
  type RouteContext,
  type RouteTable,
} from "../server/http";
import { list } from "../server/rest-replies";
import type { ProjectRecord } from "../server/state";
import {
  RepositoryExistsError,
  type GitHosting,
  type HostedPullRequest,
  type HostedRepository,
  type HostedThread,
  type HostedWiki,
} from "./hosting";

export interface GitRestDeps {
  hosting: () => Promise<GitHosting>;
  orgUrl: () => string;
}

const P = String.raw`^(?:/(?<project>[^/]+))?/_apis`;
const REPO = String.raw`/git/repositories/(?<repo>[^/]+)`;
const PR = String.raw`${REPO}/pullrequests/(?<pr>\d+)`;

function notFound(what: string): Reply {
  return errorReply(
    404,
    `TF401019: The Git repository with name or identifier ${what} does not exist or you do not have permissions for the operation you are attempting.`,
    "GitRepositoryNotFoundException",
  );
}

function projectOf(h: GitHosting, ctx: RouteContext): ProjectRecord | undefined | null {
  const name = ctx.params.project;
  if (!name) return undefined;
  return h.project(name) ?? null;
}

function projectMissing(ctx: RouteContext): Reply {
  return errorReply(
    404,
    `TF200016: The following project does not exist: ${ctx.params.project ?? ""}.`,
    "ProjectDoesNotExistWithNameException",
  );
}

export function identityRef(h: GitHosting, userId: string): Record<string, unknown> {
  const u = h.state.user(userId);
  return {
    id: userId,
    displayName: u?.displayName ?? "Unknown user",
    uniqueName: u?.email ?? userId,
    descriptor: u?.descriptor,
  };
}

export function repositoryJson(h: GitHosting, orgUrl: string, r: HostedRepository): unknown {
  const p = h.state.projects.get(r.projectId);
  const remoteUrl = `${orgUrl}/${encodeURIComponent(p?.name ?? r.projectId)}/_git/${encodeURIComponent(r.name)}`;
  const branch = r.isDisabled ? undefined : h.defaultBranch(r);
  return {
    id: r.id,
    name: r.name,
    url: `${orgUrl}/${r.projectId}/_apis/git/repositories/${r.id}`,
    project: { id: r.projectId, name: p?.name, state: "wellFormed", visibility: "private" },
    ...(branch ? { defaultBranch: branch } : {}),
    size: h.size(r),
    remoteUrl,
    webUrl: remoteUrl,
    isDisabled: r.isDisabled,
    isInMaintenance: false,
  };
}

function pullRequestJson(h: GitHosting, r: HostedRepository, pr: HostedPullRequest): unknown {
  const last = pr.iterations[pr.iterations.length - 1];
  return {
    pullRequestId: pr.pullRequestId,
    codeReviewId: pr.pullRequestId,
    status: pr.status,
    createdBy: identityRef(h, pr.createdBy),
    creationDate: pr.creationDate,
    ...(pr.closedDate ? { closedDate: pr.closedDate } : {}),
    title: pr.title,
    description: pr.description,
    sourceRefName: pr.sourceRefName,
    targetRefName: pr.targetRefName,
    mergeStatus: "succeeded",
    isDraft: false,
    repository: { id: r.id, name: r.name, project: { id: r.projectId } },
    reviewers: pr.reviewers.map((v) => ({
      ...identityRef(h, v.userId),
      vote: v.vote,
      isRequired: false,
    })),
    ...(last
      ? {
          lastMergeSourceCommit: { commitId: last.sourceRefCommit },
          lastMergeTargetCommit: { commitId: last.targetRefCommit },
        }
      : {}),
  };
}

function threadJson(h: GitHosting, t: HostedThread): unknown {
  return {
    id: t.id,
    publishedDate: t.publishedDate,
    lastUpdatedDate: t.lastUpdatedDate,
    status: t.status,
    isDeleted: false,
    properties: {},
    comments: t.comments.map((c) => ({
      id: c.id,
      parentCommentId: c.parentCommentId,
      author: identityRef(h, c.authorId),
      content: c.content,
      publishedDate: c.publishedDate,
      lastUpdatedDate: c.publishedDate,
      commentType: c.commentType,
    })),
  };
}

export function wikiJson(h: GitHosting, orgUrl: string, w: HostedWiki): unknown {
  const repo = h.repositories.get(w.repositoryId);
  const project = h.state.projects.get(w.projectId);
  return {
    id: w.id,
    name: w.name,
    type: w.type,
    projectId: w.projectId,
    repositoryId: w.repositoryId,
    mappedPath: w.mappedPath,
    versions: [{ version: w.version }],
    url: `${orgUrl}/${w.projectId}/_apis/wiki/wikis/${w.id}`,
    remoteUrl: `${orgUrl}/${encodeURIComponent(project?.name ?? "")}/_wiki/wikis/${encodeURIComponent(w.name)}`,
    ...(repo ? { isDisabled: repo.isDisabled } : {}),
  };
}

/** Finds the repository a route names, within the route's project if it names one. */
async function routeRepository(
  deps: GitRestDeps,
  ctx: RouteContext,
): Promise<{ h: GitHosting; repo: HostedRepository } | Reply> {
  const h = await deps.hosting();
  const project = projectOf(h, ctx);
  if (project === null) return projectMissing(ctx);
  const repo = h.repository(ctx.params.repo ?? "", project?.id);
  return repo ? { h, repo } : notFound(ctx.params.repo ?? "");
}

function routePullRequest(repo: HostedRepository, ctx: RouteContext): HostedPullRequest | Reply {
  const id = Number(ctx.params.pr);
  const pr = repo.pullRequests.find((p) => p.pullRequestId === id);
  return (
    pr ??
    errorReply(
      404,
      `TF401180: The requested pull request was not found.`,
      "GitPullRequestNotFoundException",
    )
  );
}

function isReply(x: unknown): x is Reply {
  return (
    typeof x === "object" && x !== null && "status" in x && typeof (x as Reply).status === "number"
  );
}

function addRepositoryRoutes(routes: RouteTable, deps: GitRestDeps): void {
  routes.add("GET", new RegExp(`${P}/git/repositories/?$`, "i"), async (ctx) => {
    const h = await deps.hosting();
    const project = projectOf(h, ctx);
    if (project === null) return projectMissing(ctx);
    const includeHidden = ctx.url.searchParams.get("includeHidden") === "true";
    const repos = [...h.repositories.values()]
      .filter((r) => (!project || r.projectId === project.id) && (includeHidden || !r.hidden))
      .sort((a, b) => a.name.localeCompare(b.name));
    return list(
      ctx,
      repos.map((r) => repositoryJson(h, deps.orgUrl(), r)),
    );
  });
  routes.add("GET", new RegExp(`${P}${REPO}/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    return isReply(found)
      ? found
      : { status: 200, body: repositoryJson(found.h, deps.orgUrl(), found.repo) };
  });
  // Update a repository: its default branch (GitRepositoryUpdateOptions allows name and defaultBranch too).
  routes.add("PATCH", new RegExp(`${P}${REPO}/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const body = ((await ctx.body()) ?? {}) as { defaultBranch?: unknown };
    if (typeof body.defaultBranch === "string") {
      if (!found.h.resolve(found.repo, body.defaultBranch))
        throw new BadRequest(`The branch ${body.defaultBranch} does not exist.`);
      found.h.setDefaultBranch(found.repo, body.defaultBranch.replace(/^refs\/heads\//, ""));
    }
    return { status: 200, body: repositoryJson(found.h, deps.orgUrl(), found.repo) };
  });
  routes.add("POST", new RegExp(`${P}/git/repositories/?$`, "i"), async (ctx) => {
    const h = await deps.hosting();
    const body = ((await ctx.body()) ?? {}) as {
      name?: unknown;
      project?: { id?: unknown; name?: unknown };
    };
    const projectName = ctx.params.project ?? String(body.project?.id ?? body.project?.name ?? "");
    const project = h.project(projectName);
    if (!project) return projectMissing({ ...ctx, params: { project: projectName } });
    if (typeof body.name !== "string" || body.name.trim() === "")
      throw new BadRequest("The repository needs a name.");
    try {
      const repo = h.createRepository(project, body.name.trim());
      return { status: 201, body: repositoryJson(h, deps.orgUrl(), repo) };
    } catch (e) {
      if (e instanceof RepositoryExistsError)
        return errorReply(409, e.message, "GitRepositoryNameAlreadyExistsException");
      throw e;
    }
  });
}

const STATUSES = new Set(["active", "completed", "abandoned", "all"]);

function addPullRequestRoutes(routes: RouteTable, deps: GitRestDeps): void {
  routes.add("GET", new RegExp(`${P}${REPO}/pullrequests/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const q = ctx.url.searchParams;
    const status = (q.get("searchCriteria.status") ?? "active").toLowerCase();
    if (!STATUSES.has(status)) throw new BadRequest(`Unknown status ${status}.`);
    const top = Number(q.get("$top") ?? 101);
    const skip = Number(q.get("$skip") ?? 0);
    const matching = found.repo.pullRequests
      .filter((p) => status === "all" || p.status === status)
      .sort((a, b) => b.pullRequestId - a.pullRequestId)
      .slice(skip, skip + top);
    return list(
      ctx,
      matching.map((p) => pullRequestJson(found.h, found.repo, p)),
    );
  });
  routes.add("GET", new RegExp(`${P}${PR}/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const pr = routePullRequest(found.repo, ctx);
    return isReply(pr) ? pr : { status: 200, body: pullRequestJson(found.h, found.repo, pr) };
  });
  routes.add("POST", new RegExp(`${P}${REPO}/pullrequests/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const { h, repo } = found;
    const body = ((await ctx.body()) ?? {}) as Record<string, unknown>;
    const source = String(body.sourceRefName ?? "");
    const target = String(body.targetRefName ?? "");
    const sourceCommit = h.resolve(repo, source);
    const targetCommit = h.resolve(repo, target);
    if (!sourceCommit || !targetCommit)
      return errorReply(
        400,
        "TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists, or the requested refs are not branches",
        "InvalidArgumentValueException",
      );
    const now = new Date().toISOString();
    const pr: HostedPullRequest = {
      pullRequestId: h.newPullRequestId(),
      status: "active",
      title: String(body.title ?? ""),
      description: String(body.description ?? ""),
      sourceRefName: source,
      targetRefName: target,
      createdBy: ctx.userId ?? "",
      creationDate: now,
      reviewers: [],
      threads: [],
      iterations: [
        {
          id: 1,
          description: String(body.title ?? ""),
          createdDate: now,
          sourceRefCommit: sourceCommit,
          targetRefCommit: targetCommit,
        },
      ],
    };
    repo.pullRequests.push(pr);
    return { status: 201, body: pullRequestJson(h, repo, pr) };
  });
  routes.add("PATCH", new RegExp(`${P}${PR}/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const pr = routePullRequest(found.repo, ctx);
    if (isReply(pr)) return pr;
    const body = ((await ctx.body()) ?? {}) as {
      status?: unknown;
      title?: unknown;
      description?: unknown;
    };
    // Completing merges, which a restore never does; the emulator only abandons or reactivates.
    if (body.status === "abandoned" || body.status === "active") {
      pr.status = body.status;
      if (body.status === "abandoned") pr.closedDate = new Date().toISOString();
      else delete pr.closedDate;
    } else if (body.status !== undefined)
      throw new BadRequest(`The emulator cannot set status ${String(body.status)}.`);
    if (typeof body.title === "string") pr.title = body.title;
    if (typeof body.description === "string") pr.description = body.description;
    return { status: 200, body: pullRequestJson(found.h, found.repo, pr) };
  });
}

/** A pull request's threads (comments) and iterations. */
function addThreadRoutes(routes: RouteTable, deps: GitRestDeps): void {
  routes.add("GET", new RegExp(`${P}${PR}/threads/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const pr = routePullRequest(found.repo, ctx);
    return isReply(pr)
      ? pr
      : list(
          ctx,
          pr.threads.map((t) => threadJson(found.h, t)),
        );
  });
  routes.add("POST", new RegExp(`${P}${PR}/threads/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const pr = routePullRequest(found.repo, ctx);
    if (isReply(pr)) return pr;
    const body = ((await ctx.body()) ?? {}) as {
      comments?: { content?: unknown; parentCommentId?: unknown }[];
      status?: unknown;
    };
    if (!Array.isArray(body.comments) || body.comments.length === 0)
      throw new BadRequest("A thread needs comments.");
    const now = new Date().toISOString();
    const thread: HostedThread = {
      id: found.h.newThreadId(),
      publishedDate: now,
      lastUpdatedDate: now,
      status:
        body.status === "closed" || body.status === 4
          ? "closed"
          : body.status === "fixed" || body.status === 2
            ? "fixed"
            : "active",
      comments: body.comments.map((c, i) => ({
        id: i + 1,
        parentCommentId: Number(c.parentCommentId ?? 0),
        authorId: ctx.userId ?? "",
        content: String(c.content ?? ""),
        publishedDate: now,
        commentType: "text" as const,
      })),
    };
    pr.threads.push(thread);
    return { status: 200, body: threadJson(found.h, thread) };
  });
  routes.add("GET", new RegExp(`${P}${PR}/iterations/?$`, "i"), async (ctx) => {
    const found = await routeRepository(deps, ctx);
    if (isReply(found)) return found;
    const pr = routePullRequest(found.repo, ctx);
    if (isReply(pr)) return pr;
    return list(
      ctx,
      pr.iterations.map((i) => ({
        id: i.id,
        description: i.description,
        author: identityRef(found.h, pr.createdBy),
        createdDate: i.createdDate,
        updatedDate: i.createdDate,
        sourceRefCommit: { commitId: i.sourceRefCommit },
        targetRefCommit: { commitId: i.targetRefCommit },
      })),
    );
  });
}

function addWikiRoutes(routes: RouteTable, deps: GitRestDeps): void {
  routes.add("GET", new RegExp(`${P}/wiki/wikis/?$`, "i"), async (ctx) => {
    const h = await deps.hosting();
    const project = projectOf(h, ctx);
    if (project === null) return projectMissing(ctx);
    const wikis = [...h.wikis.values()].filter((w) => !project || w.projectId === project.id);
    return list(
      ctx,
      wikis.map((w) => wikiJson(h, deps.orgUrl(), w)),
    );
  });
  routes.add("POST", new RegExp(`${P}/wiki/wikis/?$`, "i"), async (ctx) => {
    const h = await deps.hosting();
    const body = ((await ctx.body()) ?? {}) as Record<string, unknown>;
    const project = h.project(ctx.params.project ?? String(body.projectId ?? ""));
    if (!project) return projectMissing(ctx);
    const type = body.type === "codeWiki" ? "codeWiki" : "projectWiki";
    const name =
      typeof body.name === "string" && body.name !== "" ? body.name : `${project.name}.wiki`;
    if (
      [...h.wikis.values()].some(
        (w) =>
          w.projectId === project.id &&
          (w.name === name || (type === "projectWiki" && w.type === type)),
      )
    )
      return errorReply(409, `The wiki ${name} already exists.`, "WikiAlreadyExistsException");
    let repo: HostedRepository | undefined;
    if (type === "projectWiki") repo = h.createRepository(project, name, { hidden: true });
    else repo = h.repository(String(body.repositoryId ?? ""), project.id);
    if (!repo) return notFound(String(body.repositoryId ?? ""));
    if (type === "projectWiki") h.setDefaultBranch(repo, "wikiMaster");
    const version = (body.version as { version?: unknown } | undefined)?.version;
    const wiki = h.createWiki({
      name,
      type,
      projectId: project.id,
      repositoryId: repo.id,
      mappedPath: type === "codeWiki" ? String(body.mappedPath ?? "/") : "/",
      version:
        typeof version === "string" ? version : type === "projectWiki" ? "wikiMaster" : "main",
    });
    return { status: 201, body: wikiJson(h, deps.orgUrl(), wiki) };
  });
}

export function addGitRestRoutes(routes: RouteTable, deps: GitRestDeps): void {
  addRepositoryRoutes(routes, deps);
  addPullRequestRoutes(routes, deps);
  addThreadRoutes(routes, deps);
  addWikiRoutes(routes, deps);
}
