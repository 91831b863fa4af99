// The organization's REST API (`/{org}/_apis/...`), in the shapes the real service answers and the
// azure-devops-extension-api clients expect (docs/platform.md#rest-requests). Paths here are relative to `/{org}`.
import { createHash } from "node:crypto";
import type { FixtureUser } from "../fixtures/types";
import { BadRequest, errorReply, RouteTable, type Reply, type RouteContext } from "./http";
import { compareProjects, type EmulatorState, type ProjectRecord } from "./state";
import { evaluate, permissionBits } from "./permissions";
import type { ServerSettings } from "./types";

export { NAMESPACE_COLLECTION } from "./permissions";

/** Default page size of GET _apis/projects, as documented. */
export const DEFAULT_PROJECTS_TOP = 100;
/**
 * Largest page GET _apis/projects answers; a larger $top is clamped. Our assumption about the
 * real service (its documentation gives no maximum): code must page by continuation token, never
 * trust that one request returns everything.
 */
export const MAX_PROJECTS_TOP = 1000;
/**
 * Largest extension-data document accepted by default: about 5 MB, past which Azure DevOps answers
 * 500 MaximumDocumentSizeException (docs/platform.md#extension-data; the documentation states no limit).
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface RestDeps {
  state: EmulatorState;
  settings: ServerSettings;
  hostUrl: () => string;
}

function list(ctx: RouteContext, items: unknown[], headers?: Record<string, string>): Reply {
  return {
    status: 200,
    body: ctx.bareArrays ? items : { count: items.length, value: items },
    ...(headers ? { headers } : {}),
  };
}

function caller(ctx: RouteContext, deps: RestDeps): FixtureUser {
  const u = ctx.userId ? deps.state.user(ctx.userId) : undefined;
  if (!u) throw new BadRequest("No authenticated user.", 401, "UnauthorizedRequestException");
  return u;
}

function b64(s: string): string {
  return Buffer.from(s).toString("base64").replace(/=+$/, "");
}

export function createRestApi(deps: RestDeps): RouteTable {
  const { state } = deps;
  const orgUrl = (): string => `${deps.hostUrl()}/${state.organization.name}`;
  const routes = new RouteTable();

  // connectionData -------------------------------------------------------------------------------
  routes.add("GET", /^\/_apis\/connectiondata\/?$/i, (ctx) => {
    const u = ctx.userId ? state.user(ctx.userId) : undefined;
    const identity = u
      ? {
          id: u.id,
          // An Entra identity names its tenant; a Microsoft account its PUID at Live.com.
          descriptor: state.hasTenant
            ? `Microsoft.IdentityModel.Claims.ClaimsIdentity;${state.organization.tenantId}\\${u.email}`
            : `Microsoft.IdentityModel.Claims.ClaimsIdentity;${puidOf(u.id)}@Live.com`,
          subjectDescriptor: u.descriptor,
          providerDisplayName: u.displayName,
          isActive: true,
          properties: { Account: { $type: "System.String", $value: u.email } },
          resourceVersion: 2,
          metaTypeId: 0,
        }
      : {
          id: "aa442b3d-ee66-4bd6-9a2d-8a4c8d35a4e5",
          descriptor: "System:PublicAccess;aa442b3d-ee66-4bd6-9a2d-8a4c8d35a4e5",
          subjectDescriptor: "s2s.YWE0NDJiM2QtZWU2Ni00YmQ2LTlhMmQtOGE0YzhkMzVhNGU1",
          providerDisplayName: "Anonymous",
          isActive: true,
          properties: {},
          resourceVersion: 2,
          metaTypeId: 255,
        };
    return {
      status: 200,
      body: {
        authenticatedUser: identity,
        authorizedUser: identity,
        instanceId: state.organization.id,
        deploymentId: "f3c2f7f4-7cf6-4c27-8e8b-6a0f6d0c2f55",
        deploymentType: "hosted",
        locationServiceData: {
          serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
          defaultAccessMappingMoniker: "PublicAccessMapping",
          lastChangeId: 1,
          lastChangeId64: 1,
          accessMappings: [
            {
              displayName: "Public Access Mapping",
              moniker: "PublicAccessMapping",
              accessPoint: `${orgUrl()}/`,
              serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
              virtualDirectory: "",
            },
          ],
        },
      },
    };
  });

  // Projects -------------------------------------------------------------------------------------
  const projectReference = (
    p: ProjectRecord,
    stateName = "wellFormed",
  ): Record<string, unknown> => ({
    id: p.id,
    name: p.name,
    ...(p.description ? { description: p.description } : {}),
    url: `${orgUrl()}/_apis/projects/${p.id}`,
    state: stateName,
    revision: p.revision,
    visibility: "private",
    lastUpdateTime: p.lastUpdateTime,
  });

  routes.add("GET", /^\/_apis\/projects\/?$/i, (ctx) => {
    caller(ctx, deps);
    const q = ctx.url.searchParams;
    const top = clampTop(q.get("$top"));
    const skip = nonNegativeInt(q.get("$skip"), "$skip") ?? 0;
    const stateFilter = (q.get("stateFilter") ?? "wellFormed").toLowerCase();
    let source: ProjectRecord[];
    let stateName = "wellFormed";
    if (stateFilter === "deleted") {
      source = [...state.deletedProjects.values()].sort(compareProjects);
      stateName = "deleted";
    } else if (stateFilter === "wellformed" || stateFilter === "all")
      source = state.sortedProjects();
    else source = [];
    // The continuation token is the offset of the next page (Azure DevOps Server's
    // ProjectsController), and $skip adds to it: a project created or deleted between two pages
    // shifts the offsets, so a caller can see one twice or miss one (callers de-duplicate).
    const start = (nonNegativeInt(q.get("continuationToken"), "continuationToken") ?? 0) + skip;
    const page = source.slice(start, start + top);
    const headers: Record<string, string> = {};
    if (page.length > 0 && start + top < source.length)
      headers["x-ms-continuationtoken"] = String(start + top);
    const reply = list(
      ctx,
      page.map((p) => projectReference(p, stateName)),
      headers,
    );
    const churn = deps.settings.projectsChurn;
    if (churn.create > 0 || churn.remove > 0) state.churnProjects(churn.create, churn.remove);
    return reply;
  });

  routes.add("GET", /^\/_apis\/projects\/(?<id>[^/]+)\/?$/i, (ctx) => {
    caller(ctx, deps);
    const p = state.findProject(ctx.params.id ?? "");
    if (!p) {
      return errorReply(
        404,
        `TF200016: The following project does not exist: ${ctx.params.id}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
        "ProjectDoesNotExistWithNameException",
      );
    }
    return {
      status: 200,
      body: {
        ...projectReference(p),
        capabilities: {
          versioncontrol: { sourceControlType: "Git", gitEnabled: "true", tfvcEnabled: "false" },
          processTemplate: {
            templateName: "Agile",
            templateTypeId: "adcc42ab-9882-485e-a3ed-7678f01f66bc",
          },
        },
        defaultTeam: {
          id: uuidFrom(p.id, "team"),
          name: `${p.name} Team`,
          url: `${orgUrl()}/_apis/projects/${p.id}/teams/${uuidFrom(p.id, "team")}`,
        },
      },
    };
  });

  // Permissions ----------------------------------------------------------------------------------
  routes.add("GET", /^\/_apis\/permissions\/(?<ns>[0-9a-f-]{36})\/(?<bits>[^/]+)\/?$/i, (ctx) => {
    const u = caller(ctx, deps);
    const q = ctx.url.searchParams;
    const permissions = permissionBits(ctx.params.bits);
    const raw = q.get("tokens");
    const tokens = raw === null ? [undefined] : raw.split(q.get("delimiter") || ",");
    const alwaysAllowAdministrators = /^true$/i.test(q.get("alwaysAllowAdministrators") ?? "");
    const admin = state.isProjectCollectionAdministrator(u.id);
    return list(
      ctx,
      tokens.map((token) =>
        evaluate(
          { namespaceId: ctx.params.ns ?? "", token, permissions, alwaysAllowAdministrators },
          admin,
        ),
      ),
    );
  });

  routes.add("POST", /^\/_apis\/security\/permissionevaluationbatch\/?$/i, async (ctx) => {
    const u = caller(ctx, deps);
    const body = (await ctx.body()) as
      | {
          evaluations?: { securityNamespaceId?: string; token?: string; permissions?: number }[];
          alwaysAllowAdministrators?: boolean;
        }
      | undefined;
    if (!body || !Array.isArray(body.evaluations))
      throw new BadRequest("The body must have an evaluations array.");
    const alwaysAllowAdministrators = body.alwaysAllowAdministrators === true;
    const admin = state.isProjectCollectionAdministrator(u.id);
    return {
      status: 200,
      body: {
        alwaysAllowAdministrators,
        evaluations: body.evaluations.map((e) => ({
          ...e,
          value: evaluate(
            {
              namespaceId: e.securityNamespaceId ?? "",
              token: e.token,
              permissions: permissionBits(e.permissions),
              alwaysAllowAdministrators,
            },
            admin,
          ),
        })),
      },
    };
  });

  // Graph ----------------------------------------------------------------------------------------
  const groups = (): Record<string, unknown>[] => {
    const org = state.organization;
    const group = (name: string, description: string): Record<string, unknown> => {
      const originId = uuidFrom(org.id, name);
      const descriptor = `vssgp.${b64(`S-1-9-1551374245-${originId}`)}`;
      return {
        subjectKind: "group",
        description,
        domain: `vstfs:///Framework/IdentityDomain/${org.id}`,
        principalName: `[${org.name}]\\${name}`,
        mailAddress: null,
        origin: "vsts",
        originId,
        displayName: name,
        descriptor,
        url: `${orgUrl()}/_apis/Graph/Groups/${descriptor}`,
      };
    };
    return [
      group(
        "Project Collection Administrators",
        "Members of this application group can perform all privileged operations on the Team Project Collection.",
      ),
      group(
        "Project Collection Valid Users",
        "This application group contains all users and groups that have access to the Team Project Collection.",
      ),
      group(
        "Project Collection Build Service Accounts",
        "Members of this group should include accounts for people that should be able to run build services.",
      ),
    ];
  };
  const graphUser = (u: FixtureUser): Record<string, unknown> => {
    const msa = !state.hasTenant;
    return {
      subjectKind: "user",
      domain: msa ? "Windows Live ID" : state.organization.tenantId,
      principalName: u.email,
      mailAddress: u.email,
      origin: msa ? "msa" : "aad",
      originId: uuidFrom(u.id, "origin"),
      displayName: u.displayName,
      descriptor: u.descriptor,
      url: `${orgUrl()}/_apis/Graph/Users/${u.descriptor}`,
    };
  };
  const groupNamed = (name: string): Record<string, unknown> =>
    groups().find((g) => g.displayName === name) as Record<string, unknown>;

  routes.add("GET", /^\/_apis\/graph\/groups\/?$/i, (ctx) => {
    caller(ctx, deps);
    return list(ctx, groups());
  });
  routes.add("GET", /^\/_apis\/graph\/groups\/(?<descriptor>[^/]+)\/?$/i, (ctx) => {
    caller(ctx, deps);
    const g = groups().find((x) => x.descriptor === ctx.params.descriptor);
    return g
      ? { status: 200, body: g }
      : errorReply(
          404,
          `The group ${ctx.params.descriptor} does not exist.`,
          "GraphSubjectNotFoundException",
        );
  });
  routes.add("GET", /^\/_apis\/graph\/users\/?$/i, (ctx) => {
    caller(ctx, deps);
    return list(ctx, state.users.map(graphUser));
  });
  routes.add("GET", /^\/_apis\/graph\/users\/(?<descriptor>[^/]+)\/?$/i, (ctx) => {
    caller(ctx, deps);
    const u = state.userByDescriptor(ctx.params.descriptor ?? "");
    return u
      ? { status: 200, body: graphUser(u) }
      : errorReply(
          404,
          `The user ${ctx.params.descriptor} does not exist.`,
          "GraphSubjectNotFoundException",
        );
  });
  routes.add("GET", /^\/_apis\/graph\/memberships\/(?<descriptor>[^/]+)\/?$/i, (ctx) => {
    caller(ctx, deps);
    const direction = (ctx.url.searchParams.get("direction") ?? "up").toLowerCase();
    const subject = ctx.params.descriptor ?? "";
    const membership = (member: string, container: string): Record<string, unknown> => ({
      containerDescriptor: container,
      memberDescriptor: member,
      _links: {},
    });
    const pca = groupNamed("Project Collection Administrators").descriptor as string;
    const valid = groupNamed("Project Collection Valid Users").descriptor as string;
    if (direction === "up") {
      const u = state.userByDescriptor(subject);
      if (!u) return list(ctx, []);
      const containers = [
        valid,
        ...(u.roles.includes("ProjectCollectionAdministrator") ? [pca] : []),
      ];
      return list(
        ctx,
        containers.map((c) => membership(u.descriptor, c)),
      );
    }
    const members =
      subject === pca
        ? state.users.filter((u) => u.roles.includes("ProjectCollectionAdministrator"))
        : subject === valid
          ? state.users
          : [];
    return list(
      ctx,
      members.map((u) => membership(u.descriptor, subject)),
    );
  });

  return routes;
}

function nonNegativeInt(raw: string | null, name: string): number | undefined {
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new BadRequest(`${name} must be a non-negative integer, not "${raw}".`);
  return n;
}

function clampTop(raw: string | null): number {
  const n = nonNegativeInt(raw, "$top");
  if (n === undefined || n === 0) return DEFAULT_PROJECTS_TOP;
  return Math.min(n, MAX_PROJECTS_TOP);
}

/** A Microsoft account's PUID: 16 upper-case hex digits, stable per user. */
function puidOf(userId: string): string {
  return createHash("sha1").update(`puid/${userId}`).digest("hex").slice(0, 16).toUpperCase();
}

/** A stable GUID derived from a seed GUID and a label (for groups, teams, origin ids). */
function uuidFrom(seed: string, label: string): string {
  const hex = createHash("sha1").update(`${seed}/${label}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
