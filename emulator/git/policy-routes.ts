// The Policy area of the emulated organization, as the backup reads it and a restore writes it:
// `GET|POST {project}/_apis/policy/configurations` (learn.microsoft.com/rest/api/azure/devops/
// policy/configurations/list and /create, api-version 7.1). A configuration is a policy type
// (`type.id`), `isEnabled`, `isBlocking` and free-form `settings`, whose `scope` names the
// repositories (and branches) it applies to; an entry without `repositoryId` applies to every
// repository of the project. Fabrikam Fiber is seeded with branch policies and a repository
// setting on fiber-app, and one project-wide policy.
import {
  BadRequest,
  errorReply,
  type Reply,
  type RouteContext,
  type RouteTable,
} from "../server/http";
import { list } from "../server/rest-replies";
import type { GitHosting } from "./hosting";
import type { GitRestDeps } from "./rest-routes";

interface PolicyScope {
  repositoryId?: string | null;
  refName?: string;
  matchKind?: string;
}

interface StoredPolicy {
  id: number;
  projectId: string;
  typeId: string;
  isEnabled: boolean;
  isBlocking: boolean;
  settings: Record<string, unknown> & { scope?: PolicyScope[] };
  createdBy: string;
  createdDate: string;
}

/** The policy types the emulator knows, by the ids the real service gives them. */
export const POLICY_TYPES: Record<string, string> = {
  "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd": "Minimum number of reviewers",
  "fd2167ab-b0be-447a-8ec8-39368250530e": "Required reviewers",
  "0609b952-1397-4640-95ec-e00a01b2c241": "Build",
  "c6a1889d-b943-4856-b76f-9e46bb6b0df2": "Comment requirements",
  "40e92b44-2fe1-4dd6-b3d8-74a9c21d0c6e": "Work item linking",
  "fa4e907d-c16b-4a4c-9dfa-4914e5d171dd": "Require a merge strategy",
  "7ed39669-655c-494e-b4a0-a08b4da0fcce": "Git repository settings",
  "2e26e725-8201-4edd-8bf5-978563c34a80": "File size restriction",
};

class PolicyBook {
  readonly policies: StoredPolicy[] = [];
  private nextId = 1;

  add(p: Omit<StoredPolicy, "id">): StoredPolicy {
    const stored = { ...p, id: this.nextId++ };
    this.policies.push(stored);
    return stored;
  }
}

const books = new WeakMap<GitHosting, PolicyBook>();

/** Fabrikam Fiber's policies: what a team usually sets on its main repository. */
function seed(h: GitHosting, book: PolicyBook): void {
  const project = h.project("Fabrikam Fiber");
  const app = project && h.repository("fiber-app", project.id);
  if (!project || !app) return;
  const by = h.state.users[0]?.id ?? "";
  const reviewer = h.state.users[1]?.id ?? by;
  const at = "2024-01-15T09:00:00.000Z";
  const main = { repositoryId: app.id, refName: "refs/heads/main", matchKind: "exact" };
  const add = (typeId: string, settings: StoredPolicy["settings"]) =>
    book.add({
      projectId: project.id,
      typeId,
      isEnabled: true,
      isBlocking: true,
      settings,
      createdBy: by,
      createdDate: at,
    });
  add("fa4e907d-c16b-4a4c-9dfa-4906e5d171dd", {
    minimumApproverCount: 2,
    creatorVoteCounts: false,
    resetOnSourcePush: true,
    scope: [main],
  });
  add("fd2167ab-b0be-447a-8ec8-39368250530e", {
    requiredReviewerIds: [reviewer],
    message: "The platform team reviews changes to main.",
    scope: [main],
  });
  add("0609b952-1397-4640-95ec-e00a01b2c241", {
    buildDefinitionId: 1,
    displayName: "CI",
    queueOnSourceUpdateOnly: true,
    validDuration: 720,
    scope: [main],
  });
  add("7ed39669-655c-494e-b4a0-a08b4da0fcce", {
    enforceConsistentCase: true,
    scope: [{ repositoryId: app.id }],
  });
  add("c6a1889d-b943-4856-b76f-9e46bb6b0df2", {
    scope: [{ repositoryId: null, refName: "refs/heads/main", matchKind: "exact" }],
  });
}

function bookOf(h: GitHosting): PolicyBook {
  let book = books.get(h);
  if (!book) {
    book = new PolicyBook();
    seed(h, book);
    books.set(h, book);
  }
  return book;
}

function policyJson(h: GitHosting, orgUrl: string, p: StoredPolicy): unknown {
  const url = `${orgUrl}/${p.projectId}/_apis/policy/configurations/${p.id}`;
  const user = h.state.user(p.createdBy);
  return {
    createdBy: { id: p.createdBy, displayName: user?.displayName ?? "Unknown user" },
    createdDate: p.createdDate,
    isEnabled: p.isEnabled,
    isBlocking: p.isBlocking,
    isDeleted: false,
    settings: p.settings,
    isEnterpriseManaged: false,
    _links: { self: { href: url } },
    revision: 1,
    id: p.id,
    url,
    type: {
      id: p.typeId,
      url: `${orgUrl}/${p.projectId}/_apis/policy/types/${p.typeId}`,
      displayName: POLICY_TYPES[p.typeId],
    },
  };
}

function projectMissing(ctx: RouteContext): Reply {
  return errorReply(
    404,
    `TF200016: The following project does not exist: ${ctx.params.project ?? ""}.`,
    "ProjectDoesNotExistWithNameException",
  );
}

/** The configuration a POST describes; BadRequest (400) when it is not one the service takes. */
function readConfiguration(h: GitHosting, projectId: string, body: unknown) {
  const b = (body ?? {}) as Record<string, unknown>;
  const typeId = String((b.type as { id?: unknown } | undefined)?.id ?? "").toLowerCase();
  if (!POLICY_TYPES[typeId]) throw new BadRequest(`The policy type ${typeId} does not exist.`);
  const settings = (b.settings ?? {}) as StoredPolicy["settings"];
  for (const s of settings.scope ?? [])
    if (s.repositoryId && !h.repository(s.repositoryId, projectId))
      throw new BadRequest(`The repository ${s.repositoryId} is not in this project.`);
  return { typeId, settings, isEnabled: b.isEnabled !== false, isBlocking: b.isBlocking === true };
}

export function addPolicyRoutes(routes: RouteTable, deps: GitRestDeps): void {
  const path = /^\/(?<project>[^/]+)\/_apis\/policy\/configurations\/?$/i;
  routes.add("GET", path, async (ctx) => {
    const h = await deps.hosting();
    const project = h.project(ctx.params.project ?? "");
    if (!project) return projectMissing(ctx);
    const items = bookOf(h)
      .policies.filter((p) => p.projectId === project.id)
      .map((p) => policyJson(h, deps.orgUrl(), p));
    return list(ctx, items);
  });
  routes.add("POST", path, async (ctx) => {
    const h = await deps.hosting();
    const project = h.project(ctx.params.project ?? "");
    if (!project) return projectMissing(ctx);
    const config = readConfiguration(h, project.id, await ctx.body());
    const stored = bookOf(h).add({
      ...config,
      projectId: project.id,
      createdBy: ctx.userId ?? "",
      createdDate: new Date().toISOString(),
    });
    return { status: 200, body: policyJson(h, deps.orgUrl(), stored) };
  });
}
