// The Packaging area on the feeds origin: feeds (list, get, create), their views and permissions,
// in the shapes of learn.microsoft.com/rest/api/azure/devops/artifacts (feed management), 7.1;
// packages and change tracking are in feed-change-routes.ts. Feeds are organization-scoped, or
// project-scoped under `/{project}/_apis`. See CONTRACT.md "Artifacts".
import { randomUUID } from "node:crypto";
import { BadRequest, type RouteContext, type RouteTable } from "../server/http";
import type { OriginName } from "../server/areas";
import type { EmulatorState } from "../server/state";
import { listReply, objectBody, requiredName } from "../pipelines/rest-helpers";
import { feedJson } from "./feed-json";
import { feedMissing, withFeed } from "./package-files";
import type { ArtifactsState, FeedRecord, Json } from "./state";

export interface ArtifactsDeps {
  state: EmulatorState;
  /** The emulator's Artifacts now (a reset makes them again from the seed). */
  artifacts: () => ArtifactsState;
  /** The organization's URL on one of its origins (a download's blob is on another host). */
  orgUrlOf: (origin: OriginName) => string;
}

/** `[/{project}]/_apis/packaging`: the Packaging area, organization- or project-level. */
export const PACKAGING = String.raw`^(?:/(?<project>[^/]+))?/_apis/packaging`;
export const FEED = `${PACKAGING}/feeds/(?<feed>[^/]+)`;

/** The project a path names: undefined at organization level, null when it does not exist. */
export function projectIdOf(deps: ArtifactsDeps, ctx: RouteContext): string | undefined | null {
  if (!ctx.params.project) return undefined;
  return deps.state.findProject(ctx.params.project)?.id ?? null;
}

function feedsOf(deps: ArtifactsDeps, projectId: string | undefined): FeedRecord[] {
  return [...deps.artifacts().feeds.values()].filter((f) => f.projectId === projectId);
}

/** A new feed's name: the characters feeds allow, not taken in its scope. */
function newFeedName(deps: ArtifactsDeps, body: Json, projectId: string | undefined): string {
  const name = requiredName(body, "feed");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    throw new BadRequest(
      `VS800008: The feed name ${name} contains characters that are not allowed.`,
      400,
      "InvalidFeedNameException",
    );
  if (feedsOf(deps, projectId).some((f) => f.name.toLowerCase() === name.toLowerCase()))
    throw new BadRequest(
      `VS800015: A feed named '${name}' already exists.`,
      409,
      "FeedNameAlreadyExistsException",
    );
  return name;
}

/** Feeds: list, get, create (the caller is the new feed's administrator). */
function addFeeds(routes: RouteTable, deps: ArtifactsDeps): void {
  const { state } = deps;
  routes.add("GET", new RegExp(`${PACKAGING}/feeds/?$`, "i"), (ctx) => {
    const feeds = feedsOf(deps, projectIdOf(deps, ctx) ?? undefined);
    return listReply(
      ctx,
      feeds.map((f) => feedJson(state, f)),
    );
  });
  routes.add(
    "GET",
    new RegExp(`${FEED}/?$`, "i"),
    withFeed(deps, (_ctx, f) => ({ status: 200, body: feedJson(state, f) })),
  );
  routes.add("POST", new RegExp(`${PACKAGING}/feeds/?$`, "i"), async (ctx) => {
    const projectId = projectIdOf(deps, ctx);
    if (projectId === null) return feedMissing(ctx.params.project ?? "");
    const body = await objectBody(ctx);
    const name = newFeedName(deps, body, projectId);
    const upstreamSources = ((body.upstreamSources as Json[] | undefined) ?? []).map((u) => ({
      ...u,
      id: (u.id as string | undefined) ?? randomUUID(),
      status: "ok",
    }));
    const caller = ctx.userId ? state.user(ctx.userId) : undefined;
    const f = deps.artifacts().createFeed({
      name,
      description: (body.description as string | undefined) ?? "",
      ...(projectId ? { projectId } : {}),
      upstreamEnabled: upstreamSources.length > 0,
      upstreamSources,
      hideDeletedPackageVersions: body.hideDeletedPackageVersions !== false,
      badgesEnabled: body.badgesEnabled === true,
      permissions: ctx.userId
        ? [
            {
              role: "administrator",
              identityDescriptor: caller?.descriptor ?? ctx.userId,
              displayName: caller?.displayName ?? "",
            },
          ]
        : [],
    });
    return { status: 201, body: feedJson(state, f) };
  });
}

/** A feed's views: list, create (a release view; a taken name is 409). */
function addViews(routes: RouteTable, deps: ArtifactsDeps): void {
  const views = new RegExp(`${FEED}/views/?$`, "i");
  routes.add(
    "GET",
    views,
    withFeed(deps, (ctx, f) => listReply(ctx, f.views)),
  );
  routes.add(
    "POST",
    views,
    withFeed(deps, async (ctx, f) => {
      const body = await objectBody(ctx);
      const name = requiredName(body, "view");
      if (f.views.some((v) => v.name.toLowerCase() === name.toLowerCase()))
        throw new BadRequest(
          `VS800046: A view named '${name}' already exists in this feed.`,
          409,
          "FeedViewNameAlreadyExistsException",
        );
      const view = {
        id: randomUUID(),
        name,
        type: "release" as const,
        visibility: (body.visibility as string | undefined) ?? "collection",
      };
      f.views.push(view);
      deps.artifacts().touchFeed(f);
      return { status: 200, body: view };
    }),
  );
}

const ROLES = ["administrator", "contributor", "collaborator", "reader"];

/** A feed's permissions: list, and set roles (an identity already there gets the new role). */
function addPermissions(routes: RouteTable, deps: ArtifactsDeps): void {
  const permissions = new RegExp(`${FEED}/permissions/?$`, "i");
  routes.add(
    "GET",
    permissions,
    withFeed(deps, (ctx, f) =>
      listReply(
        ctx,
        f.permissions.map((p) => ({ ...p, isInheritedRole: false })),
      ),
    ),
  );
  routes.add(
    "PATCH",
    permissions,
    withFeed(deps, async (ctx, f) => {
      const body = await ctx.body();
      if (!Array.isArray(body))
        throw new BadRequest("The body must be a list of feed permissions.");
      for (const p of body as Json[]) {
        const descriptor = String(p.identityDescriptor ?? "");
        const role = p.role as FeedRecord["permissions"][number]["role"];
        if (!descriptor || !ROLES.includes(role))
          throw new BadRequest("Each permission names an identityDescriptor and a role.");
        const known = f.permissions.find((x) => x.identityDescriptor === descriptor);
        if (known) known.role = role;
        else
          f.permissions.push({
            role,
            identityDescriptor: descriptor,
            displayName: (p.displayName as string | undefined) ?? "",
          });
      }
      deps.artifacts().touchFeed(f);
      return listReply(ctx, f.permissions);
    }),
  );
}

export function addFeedRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  addFeeds(routes, deps);
  addViews(routes, deps);
  addPermissions(routes, deps);
}
