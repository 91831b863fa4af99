// The emulated Git hosting of Azure Repos: Git smart HTTP at `/{org}/{project}/_git/{repo}` (the
// real `git http-backend` behind it), Git LFS at `{repo}.git/info/lfs`, and the REST of the Git and
// Wiki areas added to the organization's route table. The server calls `serve` before its own
// routing; it answers only `_git` paths.
import type { IncomingMessage, ServerResponse } from "node:http";
import { GIT_FIXTURES } from "../fixtures/repositories";
import type { FaultInjector } from "../server/faults";
import { errorReply, safeDecode, send, type RouteTable } from "../server/http";
import type { EmulatorState } from "../server/state";
import { GitHosting } from "./hosting";
import { serveLfs } from "./lfs";
import { addPolicyRoutes } from "./policy-routes";
import { addGitRestRoutes } from "./rest-routes";
import { seedGitHosting } from "./seed";
import { serveThroughHttpBackend } from "./smart-http";

export { GitHosting } from "./hosting";
export type { HostedRepository, HostedPullRequest, HostedWiki } from "./hosting";

export interface GitHostingDeps {
  state: EmulatorState;
  hostUrl: () => string;
  /** The REST gateway's check of an `Authorization` header (Bearer). */
  authenticate: (req: IncomingMessage) => Promise<string | null>;
  faults: FaultInjector;
}

export interface GitHostingMount {
  /** Answers a `/{org}/{project}/_git/...` request and resolves true; false for any other path. */
  serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  hosting(): Promise<GitHosting>;
}

const mounts = new WeakMap<EmulatorState, GitHostingMount>();

/** The Git hosting of a running emulator (tests push to it and read it). */
export function gitHostingOf(state: EmulatorState): Promise<GitHosting> {
  const mount = mounts.get(state);
  if (!mount) throw new Error("This emulator has no Git hosting mounted.");
  return mount.hosting();
}

/**
 * Azure DevOps takes a personal access token as the password of Basic authentication; the
 * emulator's tokens are checked the same way whichever scheme carries them.
 */
export function basicAsBearer(header: string): string {
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (!basic) return header;
  const decoded = Buffer.from(basic[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return `Bearer ${colon >= 0 ? decoded.slice(colon + 1) : decoded}`;
}

function challenge(res: ServerResponse, hostUrl: string): void {
  send(res, {
    status: 401,
    headers: { "WWW-Authenticate": `Basic realm="${hostUrl}/"`, "Content-Type": "text/plain" },
    body: "TF400813: The user is not authorized to access this resource.",
  });
}

/** Injected latency and faults apply to Git traffic too: real Azure Repos answers 429 and 503 on it. */
async function injectedFault(
  deps: GitHostingDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const method = (req.method ?? "GET").toUpperCase();
  if (!deps.faults.applies(method, path)) return false;
  const delay = deps.faults.latency();
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  const decision = deps.faults.decide();
  if (decision.kind === "none") return false;
  if (decision.kind === "drop") req.socket.destroy();
  else if (decision.kind === "5xx")
    send(
      res,
      errorReply(
        decision.status,
        "The service is temporarily unavailable (injected fault).",
        "ServiceUnavailableException",
      ),
    );
  else
    send(
      res,
      errorReply(
        429,
        "Request was blocked due to exceeding usage of resource 'Core' (injected fault).",
        "RequestBlockedException",
        { "Retry-After": decision.retryAfterSeconds },
      ),
    );
  return true;
}

export function mountGitHosting(routes: RouteTable, deps: GitHostingDeps): GitHostingMount {
  let ready: Promise<GitHosting> | undefined;
  const hosting = (): Promise<GitHosting> => {
    ready ??= (async () => {
      const h = new GitHosting(deps.state);
      const fixture = GIT_FIXTURES[deps.state.organization.name.toLowerCase()];
      if (fixture) await seedGitHosting(h, fixture);
      return h;
    })();
    return ready;
  };
  const orgUrl = (): string => `${deps.hostUrl()}/${deps.state.organization.name}`;
  addGitRestRoutes(routes, { hosting, orgUrl });
  addPolicyRoutes(routes, { hosting, orgUrl });

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const segments = url.pathname.split("/");
    if (segments[3]?.toLowerCase() !== "_git" || !segments[2] || !segments[4]) return false;
    if (await injectedFault(deps, req, res, url.pathname)) return true;
    const userId = await deps.authenticate({
      headers: { authorization: basicAsBearer(req.headers.authorization ?? "") },
    } as IncomingMessage);
    if (!userId) {
      challenge(res, deps.hostUrl());
      return true;
    }
    const h = await hosting();
    const project = h.project(safeDecode(segments[2]));
    const repoName = safeDecode(segments[4]).replace(/\.git$/i, "");
    const repo = project && h.repository(repoName, project.id);
    const rest = `/${segments.slice(5).join("/")}`.replace(/\/$/, "") || "/";
    if (!repo) {
      send(
        res,
        errorReply(
          404,
          `TF401019: The Git repository with name or identifier ${repoName} does not exist or you do not have permissions for the operation you are attempting.`,
          "GitRepositoryNotFoundException",
        ),
      );
      return true;
    }
    if (repo.isDisabled) {
      // Our assumption of the real answer: Azure Repos refuses every Git operation on a disabled repository.
      send(
        res,
        errorReply(
          403,
          `TF401019: The repository ${repo.name} is disabled.`,
          "GitRepositoryDisabledException",
        ),
      );
      return true;
    }
    if (rest.startsWith("/info/lfs/")) {
      const base = `${deps.hostUrl()}${segments.slice(0, 4).join("/")}/${encodeURIComponent(repo.name)}.git/info/lfs/objects`;
      await serveLfs(req, res, repo, rest.slice("/info/lfs".length), base);
      return true;
    }
    if (!/^\/(info\/refs|git-upload-pack|git-receive-pack)$/.test(rest)) {
      send(res, { status: 404, body: `Not a Git smart HTTP path: ${rest}` });
      return true;
    }
    await serveThroughHttpBackend(req, res, {
      projectRoot: h.root,
      pathInfo: `/${repo.id}.git${rest}`,
      query: url.search.replace(/^\?/, ""),
      remoteUser: userId,
    });
    return true;
  }

  const mount = { serve, hosting };
  mounts.set(deps.state, mount);
  return mount;
}
