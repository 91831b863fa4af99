// startEmulator(): the emulated Azure DevOps organization on its local origins (CONTRACT.md):
// host pages + REST + control API, the separate hosts of some areas (extmgmt, vsrm, …), the
// packaged extension's files, and the fake Entra authority. Each origin's module takes the one
// EmulatorContext (emulator-context.ts); this file builds it, mounts every area's routes and
// hands each origin its requests.
import { readFileSync } from "node:fs";
import type { OrganizationFixture } from "../fixtures/types";
import { addBoardsRoutes } from "../boards";
import { mountPipelines } from "../pipelines";
import { mountTestPlans } from "../test-plans";
import { mountArtifacts } from "../artifacts";
import { createSelfSignedCertificate } from "../entra";
import { DEV_EXTENSION_APP_ID, DEV_EXTENSION_KEY } from "./app-token";
import { AREA_HOSTS, addResourceAreaRoutes, type OriginName } from "./areas";
import { orgUrlOf, type EmulatorContext } from "./emulator-context";
import { emulatorHandle } from "./emulator-handle";
import { closeAll, listenEmulatorOrigins, urlsOf } from "./emulator-origins";
import { startEntraAuthority } from "./entra-seam";
import { createExtensionDataApi } from "./extension-data";
import { extensionOriginHandler } from "./extension-origin";
import { FaultInjector } from "./faults";
import { hostOriginParts, serveArea, serveHost } from "./host-origin";
import { RouteTable } from "./http";
import { handlerOf } from "./origin-server";
import { PackagedExtension } from "./packaged-extension";
import { defaultRateLimit, RateBudget } from "./rate-limit";
import { DEFAULT_FIXTURE } from "./repository-paths";
import { createRestApi, DEFAULT_MAX_DOCUMENT_BYTES } from "./rest";
import { EmulatorState } from "./state";
import type { EmulatorHandle, EmulatorOptions, RequestLogEntry, ServerSettings } from "./types";

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
export { repositoryRoot, DEFAULT_FIXTURE } from "./repository-paths";
export { DEFAULT_PORTS } from "./emulator-origins";

export function loadFixture(
  fixture: OrganizationFixture | string | undefined,
): OrganizationFixture {
  if (fixture && typeof fixture === "object") return structuredClone(fixture);
  const path = fixture ?? DEFAULT_FIXTURE;
  return JSON.parse(readFileSync(path, "utf8")) as OrganizationFixture;
}

function serverSettings(options: EmulatorOptions, fixture: OrganizationFixture): ServerSettings {
  return {
    exposeResourceTenant:
      options.exposeResourceTenant ?? fixture.organization.exposeResourceTenant ?? true,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    rateLimit: defaultRateLimit(),
    projectsChurn: { create: 0, remove: 0 },
  };
}

/**
 * Each origin's REST routes. Another module mounts its routes on the origin that hosts its area,
 * e.g. `addReleaseRoutes(routesOf.vsrm, ...)`, one line each, below.
 */
function restRoutesOf(ctx: EmulatorContext): Record<OriginName, RouteTable> {
  const { state, settings } = ctx;
  const hostUrl = (): string => ctx.origins.hostUrl;
  const routesOf: Record<OriginName, RouteTable> = {
    core: createRestApi({ state, settings, hostUrl }),
    extmgmt: createExtensionDataApi({ state, settings }),
    vsrm: new RouteTable(),
    feeds: new RouteTable(),
    pkgs: new RouteTable(),
    auditservice: new RouteTable(),
  };
  for (const routes of Object.values(routesOf))
    addResourceAreaRoutes(routes, (origin) => orgUrlOf(ctx, origin));
  mountPipelines(routesOf, state);
  mountTestPlans(routesOf, state);
  mountArtifacts(routesOf, state, (origin) => orgUrlOf(ctx, origin));
  addBoardsRoutes(routesOf.core, { state, hostUrl });
  return routesOf;
}

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const fixture = loadFixture(options.fixture);
  const extension = await PackagedExtension.open(options.vsixPath);
  // One self-signed certificate for every https origin: the fake Entra, and Azure DevOps's in https mode.
  const tls = await createSelfSignedCertificate(["localhost", "127.0.0.1"]);
  const listening = await listenEmulatorOrigins(options, tls);
  const origins = urlsOf(listening);
  const settings = serverSettings(options, fixture);
  const ctx: EmulatorContext = {
    fixture,
    state: new EmulatorState(fixture),
    settings,
    faults: new FaultInjector(options.faults),
    budget: new RateBudget(() => settings.rateLimit),
    requestLog: [] as RequestLogEntry[],
    entra: startEntraAuthority(origins.entraUrl, fixture),
    extension,
    origins,
    appTokens: {
      key: options.extensionKey ?? DEV_EXTENSION_KEY,
      appId: options.extensionAppId ?? DEV_EXTENSION_APP_ID,
    },
    // The host page itself calls the extmgmt origin (its extension data service), as on dev.azure.com.
    corsOrigins: new Set([
      origins.extensionUrl,
      origins.hostUrl,
      ...(options.extraCorsOrigins ?? []),
    ]),
  };
  const routesOf = restRoutesOf(ctx);
  const parts = hostOriginParts(ctx, routesOf);

  listening.entra.serve(
    handlerOf(
      "Entra authority",
      (req, res) => ctx.entra.handle(req, res),
      (e) => ({ status: 500, body: { error: "server_error", error_description: e.message } }),
    ),
  );
  listening.host.serve(
    handlerOf(
      "Host origin",
      (req, res) => serveHost(ctx, parts, req, res),
      (e) => ({ status: 500, headers: TEXT, body: e.message }),
    ),
  );
  for (const name of AREA_HOSTS)
    listening.areas[name].serve(
      handlerOf(
        `${name} origin`,
        (req, res) => serveArea(ctx, parts.gateway, name, req, res),
        (e) => ({ status: 500, body: { message: e.message } }),
      ),
    );
  listening.extension.serve(extensionOriginHandler(extension, origins.extensionUrl));

  return emulatorHandle(ctx, {
    routesOf,
    certificate: tls.cert,
    stop: () => closeAll(listening),
  });
}
