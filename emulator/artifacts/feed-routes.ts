// The Packaging area on the feeds origin: feeds (list, get, create), views, permissions, packages
// and versions, and change tracking (feedchanges, packagechanges with continuation tokens), in the
// shapes of learn.microsoft.com/rest/api/azure/devops/artifacts (feed management, artifact
// details, change tracking), 7.1. Feeds are organization-scoped, or project-scoped under
// `/{project}/_apis`. See CONTRACT.md "Artifacts".
import { randomUUID } from "node:crypto";
import {
  BadRequest,
  errorReply,
  type Reply,
  type RouteContext,
  type RouteTable,
} from "../server/http";
import type { EmulatorState } from "../server/state";
import { listReply, objectBody, orgUrlOf, requiredName } from "../pipelines/rest-helpers";
import { feedMissing } from "./package-files";
import type { ArtifactsState, FeedRecord, Json, PackageRecord, VersionRecord } from "./state";

export interface ArtifactsDeps {
  state: EmulatorState;
  /** The emulator's Artifacts now (a reset makes them again from the seed). */
  artifacts: () => ArtifactsState;
}

const P = String.raw`^(?:/(?<project>[^/]+))?/_apis/packaging`;
const FEED = `${P}/feeds/(?<feed>[^/]+)`;

export function versionJson(feed: FeedRecord, v: VersionRecord, latest: boolean): Json {
  return {
    id: v.id,
    version: v.version,
    normalizedVersion: v.version.toLowerCase(),
    isLatest: latest,
    isListed: v.isListed,
    isDeleted: v.isDeleted,
    publishDate: v.publishDate,
    packageDescription: v.description,
    views: feed.views
      .filter((view) => v.viewIds.includes(view.id))
      .map((view) => ({ id: view.id, name: view.name, type: view.type })),
    files: v.files.map((f) => ({
      name: f.name,
      protocolMetadata: { schemaVersion: 1, data: { size: f.content.length } },
    })),
  };
}

export function packageJson(feed: FeedRecord, p: PackageRecord, withVersions: boolean): Json {
  const live = p.versions.filter((v) => !v.isDeleted);
  const latest = live[live.length - 1];
  return {
    id: p.id,
    name: p.name,
    normalizedName: p.name.toLowerCase(),
    protocolType: p.protocolType,
    versions: (withVersions ? live : latest ? [latest] : []).map((v) =>
      versionJson(feed, v, v === latest),
    ),
  };
}

export function addFeedRoutes(routes: RouteTable, deps: ArtifactsDeps): void {
  const { state } = deps;
  const artifacts = (): ArtifactsState => deps.artifacts();
  const projectIdOf = (ctx: RouteContext): string | undefined | null => {
    if (!ctx.params.project) return undefined;
    return state.findProject(ctx.params.project)?.id ?? null;
  };
  const feedJson = (f: FeedRecord): Json => {
    const project = f.projectId ? state.findProject(f.projectId) : undefined;
    const base = `${orgUrlOf(state).replace("https://", "https://feeds.")}${project ? `/${project.id}` : ""}/_apis/Packaging/Feeds/${f.id}`;
    return {
      id: f.id,
      name: f.name,
      description: f.description,
      url: base,
      _links: {
        self: { href: base },
        packages: { href: `${base}/Packages` },
        permissions: { href: `${base}/Permissions` },
      },
      ...(project
        ? { project: { id: project.id, name: project.name, visibility: "private" } }
        : {}),
      fullyQualifiedName: f.name,
      fullyQualifiedId: f.id,
      upstreamEnabled: f.upstreamEnabled,
      upstreamSources: f.upstreamSources,
      hideDeletedPackageVersions: f.hideDeletedPackageVersions,
      badgesEnabled: f.badgesEnabled,
      capabilities: "defaultCapabilities",
      isReadOnly: false,
    };
  };
  const withFeed =
    (handler: (ctx: RouteContext, f: FeedRecord) => Reply | Promise<Reply>) =>
    (ctx: RouteContext): Reply | Promise<Reply> => {
      const projectId = projectIdOf(ctx);
      if (projectId === null) return feedMissing(ctx.params.feed ?? "");
      const f = artifacts().findFeed(ctx.params.feed ?? "", projectId);
      return f ? handler(ctx, f) : feedMissing(ctx.params.feed ?? "");
    };

  routes.add("GET", new RegExp(`${P}/feeds/?$`, "i"), (ctx) => {
    const projectId = projectIdOf(ctx);
    const feeds = [...artifacts().feeds.values()].filter(
      (f) => f.projectId === (projectId ?? undefined),
    );
    return listReply(ctx, feeds.map(feedJson));
  });
  routes.add(
    "GET",
    new RegExp(`${FEED}/?$`, "i"),
    withFeed((_ctx, f) => ({ status: 200, body: feedJson(f) })),
  );
  routes.add("POST", new RegExp(`${P}/feeds/?$`, "i"), async (ctx) => {
    const projectId = projectIdOf(ctx);
    if (projectId === null) return feedMissing(ctx.params.project ?? "");
    const body = await objectBody(ctx);
    const name = requiredName(body, "feed");
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
      throw new BadRequest(
        `VS800008: The feed name ${name} contains characters that are not allowed.`,
        400,
        "InvalidFeedNameException",
      );
    if (
      [...artifacts().feeds.values()].some(
        (f) =>
          f.name.toLowerCase() === name.toLowerCase() && f.projectId === (projectId ?? undefined),
      )
    )
      throw new BadRequest(
        `VS800015: A feed named '${name}' already exists.`,
        409,
        "FeedNameAlreadyExistsException",
      );
    const upstreamSources = ((body.upstreamSources as Json[] | undefined) ?? []).map((u) => ({
      ...u,
      id: (u.id as string | undefined) ?? randomUUID(),
      status: "ok",
    }));
    const f = artifacts().createFeed({
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
              identityDescriptor: state.user(ctx.userId)?.descriptor ?? ctx.userId,
              displayName: state.user(ctx.userId)?.displayName ?? "",
            },
          ]
        : [],
    });
    return { status: 201, body: feedJson(f) };
  });

  routes.add(
    "GET",
    new RegExp(`${FEED}/views/?$`, "i"),
    withFeed((ctx, f) => listReply(ctx, f.views)),
  );
  routes.add(
    "POST",
    new RegExp(`${FEED}/views/?$`, "i"),
    withFeed(async (ctx, f) => {
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
      artifacts().touchFeed(f);
      return { status: 200, body: view };
    }),
  );

  routes.add(
    "GET",
    new RegExp(`${FEED}/permissions/?$`, "i"),
    withFeed((ctx, f) =>
      listReply(
        ctx,
        f.permissions.map((p) => ({ ...p, isInheritedRole: false })),
      ),
    ),
  );
  routes.add(
    "PATCH",
    new RegExp(`${FEED}/permissions/?$`, "i"),
    withFeed(async (ctx, f) => {
      const body = await ctx.body();
      if (!Array.isArray(body))
        throw new BadRequest("The body must be a list of feed permissions.");
      for (const p of body as Json[]) {
        const descriptor = String(p.identityDescriptor ?? "");
        const role = p.role as FeedRecord["permissions"][number]["role"];
        if (
          !descriptor ||
          !["administrator", "contributor", "collaborator", "reader"].includes(role)
        )
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
      artifacts().touchFeed(f);
      return listReply(ctx, f.permissions);
    }),
  );

  routes.add(
    "GET",
    new RegExp(`${FEED}/packages/?$`, "i"),
    withFeed((ctx, f) => {
      const all = ctx.url.searchParams.get("includeAllVersions") === "true";
      return listReply(
        ctx,
        [...f.packages.values()].map((p) => packageJson(f, p, all)),
      );
    }),
  );
  routes.add(
    "GET",
    new RegExp(`${FEED}/packages/(?<pkg>[^/]+)/versions/?$`, "i"),
    withFeed((ctx, f) => {
      const p = f.packages.get(ctx.params.pkg ?? "");
      if (!p)
        return errorReply(
          404,
          `VS800052: Package ${ctx.params.pkg ?? ""} doesn't exist in feed ${f.name}.`,
          "PackageNotFoundException",
        );
      return { status: 200, body: packageJson(f, p, true).versions };
    }),
  );

  // Change tracking: feeds whose own settings changed after a feed continuation token (package
  // changes do not move it; each feed change carries latestPackageContinuationToken); a feed's
  // package changes after a package continuation token, the most recent change of each version,
  // `batchSize` (default 1000, at most 2000) at a time.
  routes.add("GET", new RegExp(`${P}/feedchanges/?$`, "i"), (ctx) => {
    const projectId = projectIdOf(ctx);
    const after = Number(ctx.url.searchParams.get("continuationToken") ?? 0);
    const batch = Math.min(Number(ctx.url.searchParams.get("batchSize") ?? 1000), 2000);
    const changed = [...artifacts().feeds.values()]
      .filter((f) => f.projectId === (projectId ?? undefined) && f.feedToken > after)
      .sort((a, b) => a.feedToken - b.feedToken)
      .slice(0, batch);
    return {
      status: 200,
      body: {
        count: changed.length,
        feedChanges: changed.map((f) => ({
          changeType: "addOrUpdate",
          feed: feedJson(f),
          feedContinuationToken: f.feedToken,
          latestPackageContinuationToken: f.packageToken,
        })),
        nextFeedContinuationToken:
          changed.length > 0 ? changed[changed.length - 1]?.feedToken : after,
      },
    };
  });
  routes.add(
    "GET",
    new RegExp(`${FEED}/packagechanges/?$`, "i"),
    withFeed((ctx, f) => {
      const after = Number(ctx.url.searchParams.get("continuationToken") ?? 0);
      const batch = Math.min(Number(ctx.url.searchParams.get("batchSize") ?? 1000), 2000);
      const changes = [...f.packages.values()]
        .flatMap((p) => p.versions.map((v) => ({ p, v })))
        .filter(({ v }) => v.token > after)
        .sort((a, b) => a.v.token - b.v.token)
        .slice(0, batch);
      return {
        status: 200,
        body: {
          count: changes.length,
          packageChanges: changes.map(({ p, v }) => ({
            package: packageJson(f, p, false),
            packageVersionChange: {
              changeType: v.isDeleted ? "delete" : "addOrUpdate",
              continuationToken: v.token,
              packageVersion: versionJson(f, v, false),
            },
          })),
          nextPackageContinuationToken:
            changes.length > 0 ? changes[changes.length - 1]?.v.token : after,
        },
      };
    }),
  );
}
