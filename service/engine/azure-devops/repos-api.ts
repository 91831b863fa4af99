// The Azure DevOps REST calls of the engine (Core projects, Git repositories and pull requests,
// Wiki), all through the one AdoTransport (src/ado/transport.ts), which honours Retry-After and
// X-RateLimit-Delay and backs off on 5xx and dropped connections. One transport per identity, so
// every job of a run shares that identity's budget.
import { AdoTransport, acceptHeader, type TransportEvent } from "../../../src/ado/transport";

const API_VERSION = "7.1";

/** "Bearer …" (an OAuth/Entra token) or "Basic …" (a personal access token); forceRefresh after a 401. */
export type AuthorizationSource = (forceRefresh: boolean) => Promise<string>;

/** The one transport (Retry-After, backoff) every engine client sends its requests through. */
export function engineTransport(
  authorization: AuthorizationSource,
  onEvent?: (e: TransportEvent) => void,
): AdoTransport {
  return new AdoTransport({ authorizationHeader: authorization, ...(onEvent ? { onEvent } : {}) });
}

export function personalAccessToken(pat: string): AuthorizationSource {
  const header = `Basic ${Buffer.from(`:${pat}`).toString("base64")}`;
  return () => Promise.resolve(header);
}

export interface ProjectRef {
  id: string;
  name: string;
}

export interface GitRepositoryInfo {
  id: string;
  name: string;
  project: { id: string; name?: string };
  defaultBranch?: string;
  size?: number;
  remoteUrl: string;
  isDisabled?: boolean;
  [key: string]: unknown;
}

export interface WikiInfo {
  id: string;
  name: string;
  type: "projectWiki" | "codeWiki";
  projectId: string;
  repositoryId: string;
  mappedPath?: string;
  versions?: { version: string }[];
}

export interface IdentityRef {
  id: string;
  displayName?: string;
  uniqueName?: string;
}

export interface PullRequestInfo {
  pullRequestId: number;
  status: "active" | "completed" | "abandoned" | "notSet";
  title: string;
  description?: string;
  sourceRefName: string;
  targetRefName: string;
  createdBy: IdentityRef;
  creationDate: string;
  closedDate?: string;
  reviewers?: (IdentityRef & { vote?: number })[];
  lastMergeSourceCommit?: { commitId: string };
  [key: string]: unknown;
}

export interface CommentInfo {
  id: number;
  parentCommentId?: number;
  author?: IdentityRef;
  content?: string;
  publishedDate?: string;
  commentType?: string;
}

export interface ThreadInfo {
  id: number;
  publishedDate?: string;
  status?: string;
  isDeleted?: boolean;
  comments: CommentInfo[];
}

export interface IterationInfo {
  id: number;
  sourceRefCommit?: { commitId: string };
  targetRefCommit?: { commitId: string };
  [key: string]: unknown;
}

const PAGE = 100;

export class ReposApi {
  readonly transport: AdoTransport;

  constructor(
    readonly organizationUrl: string,
    authorization: AuthorizationSource,
    onEvent?: (e: TransportEvent) => void,
  ) {
    this.transport = engineTransport(authorization, onEvent);
  }

  private url(path: string, query: Record<string, string | number | boolean> = {}): string {
    const u = new URL(`${this.organizationUrl.replace(/\/$/, "")}/${path}`);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u.toString();
  }

  private get<T>(path: string, query?: Record<string, string | number | boolean>): Promise<T> {
    return this.transport.requestJson<T>(this.url(path, query), {
      headers: { Accept: acceptHeader(API_VERSION) },
    });
  }

  private send<T>(method: string, path: string, body: unknown): Promise<T> {
    return this.transport.requestJson<T>(this.url(path), {
      method,
      headers: { Accept: acceptHeader(API_VERSION), "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  private p(project: string): string {
    return encodeURIComponent(project);
  }

  /** A repository's pull requests; with `id`, that one; with `part`, its threads or iterations. */
  private pullRequestPath(
    project: string,
    repositoryId: string,
    id?: number,
    part?: "threads" | "iterations",
  ): string {
    const one = id === undefined ? "" : `/${id}${part ? `/${part}` : ""}`;
    return `${this.p(project)}/_apis/git/repositories/${repositoryId}/pullrequests${one}`;
  }

  async projects(): Promise<ProjectRef[]> {
    const all = new Map<string, ProjectRef>();
    let token: string | null = null;
    do {
      const response = await this.transport.request(
        this.url("_apis/projects", { $top: PAGE, ...(token ? { continuationToken: token } : {}) }),
        { headers: { Accept: acceptHeader(API_VERSION) } },
      );
      const page = JSON.parse(await response.text()) as ProjectRef[] | { value: ProjectRef[] };
      // Pages can repeat a project created or deleted meanwhile (docs/platform.md#projects-and-paging): de-duplicate.
      for (const p of Array.isArray(page) ? page : page.value)
        all.set(p.id, { id: p.id, name: p.name });
      token = response.headers.get("x-ms-continuationtoken");
    } while (token);
    return [...all.values()];
  }

  project(idOrName: string): Promise<ProjectRef> {
    return this.get<ProjectRef>(`_apis/projects/${this.p(idOrName)}`);
  }

  /** includeHidden: a project wiki's backing repository is hidden from the plain list. */
  repositories(project: string): Promise<GitRepositoryInfo[]> {
    return this.get(`${this.p(project)}/_apis/git/repositories`, { includeHidden: true });
  }

  createRepository(project: ProjectRef, name: string): Promise<GitRepositoryInfo> {
    return this.send("POST", `${this.p(project.id)}/_apis/git/repositories`, {
      name,
      project: { id: project.id },
    });
  }

  setDefaultBranch(
    project: string,
    repositoryId: string,
    defaultBranch: string,
  ): Promise<GitRepositoryInfo> {
    return this.send("PATCH", `${this.p(project)}/_apis/git/repositories/${repositoryId}`, {
      defaultBranch,
    });
  }

  /** Branch policies and repository settings policies of a project (Policy area). */
  policyConfigurations(project: string): Promise<unknown[]> {
    return this.get(`${this.p(project)}/_apis/policy/configurations`);
  }

  /** A new policy configuration (restore: a branch policy or repository setting of a new repository). */
  createPolicyConfiguration(project: string, body: Record<string, unknown>): Promise<unknown> {
    return this.send("POST", `${this.p(project)}/_apis/policy/configurations`, body);
  }

  wikis(project: string): Promise<WikiInfo[]> {
    return this.get(`${this.p(project)}/_apis/wiki/wikis`);
  }

  createWiki(project: ProjectRef, body: Record<string, unknown>): Promise<WikiInfo> {
    return this.send("POST", `${this.p(project.id)}/_apis/wiki/wikis`, {
      projectId: project.id,
      ...body,
    });
  }

  async pullRequests(project: string, repositoryId: string): Promise<PullRequestInfo[]> {
    const all: PullRequestInfo[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.get<PullRequestInfo[]>(this.pullRequestPath(project, repositoryId), {
        "searchCriteria.status": "all",
        $top: PAGE,
        $skip: skip,
      });
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  threads(project: string, repositoryId: string, pullRequestId: number): Promise<ThreadInfo[]> {
    return this.get(this.pullRequestPath(project, repositoryId, pullRequestId, "threads"));
  }

  iterations(
    project: string,
    repositoryId: string,
    pullRequestId: number,
  ): Promise<IterationInfo[]> {
    return this.get(this.pullRequestPath(project, repositoryId, pullRequestId, "iterations"));
  }

  createPullRequest(
    project: string,
    repositoryId: string,
    body: Record<string, unknown>,
  ): Promise<PullRequestInfo> {
    return this.send("POST", this.pullRequestPath(project, repositoryId), body);
  }

  updatePullRequest(
    project: string,
    repositoryId: string,
    id: number,
    body: Record<string, unknown>,
  ): Promise<PullRequestInfo> {
    return this.send("PATCH", this.pullRequestPath(project, repositoryId, id), body);
  }

  createThread(
    project: string,
    repositoryId: string,
    id: number,
    body: Record<string, unknown>,
  ): Promise<ThreadInfo> {
    return this.send("POST", this.pullRequestPath(project, repositoryId, id, "threads"), body);
  }
}
