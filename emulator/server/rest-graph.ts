// Graph: the organization's groups and users and their memberships (GET _apis/graph/...), with
// descriptors and origins as an Entra-backed or Microsoft-account organization answers them.
import type { FixtureUser } from "../fixtures/types";
import { errorReply, type RouteTable } from "./http";
import { b64, caller, list, orgUrl, uuidFrom, type RestDeps } from "./rest-replies";

/** The organization's built-in collection groups. */
function groupsOf(deps: RestDeps): Record<string, unknown>[] {
  const org = deps.state.organization;
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
      url: `${orgUrl(deps)}/_apis/Graph/Groups/${descriptor}`,
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
}

function graphUser(deps: RestDeps, u: FixtureUser): Record<string, unknown> {
  const { state } = deps;
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
    url: `${orgUrl(deps)}/_apis/Graph/Users/${u.descriptor}`,
  };
}

function groupNamed(deps: RestDeps, name: string): Record<string, unknown> {
  return groupsOf(deps).find((g) => g.displayName === name) as Record<string, unknown>;
}

export function addGraphRoutes(routes: RouteTable, deps: RestDeps): void {
  const { state } = deps;

  routes.add("GET", /^\/_apis\/graph\/groups\/?$/i, (ctx) => {
    caller(ctx, deps);
    return list(ctx, groupsOf(deps));
  });
  routes.add("GET", /^\/_apis\/graph\/groups\/(?<descriptor>[^/]+)\/?$/i, (ctx) => {
    caller(ctx, deps);
    const g = groupsOf(deps).find((x) => x.descriptor === ctx.params.descriptor);
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
    return list(
      ctx,
      state.users.map((u) => graphUser(deps, u)),
    );
  });
  routes.add("GET", /^\/_apis\/graph\/users\/(?<descriptor>[^/]+)\/?$/i, (ctx) => {
    caller(ctx, deps);
    const u = state.userByDescriptor(ctx.params.descriptor ?? "");
    return u
      ? { status: 200, body: graphUser(deps, u) }
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
    const pca = groupNamed(deps, "Project Collection Administrators").descriptor as string;
    const valid = groupNamed(deps, "Project Collection Valid Users").descriptor as string;
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
}
