// The backup service as `npm start` and every e2e test run it (docs/emulator.md): service/app.ts's
// startService on an in-memory store, configured against the emulated organization (its Azure
// DevOps base, its fake Entra authority and certificate, the extension's key, and the service
// app's client id and secret as the fixture defines them). One function for both, so the local
// wiring cannot drift.
//
// Port: the one the extension was built for (dist/service-url.json, written by webpack; default
// 8090). The URL is fixed in the bundles and their CSP (docs/decisions.md#service-url-fixed-at-packaging), so the service must be where
// the build says; e2e runs in band, so one test file at a time holds the port.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVICE_APP } from "../src/core/app-profile";
import { startService, type RunningService } from "../service/app";
import type { ServiceConfig } from "../service/config";
import type { FixtureEntraApp, OrganizationFixture } from "./fixtures/types";
import { DEFAULT_FIXTURE, type EmulatorHandle } from "./server";
import { fetchTrusting } from "./server/trusting-fetch";

const root = join(__dirname, "..");
/** The emulated service app's secret: a fixed development value, never a real one. */
export const LOCAL_SERVICE_APP_SECRET = "emulator-local-service-app-secret-not-a-secret";
export const DEFAULT_LOCAL_SERVICE_URL = "http://127.0.0.1:8090";
const EXTENSION_ID = "ado-backup.backup-enablement";

/** The service URL the packaged extension was built for. */
export function builtServiceUrl(): string {
  const marker = join(root, "dist", "service-url.json");
  if (!existsSync(marker)) return DEFAULT_LOCAL_SERVICE_URL;
  const { serviceUrl } = JSON.parse(readFileSync(marker, "utf8")) as { serviceUrl?: string };
  return serviceUrl ?? DEFAULT_LOCAL_SERVICE_URL;
}

/**
 * The fixture with the service app as a confidential client (its secret, and Graph's
 * Application.Read.All for the consent check), unless the fixture already says so.
 */
export function withServiceApp(
  fixture: OrganizationFixture | string = DEFAULT_FIXTURE,
): OrganizationFixture {
  const f: OrganizationFixture =
    typeof fixture === "string"
      ? (JSON.parse(readFileSync(fixture, "utf8")) as OrganizationFixture)
      : structuredClone(fixture);
  const apps: ConfidentialApp[] = f.entraApps ?? [
    { clientId: SERVICE_APP.clientId, displayName: SERVICE_APP.displayName },
  ];
  f.entraApps = apps.map((a) =>
    a.clientId === SERVICE_APP.clientId
      ? {
          ...a,
          clientSecret: a.clientSecret ?? LOCAL_SERVICE_APP_SECRET,
          applicationPermissions: a.applicationPermissions ?? ["Application.Read.All"],
        }
      : a,
  );
  return f;
}

/** The fake Entra reads these beside a fixture's app (emulator/entra/directory.ts EntraApp). */
type ConfidentialApp = FixtureEntraApp & {
  clientSecret?: string;
  applicationPermissions?: string[];
};

export interface LocalServiceOptions {
  /** Default: the built URL's port. 0: any free port. */
  port?: number;
  /** Origins besides the emulated extension's that may call it (e.g. a browser extension). */
  allowedOrigins?: string[];
  quiet?: boolean;
  /** The service app's secret as the fixture defines it (default: withServiceApp's). */
  appClientSecret?: string;
}

function configFor(
  emulator: EmulatorHandle,
  port: number,
  options: LocalServiceOptions,
  store: string,
): ServiceConfig {
  return {
    listen: { host: "127.0.0.1", port },
    publicUrl: `http://127.0.0.1:${port}`,
    azureDevOpsUrl: emulator.hostUrl,
    entraAuthority: emulator.entraUrl,
    entraCaCertificate: emulator.entraCertificate,
    appClientId: SERVICE_APP.clientId,
    appClientSecret: options.appClientSecret ?? LOCAL_SERVICE_APP_SECRET,
    extensionId: EXTENSION_ID,
    extensionKey: emulator.extensionKey,
    extensionAppId: emulator.extensionAppId,
    store,
    encryptionKey: randomBytes(32),
    allowedOrigins: [emulator.extensionUrl, ...(options.allowedOrigins ?? [])],
    // A select-all of a 10,000-project organization is one request of a few MB.
    rateLimit: { max: 10_000, windowMs: 60_000 },
    bodyLimit: 16 * 1024 * 1024,
    logLevel: "warn",
  };
}

/** Starts the service for an emulated organization; it listens until stop(). */
export async function startLocalService(
  emulator: EmulatorHandle,
  options: LocalServiceOptions = {},
): Promise<RunningService> {
  const port = options.port ?? Number(new URL(builtServiceUrl()).port || 80);
  // The embedded store, in a file of its own (one database whatever connection the service
  // opens), removed on stop: nothing outlives the run, and each start is a fresh organization.
  const dir = mkdtempSync(join(tmpdir(), "backup-service-"));
  const forget = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const running = await startService(
      {
        ...configFor(emulator, port, options, `sqlite:${join(dir, "service.db")}`),
        // Backup runs write beside the store, so they go with it on stop.
        backups: {
          destination: join(dir, "backups"),
          workDir: join(dir, "mirrors"),
          queue: join(dir, "backup-jobs.db"),
        },
      },
      {
        ...(options.quiet ? { logger: false } : {}),
        // Azure DevOps's origins in https mode: trust the emulator's self-signed certificate.
        ...(emulator.hostUrl.startsWith("https:")
          ? { fetch: fetchTrusting(emulator.certificate) }
          : {}),
      },
    );
    return {
      ...running,
      stop: async () => {
        await running.stop();
        forget();
      },
    };
  } catch (e) {
    forget();
    throw e;
  }
}
