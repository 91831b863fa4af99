// startEmulator(): the emulated Azure DevOps organization on its local origins (CONTRACT.md):
// host pages + REST + control API, the separate hosts of some areas (extmgmt, vsrm, …), the
// packaged extension's files, and the fake Entra authority.
import { readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, normalize, resolve, sep } from "node:path";
import type { OrganizationFixture } from "../fixtures/types";
import { DEV_EXTENSION_APP_ID, DEV_EXTENSION_KEY, signAppToken } from "./app-token";
import {
  AREA_HOSTS,
  DEFAULT_AREA_PORTS,
  addResourceAreaRoutes,
  resourceAreaLocations,
  type AreaHost,
  type OriginName,
} from "./areas";
import { createControlApi } from "./control";
import { addBoardsRoutes } from "../boards";
import { mountPipelines } from "../pipelines";
import { mountTestPlans } from "../test-plans";
import { mountArtifacts } from "../artifacts";
import { basicAsBearer, mountGitHosting } from "../git";
import { createExtensionDataApi } from "./extension-data";
import { createSelfSignedCertificate } from "../entra";
import {
  nestedAppToken,
  startEntraAuthority,
  userOfEntraToken,
  type EntraAuthority,
} from "./entra-seam";
import {
  contentTypeOf,
  newestVsix,
  readExtensionPackage,
  type ExtensionPackage,
} from "./extension-package";
import { FaultInjector } from "./faults";
import { defaultRateLimit, RateBudget } from "./rate-limit";
import { RestGateway } from "./rest-gateway";
import { listenOrigin, type OriginServer } from "./origin-server";
import { hostPage } from "./host-page";
import { BadRequest, jsonBodyReader, RouteTable, send } from "./http";
import { createRestApi, DEFAULT_MAX_DOCUMENT_BYTES } from "./rest";
import { EmulatorState } from "./state";
import type {
  EmulatorHandle,
  EmulatorOptions,
  FaultSettings,
  RequestLogEntry,
  ServerSettings,
} from "./types";

export type {
  EmulatorHandle,
  EmulatorOptions,
  FaultSettings,
  RequestLogEntry,
  ServerSettings,
  HostBoot,
  Contribution,
} from "./types";
export { EmulatorState } from "./state";
export {
  AREA_HOSTS,
  DEFAULT_AREA_PORTS,
  RESOURCE_AREAS,
  AREA_CORE,
  AREA_EXTENSION_MANAGEMENT,
  AREA_RELEASE,
  AREA_PACKAGING,
  AREA_AUDIT,
  type AreaHost,
  type OriginName,
} from "./areas";
export {
  APP_TOKEN_ISSUER,
  APP_TOKEN_LIFETIME_SECONDS,
  AppTokenError,
  DEV_EXTENSION_APP_ID,
  DEV_EXTENSION_KEY,
  signAppToken,
  verifyAppToken,
  type AppTokenClaims,
} from "./app-token";
export { MAX_PROJECTS_TOP, DEFAULT_PROJECTS_TOP, DEFAULT_MAX_DOCUMENT_BYTES } from "./rest";

export const repositoryRoot = resolve(__dirname, "..", "..");
export const DEFAULT_FIXTURE = join(repositoryRoot, "emulator", "fixtures", "fabrikam.json");
export const DEFAULT_PORTS = { host: 8080, extension: 8081, entra: 8443 } as const;
const NO_TENANT = "00000000-0000-0000-0000-000000000000";

export function loadFixture(
  fixture: OrganizationFixture | string | undefined,
): OrganizationFixture {
  if (fixture && typeof fixture === "object") return structuredClone(fixture);
  const path = fixture ?? DEFAULT_FIXTURE;
  return JSON.parse(readFileSync(path, "utf8")) as OrganizationFixture;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const fixture = loadFixture(options.fixture);
  const state = new EmulatorState(fixture);

  // The extension package: re-read when a newer .vsix appears, so `npm run package` needs no restart.
  let pkg: ExtensionPackage = await readExtensionPackage(
    options.vsixPath ?? (await newestVsix(join(repositoryRoot, "out"))),
  );
  let pending: Promise<ExtensionPackage> | undefined;
  const extension = async (): Promise<ExtensionPackage> => {
    pending ??= (async () => {
      const path =
        options.vsixPath ??
        (await newestVsix(join(repositoryRoot, "out")).catch(() => pkg.vsixPath));
      const mtime = await stat(path).then(
        (s) => s.mtimeMs,
        () => pkg.mtimeMs,
      );
      if (path !== pkg.vsixPath || mtime !== pkg.mtimeMs) pkg = await readExtensionPackage(path);
      return pkg;
    })().finally(() => (pending = undefined));
    return pending;
  };

  const settings: ServerSettings = {
    exposeResourceTenant:
      options.exposeResourceTenant ?? fixture.organization.exposeResourceTenant ?? true,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    rateLimit: defaultRateLimit(),
    projectsChurn: { create: 0, remove: 0 },
  };
  const faults = new FaultInjector(options.faults);
  const extensionKey = options.extensionKey ?? DEV_EXTENSION_KEY;
  const extensionAppId = options.extensionAppId ?? DEV_EXTENSION_APP_ID;
  const issueAppToken = (userId: string, lifetimeSeconds?: number): string =>
    signAppToken({
      userId,
      tenantId: state.hasTenant ? state.organization.tenantId : NO_TENANT,
      key: extensionKey,
      audience: extensionAppId,
      ...(lifetimeSeconds !== undefined ? { lifetimeSeconds } : {}),
    });
  const requestLog: RequestLogEntry[] = [];
  const budget = new RateBudget(() => settings.rateLimit);

  // One self-signed certificate for every https origin: the fake Entra, and Azure DevOps's in https mode.
  const tls = await createSelfSignedCertificate(["localhost", "127.0.0.1"]);
  // Azure DevOps's origins: HTTP/2 over TLS as dev.azure.com, or plain HTTP/1.1 (the default, so
  // Node clients need not trust the certificate; CONTRACT.md "Protocols").
  const adoProtocol = options.https ? "https-h2" : "http";
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const servers: OriginServer[] = [];
  const open = async (...args: Parameters<typeof listenOrigin>): Promise<OriginServer> => {
    const server = await listenOrigin(...args);
    servers.push(server);
    return server;
  };
  const hostOrigin = await open({
    protocol: adoProtocol,
    port: ports.host,
    hostname: "localhost",
    tls,
    onRequest: (req, res) => onHostRequest(req, res),
  });
  const extensionOrigin = await open({
    protocol: "http",
    port: ports.extension,
    hostname: "127.0.0.1",
    onRequest: (req, res) => onExtensionRequest(req, res),
  });
  const entraOrigin = await open({
    protocol: "https",
    port: ports.entra,
    hostname: "localhost",
    tls,
    onRequest: (req, res) => onEntraRequest(req, res),
  });
  // The separate hosts (extmgmt, vsrm, feeds, pkgs, auditservice): any free port when the host's is.
  const areaOrigins = {} as Record<AreaHost, string>;
  for (const h of AREA_HOSTS) {
    const wanted = options.ports?.[h] ?? (ports.host === 0 ? 0 : DEFAULT_AREA_PORTS[h]);
    areaOrigins[h] = (
      await open({
        protocol: adoProtocol,
        port: wanted,
        hostname: "localhost",
        tls,
        onRequest: (req, res) => onAreaRequest(h, req, res),
      })
    ).url;
  }
  const hostUrl = hostOrigin.url;
  const extensionUrl = extensionOrigin.url;
  const entraUrl = entraOrigin.url;
  const org = state.organization;
  const orgUrl = `${hostUrl}/${org.name}`;
  const orgUrlOf = (origin: OriginName): string =>
    `${origin === "core" ? hostUrl : areaOrigins[origin]}/${org.name}`;
  const areaUrls = Object.fromEntries(AREA_HOSTS.map((h) => [h, orgUrlOf(h)])) as Record<
    AreaHost,
    string
  >;
  // The host page itself calls the extmgmt origin (its extension data service), as on dev.azure.com.
  const corsOrigins = new Set([extensionUrl, hostUrl, ...(options.extraCorsOrigins ?? [])]);

  // Entra ------------------------------------------------------------------------------------------
  const entra: EntraAuthority = startEntraAuthority(entraUrl, fixture);
  function onEntraRequest(req: IncomingMessage, res: ServerResponse): void {
    entra.handle(req, res).catch((e: unknown) => {
      console.error(`Entra authority: ${(e as Error).stack ?? String(e)}`);
      send(res, {
        status: 500,
        body: { error: "server_error", error_description: (e as Error).message },
      });
    });
  }

  // Azure DevOps names the organization's tenant on every answer (several, comma-separated, at times).
  const resourceTenantHeader = (): string =>
    fixture.organization.resourceTenantHeader ?? (state.hasTenant ? org.tenantId : NO_TENANT);

  // Authentication -----------------------------------------------------------------------------------
  async function authenticate(req: IncomingMessage): Promise<string | null> {
    const header = basicAsBearer(req.headers.authorization ?? ""); // a PAT comes as Basic
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || faults.settings.rejectTokens) return null;
    const token = match[1] as string;
    const issued = state.tokens.get(token);
    if (issued) {
      if (issued.expiresAtEpochMs <= Date.now()) return null;
      return state.user(issued.userId) ? issued.userId : null;
    }
    return token.split(".").length === 3 ? userOfEntraToken(entra, token, state) : null;
  }

  // REST gateway: CORS, latency and faults, authentication, the request log -----------------------------
  // Each origin's routes. Another module mounts its routes on the origin that hosts its area, e.g.
  // `addReleaseRoutes(routesOf.vsrm, ...)`, one line each, below.
  const routesOf: Record<OriginName, RouteTable> = {
    core: createRestApi({ state, settings, hostUrl: () => hostUrl }),
    extmgmt: createExtensionDataApi({ state, settings }),
    vsrm: new RouteTable(),
    feeds: new RouteTable(),
    pkgs: new RouteTable(),
    auditservice: new RouteTable(),
  };
  for (const routes of Object.values(routesOf)) addResourceAreaRoutes(routes, orgUrlOf);
  mountPipelines(routesOf, state);
  mountTestPlans(routesOf, state);
  mountArtifacts(routesOf, state);
  addBoardsRoutes(routesOf.core, { state, hostUrl: () => hostUrl });
  const gateway = new RestGateway({
    state,
    settings,
    faults,
    budget,
    requestLog,
    routesOf,
    authenticate,
    corsOrigins,
    hostUrl,
    entraUrl,
  });
  const git = mountGitHosting(routesOf.core, {
    state,
    hostUrl: () => hostUrl,
    authenticate,
    faults,
  });

  // Host origin ------------------------------------------------------------------------------------
  const hostDist = join(repositoryRoot, "dist", "host");
  const control = createControlApi({
    state,
    faults,
    settings,
    requestLog,
    issueToken: (userId, lifetime) =>
      state.issueToken(userId, "access", lifetime ?? settings.tokenLifetimeSeconds),
    issueAppToken,
    naaToken: (request) => nestedAppToken(entra, state, request),
    consents: () => entra.consents,
    reset: () => reset(),
  });

  async function serveHost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", hostUrl);
    const path = url.pathname;
    const method = (req.method ?? "GET").toUpperCase();
    if (path.startsWith("/_emulator/")) {
      const found = control.find(method, path);
      if (!found || found === "method")
        return send(res, {
          status: found ? 405 : 404,
          body: { message: `No control call ${method} ${path}.` },
        });
      try {
        return send(
          res,
          await found.handler({
            req,
            url,
            params: found.params,
            body: jsonBodyReader(req, 1024 * 1024),
          }),
        );
      } catch (e) {
        return send(res, {
          status: e instanceof BadRequest ? e.status : 500,
          body: { message: (e as Error).message },
        });
      }
    }
    if (path === "/")
      return send(res, {
        status: 302,
        headers: { Location: `/${encodeURIComponent(org.name)}/_settings/backup-hub` },
      });
    if (path.startsWith("/_host/")) return serveFile(res, hostDist, path.slice("/_host/".length));
    if (path === "/favicon.ico") return send(res, { status: 204 });
    const [first, second] = path.split("/").filter((s) => s !== "");
    if (first?.toLowerCase() !== org.name.toLowerCase())
      return send(res, {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: `No organization "${first ?? ""}" here; try ${orgUrl}`,
      });
    // Azure DevOps names the organization's tenant on every answer, even unauthenticated ones.
    res.setHeader("X-VSS-ResourceTenant", resourceTenantHeader());
    if (second?.toLowerCase() === "_apis")
      return gateway.serve(req, res, url, path.slice(first.length + 1), "core");
    if (await git.serve(req, res, url)) return; // /{org}/{project}/_git/{repo}: emulator/git
    if (/^\/[^/]+\/[^/]+(\/[^/]+)?\/_apis\//i.test(path))
      return gateway.serve(req, res, url, path.slice(first.length + 1), "core"); // project or team REST
    if (method !== "GET" && method !== "HEAD")
      return send(res, { status: 405, body: { message: "Host pages answer GET only." } });
    return send(
      res,
      await hostPage(
        {
          state,
          hostUrl,
          extensionUrl,
          entraUrl,
          extension,
          resourceAreas: resourceAreaLocations(orgUrlOf),
          areaOrigins: Object.values(areaOrigins),
        },
        url,
      ),
    );
  }

  /** A separate host (extmgmt.dev.azure.com and the like): `/{org}/_apis/...` of its areas only. */
  async function serveArea(
    name: AreaHost,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? "/", areaOrigins[name]);
    const [first, second, third] = url.pathname.split("/").filter((s) => s !== "");
    // Organization- and project-level: vsrm/{org}/{project}/_apis/release, pkgs/{org}/{project}/_packaging/…
    const rest = /^_(apis|packaging)$/i;
    if (
      first?.toLowerCase() !== org.name.toLowerCase() ||
      !(rest.test(second ?? "") || rest.test(third ?? ""))
    )
      return send(res, {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: `The ${name} host serves only ${areaUrls[name]}/_apis/...`,
      });
    res.setHeader("X-VSS-ResourceTenant", resourceTenantHeader());
    return gateway.serve(req, res, url, url.pathname.slice(first.length + 1), name);
  }

  async function serveFile(res: ServerResponse, root: string, relative: string): Promise<void> {
    const target = normalize(join(root, relative));
    if (!target.startsWith(root + sep)) return send(res, { status: 404 });
    try {
      const content = await readFile(target);
      send(res, {
        status: 200,
        headers: {
          "Content-Type": contentTypeOf(target),
          "Cache-Control": "no-cache",
          "X-Content-Type-Options": "nosniff",
        },
        body: content,
      });
    } catch {
      const hint =
        relative === "host.js" ? " The host page is not built: run `npm run build`." : "";
      send(res, {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: `Not found: /_host/${relative}.${hint}`,
      });
    }
  }

  function onHostRequest(req: IncomingMessage, res: ServerResponse): void {
    serveHost(req, res).catch((e: unknown) => {
      console.error(`Host origin: ${(e as Error).stack ?? String(e)}`);
      send(res, {
        status: 500,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: (e as Error).message,
      });
    });
  }

  function onAreaRequest(name: AreaHost, req: IncomingMessage, res: ServerResponse): void {
    serveArea(name, req, res).catch((e: unknown) => {
      console.error(`${name} origin: ${(e as Error).stack ?? String(e)}`);
      send(res, { status: 500, body: { message: (e as Error).message } });
    });
  }

  // Extension origin -------------------------------------------------------------------------------
  function onExtensionRequest(req: IncomingMessage, res: ServerResponse): void {
    (async () => {
      const url = new URL(req.url ?? "/", extensionUrl);
      const m = /^\/_ext\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
      const current = await extension();
      if (
        !m ||
        m[1] !== current.publisherId ||
        m[2] !== current.extensionId ||
        m[3] !== current.version
      ) {
        return send(res, {
          status: 404,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
          body: `Not in the packaged extension ${current.publisherId}.${current.extensionId} ${current.version}: ${url.pathname}`,
        });
      }
      const packagePath = decodeURIComponent(m[4] as string);
      const content = current.files.get(packagePath);
      if (!content)
        return send(res, {
          status: 404,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
          body: `The packaged extension has no file ${packagePath}.`,
        });
      send(res, {
        status: 200,
        headers: {
          "Content-Type": contentTypeOf(packagePath),
          "Cache-Control": "no-cache",
          "X-Content-Type-Options": "nosniff",
          "Access-Control-Allow-Origin": "*",
        },
        body: content,
      });
    })().catch((e: unknown) =>
      send(res, {
        status: 500,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: (e as Error).message,
      }),
    );
  }

  function reset(): void {
    state.reset();
    entra.reset();
    faults.replace({ seed: faults.settings.seed });
    settings.projectsChurn = { create: 0, remove: 0 };
    requestLog.length = 0;
    budget.clear();
    settings.rateLimit = defaultRateLimit();
  }

  return {
    hostUrl,
    extensionUrl,
    entraUrl,
    entraCertificate: tls.cert,
    certificate: tls.cert,
    organization: org,
    orgUrl,
    areaUrls,
    routesOf,
    faults: faults.settings,
    setFaults: (f: Partial<FaultSettings>) => faults.update(f),
    settings,
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0;
    },
    setCurrentUser: (userId: string) => {
      if (!state.user(userId)) throw new Error(`No user ${userId} in the fixture.`);
      state.currentUserId = userId;
    },
    issueToken: (userId?: string, lifetimeSeconds?: number) =>
      state.issueToken(
        userId ?? state.currentUserId,
        "access",
        lifetimeSeconds ?? settings.tokenLifetimeSeconds,
      ),
    issueAppToken: (userId?: string, lifetimeSeconds?: number) =>
      issueAppToken(userId ?? state.currentUserId, lifetimeSeconds),
    extensionKey,
    extensionAppId,
    revokeTokens: () => state.revokeTokens(),
    reset,
    users: state.users,
    state,
    entra,
    stop: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
