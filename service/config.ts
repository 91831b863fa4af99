// The service's configuration, from environment variables, checked once at start with messages
// that name the variable and what it must look like. Secrets (EXTENSION_KEY, the app's client
// secret, the encryption key) come only from here, never from code.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { isGuid } from "../src/core/guid";
import { type BackupRunsConfig, backupRunsConfigFromEnv } from "./runs/runs-config";

export interface ServiceConfig {
  listen: { host: string; port: number };
  /** Where browsers reach the service (redirect URIs of the landing pages), without a trailing /. */
  publicUrl: string;
  /** Azure DevOps base without a trailing /: an organization's URL is `${azureDevOpsUrl}/${org}`. */
  azureDevOpsUrl: string;
  /** Entra authority (https), e.g. https://login.microsoftonline.com, without a trailing /. */
  entraAuthority: string;
  /**
   * Extra CA certificate (PEM) trusted for the Entra authority only: the emulator's fake
   * authority serves a self-signed certificate. Absent in production.
   */
  entraCaCertificate?: string;
  appClientId: string;
  appClientSecret: string;
  /** publisher.extension */
  extensionId: string;
  /** The extension's certificate: the HS256 secret of its app tokens. */
  extensionKey: string;
  /** The extension's GUID, the `aud` of its app tokens (not the publisher.extension name). */
  extensionAppId: string;
  /** sqlite:/path.db, sqlite::memory: or postgres://… */
  store: string;
  /** 32 bytes, for the refresh tokens identity keeps. */
  encryptionKey: Buffer;
  allowedOrigins: string[];
  rateLimit: { max: number; windowMs: number };
  /** Largest request body in bytes; larger is answered 413. */
  bodyLimit: number;
  logLevel: string;
  /** Backup runs: destination, kept mirrors, job queue, scheduler (service/runs/runs-config.ts). */
  backups?: Partial<BackupRunsConfig>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The service's configuration is not valid:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
  }
}

export const DEFAULT_STORE = "sqlite:.data/service.db";
const EXTENSION_ID = /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/i;

type Env = Record<string, string | undefined>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  optional(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v ? v : undefined;
  }

  required(name: string, what: string): string {
    const v = this.optional(name);
    if (v === undefined) this.problems.push(`${name} is missing: ${what}`);
    return v ?? "";
  }

  url(name: string, what: string, opts: { https?: boolean; fallback?: string } = {}): string {
    const v =
      opts.fallback === undefined
        ? this.required(name, what)
        : (this.optional(name) ?? opts.fallback);
    if (!v) return "";
    try {
      const u = new URL(v);
      if (opts.https && u.protocol !== "https:")
        this.problems.push(`${name} must be an https URL (got ${v})`);
      else if (u.protocol !== "https:" && u.protocol !== "http:")
        this.problems.push(`${name} must be an http(s) URL (got ${v})`);
    } catch {
      this.problems.push(`${name} is not a URL: ${what} (got ${v})`);
    }
    return v.replace(/\/+$/, "");
  }
}

function parseListen(r: EnvReader): { host: string; port: number } {
  const v = r.optional("SERVICE_LISTEN") ?? "127.0.0.1:8787";
  const m = /^(.+):(\d{1,5})$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    r.problems.push(`SERVICE_LISTEN must be host:port, e.g. 127.0.0.1:8787 (got ${v})`);
    return { host: "127.0.0.1", port: 0 };
  }
  return { host: (m[1] as string).replace(/^\[|\]$/g, ""), port };
}

function parseEncryptionKey(r: EnvReader): Buffer {
  const v = r.required(
    "SERVICE_ENCRYPTION_KEY",
    "32 random bytes in base64 (openssl rand -base64 32)",
  );
  const key = Buffer.from(v, "base64");
  if (v && key.length !== 32)
    r.problems.push(
      `SERVICE_ENCRYPTION_KEY must be 32 bytes in base64 (it decodes to ${key.length})`,
    );
  return key;
}

function parseGuid(r: EnvReader, name: string, what: string): string {
  const v = r.required(name, what);
  if (v && !isGuid(v)) r.problems.push(`${name} must be a GUID: ${what} (got ${v})`);
  return v.toLowerCase();
}

function parsePositive(r: EnvReader, name: string, fallback: number): number {
  const v = r.optional(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    r.problems.push(`${name} must be a positive whole number (got ${v})`);
  return n;
}

function readCa(r: EnvReader): string | undefined {
  const file = r.optional("ENTRA_CA_FILE");
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    r.problems.push(`ENTRA_CA_FILE cannot be read: ${(e as Error).message}`);
    return undefined;
  }
}

/** Reads and checks every variable; throws one ConfigError that lists every problem. */
export function configFromEnv(env: Env = process.env): ServiceConfig {
  const r = new EnvReader(env);
  const listen = parseListen(r);
  const extensionId = r.required("EXTENSION_ID", "the extension's publisher.extension id");
  if (extensionId && !EXTENSION_ID.test(extensionId))
    r.problems.push(`EXTENSION_ID must be publisher.extension (got ${extensionId})`);
  const store = r.optional("SERVICE_STORE") ?? DEFAULT_STORE;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(store))
    r.problems.push(
      `SERVICE_STORE must be sqlite:/path.db, sqlite::memory: or postgres://… (got ${store.split(":")[0]}:…)`,
    );
  const config: ServiceConfig = {
    listen,
    publicUrl: r.url("SERVICE_PUBLIC_URL", "where browsers reach the service", {
      fallback: `http://${listen.host}:${listen.port}`,
    }),
    azureDevOpsUrl: r.url("AZURE_DEVOPS_URL", "the Azure DevOps base, e.g. https://dev.azure.com"),
    entraAuthority: r.url("ENTRA_AUTHORITY", "e.g. https://login.microsoftonline.com", {
      https: true,
    }),
    entraCaCertificate: readCa(r),
    appClientId: r.required("SERVICE_APP_CLIENT_ID", "the service app's Entra client id"),
    appClientSecret: r.required("SERVICE_APP_CLIENT_SECRET", "the service app's client secret"),
    extensionId,
    extensionKey: r.required(
      "EXTENSION_KEY",
      "the extension's certificate (app token signing key)",
    ),
    extensionAppId: parseGuid(
      r,
      "EXTENSION_APP_ID",
      "the extension's GUID: the aud of its app tokens",
    ),
    store,
    encryptionKey: parseEncryptionKey(r),
    allowedOrigins: (r.optional("SERVICE_ALLOWED_ORIGINS") ?? "")
      .split(",")
      .map((o) => o.trim().replace(/\/+$/, ""))
      .filter(Boolean),
    rateLimit: {
      max: parsePositive(r, "SERVICE_RATE_LIMIT_MAX", 300),
      windowMs: parsePositive(r, "SERVICE_RATE_LIMIT_WINDOW_MS", 60_000),
    },
    bodyLimit: parsePositive(r, "SERVICE_BODY_LIMIT", 2 * 1024 * 1024),
    logLevel: r.optional("SERVICE_LOG_LEVEL") ?? "info",
    backups: backupRunsConfigFromEnv(env, r.problems),
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/**
 * The configuration of a service run next to the local emulated organization (npm start, tests):
 * the emulator's addresses and development key, an in-process encryption key (connections made
 * locally do not outlive the process) and an embedded store. Never for production.
 */
export function localServiceConfig(local: {
  azureDevOpsUrl: string;
  entraAuthority: string;
  entraCaCertificate: string;
  extensionKey: string;
  extensionAppId: string;
  appClientId: string;
  allowedOrigins: string[];
  listen?: { host: string; port: number };
  store?: string;
  /** publisher.extension; default the packaged manifest's ado-backup.backup-enablement. */
  extensionId?: string;
}): ServiceConfig {
  const listen = local.listen ?? { host: "127.0.0.1", port: 8787 };
  return {
    listen,
    publicUrl: `http://${listen.host}:${listen.port}`,
    azureDevOpsUrl: local.azureDevOpsUrl.replace(/\/+$/, ""),
    entraAuthority: local.entraAuthority.replace(/\/+$/, ""),
    entraCaCertificate: local.entraCaCertificate,
    appClientId: local.appClientId,
    appClientSecret: "local-emulator-client-secret",
    extensionId: local.extensionId ?? "ado-backup.backup-enablement",
    extensionKey: local.extensionKey,
    extensionAppId: local.extensionAppId,
    store: local.store ?? DEFAULT_STORE,
    encryptionKey: randomBytes(32),
    allowedOrigins: local.allowedOrigins,
    rateLimit: { max: 300, windowMs: 60_000 },
    bodyLimit: 2 * 1024 * 1024,
    logLevel: "warn",
  };
}
