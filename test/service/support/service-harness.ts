// Starts the backup service against the real emulated organization (its REST API answers
// connectionData and the PCA permission; its app tokens are HS256 JWTs) and a real store:
// SQLite in memory, or a PostgreSQL database of its own per test file.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import type { FastifyInstance } from "fastify";
import { SERVICE_APP } from "../../../src/core/app-profile";
import { AZURE_DEVOPS_TOKEN_HEADER } from "../../../src/core/service-api";
import { startEmulator } from "../../../emulator/server";
import type { EmulatorHandle } from "../../../emulator/server/types";
import { type RunningService, startService } from "../../../service/app";
import type { ServiceConfig } from "../../../service/config";

export const PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export type StoreKind = "sqlite" | "postgres";
export const STORES: StoreKind[] = ["sqlite", "postgres"];

/** A database of this test file's own; dropped by `drop()`. */
export async function createPgDatabase(
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `svc_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function serviceConfig(
  emulator: EmulatorHandle,
  store: string,
  overrides: Partial<ServiceConfig> = {},
): ServiceConfig {
  return {
    listen: { host: "127.0.0.1", port: 0 },
    publicUrl: "http://127.0.0.1:0",
    azureDevOpsUrl: emulator.hostUrl,
    entraAuthority: emulator.entraUrl,
    appClientId: SERVICE_APP.clientId,
    appClientSecret: "test-secret",
    extensionId: "ado-backup.backup-enablement",
    extensionKey: emulator.extensionKey,
    extensionAppId: emulator.extensionAppId,
    store,
    encryptionKey: randomBytes(32),
    allowedOrigins: [emulator.extensionUrl],
    rateLimit: { max: 1000, windowMs: 60_000 },
    bodyLimit: 2 * 1024 * 1024,
    logLevel: "warn",
    ...overrides,
  };
}

export interface Harness {
  emulator: EmulatorHandle;
  service: RunningService;
  app: FastifyInstance;
  organization: string;
  config: ServiceConfig;
  users: { pca: string; pca2: string; member: string };
  /** Headers of a real caller: their app token and their Azure DevOps token. */
  headersOf(userId: string): Record<string, string>;
  url(path: string): string;
  /** A real HTTP request to the running service. */
  inject(request: InjectRequest): Promise<InjectResponse>;
  /** A second instance of the service on the same store (as several processes in production). */
  anotherInstance(): Promise<{
    url: string;
    inject(request: InjectRequest): Promise<InjectResponse>;
  }>;
  stop(): Promise<void>;
}

export interface InjectRequest {
  method: "GET" | "POST" | "PUT" | "OPTIONS";
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless a string (sent as it is). */
  payload?: unknown;
}

export interface InjectResponse {
  statusCode: number;
  headers: Headers;
  body: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any shape
}

export async function send(baseUrl: string, r: InjectRequest): Promise<InjectResponse> {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let body: string | undefined;
  if (r.payload !== undefined) {
    body = typeof r.payload === "string" ? r.payload : JSON.stringify(r.payload);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${baseUrl}${r.url}`, {
    method: r.method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { statusCode: res.status, headers: res.headers, body: text, json: () => JSON.parse(text) };
}

export async function startHarness(
  kind: StoreKind,
  label: string,
  overrides: Partial<ServiceConfig> = {},
): Promise<Harness> {
  const emulator = await startEmulator({ ports: { host: 0, extension: 0, entra: 0 }, quiet: true });
  const pgDb = kind === "postgres" ? await createPgDatabase(label) : undefined;
  const store = pgDb?.url ?? "sqlite::memory:";
  const config = serviceConfig(emulator, store, overrides);
  const service = await startService(config, { logger: false });
  const others: RunningService[] = [];
  const byRole = (admin: boolean) =>
    emulator.users
      .filter((u) => u.roles.includes("ProjectCollectionAdministrator") === admin)
      .map((u) => u.id);
  const [pca, pca2] = byRole(true) as [string, string];
  const [member] = byRole(false) as [string];
  const organization = emulator.organization.name;
  return {
    emulator,
    service,
    app: service.app,
    organization,
    config,
    users: { pca, pca2, member },
    headersOf: (userId) => ({
      authorization: `Bearer ${emulator.issueAppToken(userId)}`,
      [AZURE_DEVOPS_TOKEN_HEADER.toLowerCase()]: emulator.issueToken(userId),
    }),
    url: (path) => `/api/v1/organizations/${organization}${path}`,
    inject: (request) => send(service.url, request),
    async anotherInstance() {
      const other = await startService(config, { logger: false });
      others.push(other);
      return { url: other.url, inject: (request) => send(other.url, request) };
    },
    async stop() {
      for (const other of others) await other.stop();
      await service.stop();
      await emulator.stop();
      await pgDb?.drop();
    },
  };
}

export const newOpId = (): string => randomUUID();
