// The host origin (dev.azure.com): the control API (/_emulator/...), the host page's files
// (/_host/...), and under /{org}: REST (organization-, project- and team-level), Git, and the host
// pages themselves. And the separate hosts (extmgmt.dev.azure.com and the like): REST only.
import type { IncomingMessage, ServerResponse } from "node:http";
import { mountGitHosting, type GitHostingMount } from "../git";
import { resourceAreaLocations, type AreaHost, type OriginName } from "./areas";
import { createControlApi } from "./control";
import {
  issueAccessToken,
  issueAppToken,
  orgUrlOf,
  resetEmulator,
  resourceTenantHeader,
  type EmulatorContext,
} from "./emulator-context";
import { nestedAppToken } from "./entra-seam";
import { serveHostFile } from "./host-files";
import { hostPage } from "./host-page";
import { BadRequest, jsonBodyReader, send, type RouteTable } from "./http";
import { authenticate } from "./rest-authentication";
import { RestGateway } from "./rest-gateway";

/** What the host origin hands requests to. */
export interface HostOriginParts {
  control: RouteTable;
  gateway: RestGateway;
  git: GitHostingMount;
}

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };

/** The gateway, Git hosting and control API the host origin hands its requests to. */
export function hostOriginParts(
  ctx: EmulatorContext,
  routesOf: Record<OriginName, RouteTable>,
): HostOriginParts {
  const { state, settings, faults, requestLog, entra } = ctx;
  const gateway = new RestGateway({
    state,
    settings,
    faults,
    budget: ctx.budget,
    requestLog,
    routesOf,
    authenticate: (req) => authenticate(ctx, req),
    corsOrigins: ctx.corsOrigins,
    hostUrl: ctx.origins.hostUrl,
    entraUrl: ctx.origins.entraUrl,
  });
  const git = mountGitHosting(routesOf.core, {
    state,
    hostUrl: () => ctx.origins.hostUrl,
    authenticate: (req) => authenticate(ctx, req),
    faults,
  });
  const control = createControlApi({
    state,
    faults,
    settings,
    requestLog,
    issueToken: (userId, lifetime) => issueAccessToken(ctx, userId, lifetime),
    issueAppToken: (userId, lifetime) => issueAppToken(ctx, userId, lifetime),
    naaToken: (request) => nestedAppToken(entra, state, request),
    consents: () => entra.consents,
    reset: () => resetEmulator(ctx),
  });
  return { gateway, git, control };
}

/** `/_emulator/...`: the control API (no auth: the emulator is local-only). */
async function serveControl(
  control: RouteTable,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const found = control.find(method, url.pathname);
  if (!found || found === "method")
    return send(res, {
      status: found ? 405 : 404,
      body: { message: `No control call ${method} ${url.pathname}.` },
    });
  try {
    send(
      res,
      await found.handler({
        req,
        url,
        params: found.params,
        body: jsonBodyReader(req, 1024 * 1024),
      }),
    );
  } catch (e) {
    send(res, {
      status: e instanceof BadRequest ? e.status : 500,
      body: { message: (e as Error).message },
    });
  }
}

export async function serveHost(
  ctx: EmulatorContext,
  parts: HostOriginParts,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { hostUrl, extensionUrl, entraUrl, areaOrigins } = ctx.origins;
  const org = ctx.state.organization;
  const url = new URL(req.url ?? "/", hostUrl);
  const path = url.pathname;
  const method = (req.method ?? "GET").toUpperCase();
  if (path.startsWith("/_emulator/")) return serveControl(parts.control, req, res, url);
  if (path === "/")
    return send(res, {
      status: 302,
      headers: { Location: `/${encodeURIComponent(org.name)}/_settings/backup-hub` },
    });
  if (path.startsWith("/_host/")) return serveHostFile(res, path.slice("/_host/".length));
  if (path === "/favicon.ico") return send(res, { status: 204 });
  const [first, second] = path.split("/").filter((s) => s !== "");
  if (first?.toLowerCase() !== org.name.toLowerCase())
    return send(res, {
      status: 404,
      headers: TEXT,
      body: `No organization "${first ?? ""}" here; try ${orgUrlOf(ctx)}`,
    });
  // Azure DevOps names the organization's tenant on every answer, even unauthenticated ones.
  res.setHeader("X-VSS-ResourceTenant", resourceTenantHeader(ctx));
  if (second?.toLowerCase() === "_apis")
    return parts.gateway.serve(req, res, url, path.slice(first.length + 1), "core");
  if (await parts.git.serve(req, res, url)) return; // /{org}/{project}/_git/{repo}: emulator/git
  if (/^\/[^/]+\/[^/]+(\/[^/]+)?\/_apis\//i.test(path))
    return parts.gateway.serve(req, res, url, path.slice(first.length + 1), "core"); // project or team REST
  if (method !== "GET" && method !== "HEAD")
    return send(res, { status: 405, body: { message: "Host pages answer GET only." } });
  return send(
    res,
    await hostPage(
      {
        state: ctx.state,
        hostUrl,
        extensionUrl,
        entraUrl,
        extension: () => ctx.extension.current(),
        resourceAreas: resourceAreaLocations((origin) => orgUrlOf(ctx, origin)),
        areaOrigins: Object.values(areaOrigins),
      },
      url,
    ),
  );
}

/** A separate host (extmgmt.dev.azure.com and the like): `/{org}/_apis/...` of its areas only. */
export async function serveArea(
  ctx: EmulatorContext,
  gateway: RestGateway,
  name: AreaHost,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", ctx.origins.areaOrigins[name]);
  const [first, second, third] = url.pathname.split("/").filter((s) => s !== "");
  // Organization- and project-level: vsrm/{org}/{project}/_apis/release, pkgs/{org}/{project}/_packaging/…
  const rest = /^_(apis|packaging)$/i;
  if (
    first?.toLowerCase() !== ctx.state.organization.name.toLowerCase() ||
    !(rest.test(second ?? "") || rest.test(third ?? ""))
  )
    return send(res, {
      status: 404,
      headers: TEXT,
      body: `The ${name} host serves only ${orgUrlOf(ctx, name)}/_apis/...`,
    });
  res.setHeader("X-VSS-ResourceTenant", resourceTenantHeader(ctx));
  return gateway.serve(req, res, url, url.pathname.slice(first.length + 1), name);
}
