// The backup service's HTTP app (docs/architecture.md#backup-service): the one authority per organization for the
// backup scope, the app profile and the history, plus identity's connection and consent routes
// and landing pages. Every /api/** request is authenticated (authentication.ts), every write is
// checked with Azure DevOps to come from a PCA, and every error is a ServiceErrorBody.
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance } from "fastify";
import { SERVICE_PUBLIC_PATHS } from "../src/core/service-api";
import type { ServiceConfig } from "./config";
import {
  type AzureDevOpsClient,
  AzureDevOpsError,
  createAzureDevOpsClient,
} from "./azure-devops/client";
import { createAuthenticator } from "./http/authentication";
import { createCollectionAdminCheck } from "./http/authorization";
import { registerCors } from "./http/cors";
import { type EntraTokenVerifier, createEntraTokenVerifier } from "./http/entra-keys";
import { ServiceError, registerErrorHandling } from "./http/errors";
import { collectRoutes } from "./http/openapi";
import { routeSchema } from "./http/schemas";
import { API_PREFIX, registerAuthentication } from "./http/request-context";
import { type Identity, createIdentity } from "./identity";
import { importExtensionDataOnce } from "./import/extension-data-import";
import type { ServiceContext } from "./routes/context";
import { registerAppProfileRoute } from "./routes/app-profile-route";
import { registerHistoryRoute } from "./routes/history-route";
import { registerScopeRoute } from "./routes/scope-route";
import { registerStateRoute } from "./routes/state-route";
import { type Database, openDatabase } from "./store/database";
import { migrate } from "./store/migrate";
import { registerBackupRuns } from "./runs";

export interface ServiceDeps {
  /** Default: openDatabase(config.store), migrated. Closed by the app when it opened it. */
  db?: Database;
  azureDevOps?: AzureDevOpsClient;
  entra?: EntraTokenVerifier;
  identity?: Identity;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Default: the config's level; tests pass false. */
  logger?: boolean;
  /** Where log lines go (default stdout); tests read them to check no token is ever written. */
  logStream?: NodeJS.WritableStream;
}

const REDACTED = ["req.headers.authorization", 'req.headers["x-azure-devops-token"]'];

async function registerRateLimit(app: FastifyInstance, config: ServiceConfig): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    // After authentication: the budget is per verified caller, not per address.
    hook: "preHandler",
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    allowList: (request) => !request.url.startsWith(API_PREFIX),
    keyGenerator: (request) =>
      request.caller ? `${request.caller.organization}\n${request.caller.actor.id}` : request.ip,
    errorResponseBuilder: (_request, context) =>
      new ServiceError(429, "rateLimited", `Too many requests; try again in ${context.after}.`),
  });
}

function registerPublicRoutes(
  app: FastifyInstance,
  config: ServiceConfig,
  openApi: ReturnType<typeof collectRoutes>,
): void {
  app.get(SERVICE_PUBLIC_PATHS.health, { schema: routeSchema("Liveness") }, async () => ({
    status: "ok",
  }));
  app.get(
    SERVICE_PUBLIC_PATHS.openApi,
    { schema: routeSchema("This document"), config: { openApi: false } },
    async () => openApi.document(config.publicUrl),
  );
}

/** The service as a Fastify app (not listening). */
export async function buildService(
  config: ServiceConfig,
  deps: ServiceDeps = {},
): Promise<FastifyInstance> {
  const ownDb = !deps.db;
  const db = deps.db ?? (await openDatabase(config.store));
  await migrate(db);
  const azureDevOps =
    deps.azureDevOps ?? createAzureDevOpsClient(config.azureDevOpsUrl, deps.fetch);
  const entra =
    deps.entra ??
    createEntraTokenVerifier({
      authority: config.entraAuthority,
      clientId: config.appClientId,
      ...(config.entraCaCertificate ? { caCertificate: config.entraCaCertificate } : {}),
    });
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: REDACTED,
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    bodyLimit: config.bodyLimit,
    // Unknown fields are refused, never stripped silently; nothing is coerced into a type.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  const openApi = collectRoutes(app);
  registerErrorHandling(app);
  registerCors(app, config.allowedOrigins);
  const collectionAdmins = createCollectionAdminCheck(azureDevOps);
  registerAuthentication(
    app,
    createAuthenticator({
      extensionKey: config.extensionKey,
      extensionAppId: config.extensionAppId,
      azureDevOps,
      entra,
      collectionAdmins,
    }),
    collectionAdmins,
  );
  await registerRateLimit(app, config);

  const identity =
    deps.identity ??
    createIdentity({
      db,
      config,
      now,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  const ctx: ServiceContext = {
    db,
    config,
    identity,
    now,
    importOnce: async (caller) => {
      try {
        await importExtensionDataOnce(
          { db, azureDevOps, extensionId: config.extensionId, now },
          caller,
        );
      } catch (e) {
        // Extension data unreachable: the service's own state is still served; the next PCA
        // request tries the import again.
        if (!(e instanceof AzureDevOpsError)) throw e;
        app.log.warn(`Import of ${caller.organization}'s extension data postponed: ${e.message}`);
      }
    },
  };
  registerPublicRoutes(app, config, openApi);
  registerStateRoute(app, ctx);
  registerScopeRoute(app, ctx);
  registerHistoryRoute(app, ctx);
  registerAppProfileRoute(app, ctx);
  registerBackupRuns(app, ctx);
  await identity.register(app);
  if (ownDb) app.addHook("onClose", async () => db.close());
  return app;
}

export interface RunningService {
  url: string;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** Builds and listens on config.listen (port 0: any free port). */
export async function startService(
  config: ServiceConfig,
  deps: ServiceDeps = {},
): Promise<RunningService> {
  const app = await buildService(config, deps);
  await app.listen({ host: config.listen.host, port: config.listen.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.listen.port;
  const host = config.listen.host.includes(":") ? `[${config.listen.host}]` : config.listen.host;
  return { url: `http://${host}:${port}`, app, stop: () => app.close() };
}
