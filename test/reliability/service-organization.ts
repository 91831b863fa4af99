// An emulated organization with the backup service in front of it, for the reliability suite:
// the REST emulator (with its own faults on the Azure DevOps calls the service makes), a
// PostgreSQL database of this run's own, and several instances of the service sharing it (as
// several processes in production). Admins hold the product's own client (BackupServiceClient).
// The checker's reads go over plain HTTP, not through the client they check.
import "./node-globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeZip } from "../../emulator/artifacts/zip";
import { generateOrganization } from "../../emulator/fixtures/generate";
import type { FixtureUser, OrganizationFixture } from "../../emulator/fixtures/types";
import {
  startEmulator,
  type EmulatorHandle,
  type FaultSettings,
  type RequestLogEntry,
} from "../../emulator/server";
import { OrganizationService } from "../../src/ado/organization";
import { AdoTransport } from "../../src/ado/transport";
import type { Actor, ProjectRef } from "../../src/core/scope";
import {
  AZURE_DEVOPS_TOKEN_HEADER,
  type HistoryPage,
  type HistoryRecordWire,
  type OrganizationStateWire,
  SERVICE_API_VERSION,
  SERVICE_PATHS,
} from "../../src/core/service-api";
import type { TransportEvent } from "../../src/ado/transport";
import { BackupServiceClient } from "../../src/service/backup-service";
import { type RunningService, startService } from "../../service/app";
import { createPgDatabase, serviceConfig } from "../service/support/service-harness";

/** The extension the stand-in package names (as the product's manifest does). */
export const STAND_IN_EXTENSION = {
  publisherId: "ado-backup",
  extensionId: "backup-enablement",
} as const;

export interface ServiceOrganization {
  emulator: EmulatorHandle;
  fixture: OrganizationFixture;
  organization: string;
  administrators: FixtureUser[];
  /** The base URL of each running instance of the service. */
  instances: string[];
  /** What the service stores now, read as a PCA over plain HTTP. */
  readState(): Promise<OrganizationStateWire>;
  /** Every history record, newest first, following the service's pages. */
  readHistory(): Promise<HistoryRecordWire[]>;
  /** The projects Azure DevOps lists now, through the product's own adapter. */
  listProjects(userId: string): Promise<ProjectRef[]>;
  stop(): Promise<void>;
}

export interface ServiceOrganizationOptions {
  projects: number;
  seed: number;
  /** Instances of the service on the one database. */
  instances: number;
  /** Faults of the emulator, i.e. on the Azure DevOps calls the service makes. */
  faults: Partial<FaultSettings>;
  /** The service's largest request body (bytes); default the harness's. */
  bodyLimit?: number;
}

export async function startServiceOrganization(
  options: ServiceOrganizationOptions,
): Promise<ServiceOrganization> {
  const fixture = generateOrganization({ projects: options.projects, seed: options.seed });
  const packageDir = mkdtempSync(join(tmpdir(), "reliability-vsix-"));
  const emulator = await startEmulator({
    fixture,
    vsixPath: writeStandInPackage(packageDir),
    ports: { host: 0, extension: 0, entra: 0 },
    quiet: true,
    faults: options.faults,
  });
  const database = await createPgDatabase(`reliability_${options.seed}`);
  const config = serviceConfig(emulator, database.url, {
    // The service's own limit is not what this suite measures; the injected 429s are.
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  const services: RunningService[] = [];
  // One after another: the first migrates the fresh database.
  for (let i = 0; i < Math.max(1, options.instances); i++)
    services.push(await startService(config, { logger: false }));
  const organization = emulator.organization.name;
  const administrators = fixture.users.filter((u) =>
    u.roles.includes("ProjectCollectionAdministrator"),
  );
  const checker = administrators[0];
  if (!checker) throw new Error("The fixture has no Project Collection Administrators.");
  const base = `${services[0]?.url}/api/${SERVICE_API_VERSION}/organizations/${encodeURIComponent(organization)}`;
  const read = async <T>(path: string): Promise<T> => {
    // Fresh tokens for each read: the run revokes tokens now and then.
    const response = await fetch(`${base}${path}`, {
      headers: {
        Accept: "application/json",
        Authorization: `Bearer ${emulator.issueAppToken(checker.id)}`,
        [AZURE_DEVOPS_TOKEN_HEADER]: emulator.issueToken(checker.id),
      },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    emulator,
    fixture,
    organization,
    administrators,
    instances: services.map((s) => s.url),
    readState: () => read<OrganizationStateWire>(SERVICE_PATHS.state),
    async readHistory() {
      const records: HistoryRecordWire[] = [];
      let before: string | undefined;
      do {
        const query = new URLSearchParams({ limit: "200" });
        if (before) query.set("before", before);
        const page = await read<HistoryPage>(`${SERVICE_PATHS.history}?${query}`);
        records.push(...page.records);
        before = page.next;
      } while (before);
      return records;
    },
    listProjects(userId) {
      const transport = new AdoTransport({
        authorizationHeader: async () => `Bearer ${emulator.issueToken(userId)}`,
      });
      const rootPath = `${emulator.orgUrl.replace("//localhost:", "//127.0.0.1:")}/`;
      return new OrganizationService(transport, Promise.resolve(rootPath)).listProjects();
    },
    async stop() {
      for (const s of services) await s.stop();
      await emulator.stop();
      await database.drop();
      rmSync(packageDir, { recursive: true, force: true });
    },
  };
}

/** One administrator's session: the product's client, their own tokens, one instance. */
export interface ServiceAdminSession {
  actor: Actor;
  client: BackupServiceClient;
  stats: { requests: number; retries: number; waitedMs: number };
  /** Token refreshes after a 401. */
  refreshes(): number;
}

export function serviceAdminSession(
  org: ServiceOrganization,
  options: {
    user: FixtureUser;
    instance: string;
    fetch?: typeof fetch;
    /** How the session gets a new app token after a 401; default: the emulator issues one. */
    refreshAppToken?: () => Promise<string>;
    /** The first app token; default: a fresh one from the emulator. */
    appToken?: string;
  },
): ServiceAdminSession {
  const { user } = options;
  let refreshes = 0;
  let appToken = options.appToken ?? org.emulator.issueAppToken(user.id);
  const refresh =
    options.refreshAppToken ?? (() => Promise.resolve(org.emulator.issueAppToken(user.id)));
  let adoToken = org.emulator.issueToken(user.id);
  const stats = { requests: 0, retries: 0, waitedMs: 0 };
  const onEvent = (e: TransportEvent): void => {
    if (e.type === "request") stats.requests++;
    if (e.type === "retry") {
      stats.retries++;
      stats.waitedMs += e.delayMs;
    }
  };
  const client = new BackupServiceClient({
    serviceUrl: options.instance,
    organization: org.organization,
    credentials: {
      authorization: async (forceRefresh) => {
        if (forceRefresh) {
          appToken = await refresh();
          refreshes++;
        }
        return `Bearer ${appToken}`;
      },
      azureDevOpsToken: async (forceRefresh) => {
        if (forceRefresh) adoToken = org.emulator.issueToken(user.id);
        return adoToken;
      },
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onEvent,
  });
  return {
    actor: { id: user.id, displayName: user.displayName },
    client,
    stats,
    refreshes: () => refreshes,
  };
}

export interface InjectedFaults {
  latency: number;
  throttled: number;
  serverErrors: number;
  dropped: number;
  total: number;
}

/** What the emulator's request log says it injected (latency alone is counted apart). */
export function faultsIn(log: readonly RequestLogEntry[]): InjectedFaults {
  const n = (kind: string): number => log.filter((e) => e.fault === kind).length;
  const throttled = n("429") + n("rate-limit");
  const serverErrors = n("5xx");
  const dropped = n("drop");
  return {
    latency: n("latency"),
    throttled,
    serverErrors,
    dropped,
    total: throttled + serverErrors + dropped,
  };
}

/**
 * These suites use the REST API only, but the emulator serves a packaged extension too; a
 * two-file package (the manifests it reads) stands in, so the suites need no `npm run package`.
 */
export function writeStandInPackage(dir: string): string {
  const files: [string, string][] = [
    [
      "extension.vsixmanifest",
      `<?xml version="1.0" encoding="utf-8"?><PackageManifest Version="2.0.0"><Metadata><Identity Language="en-US" Id="${STAND_IN_EXTENSION.extensionId}" Version="0.0.0" Publisher="${STAND_IN_EXTENSION.publisherId}" /></Metadata></PackageManifest>`,
    ],
    ["extension.vsomanifest", JSON.stringify({ contributions: [], scopes: [] })],
  ];
  const path = join(dir, "stand-in.vsix");
  writeFileSync(
    path,
    writeZip(files.map(([name, text]) => ({ name, data: Buffer.from(text, "utf8") }))),
  );
  return path;
}
