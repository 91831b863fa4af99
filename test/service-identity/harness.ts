// What the identity tests run against: the emulated organization (REST + fake Entra), the fake
// Entra served again on an HTTPS origin whose certificate the test knows (the emulator keeps its
// own to itself), a real database (SQLite file or a PostgreSQL database of its own), and the
// whole service (service core's startService, its authentication and PCA check included).
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { serveOnHttps } from "../../emulator/entra";
import type { OrganizationFixture } from "../../emulator/fixtures/types";
import { DEFAULT_FIXTURE, startEmulator, type EmulatorHandle } from "../../emulator/server";
import { startService } from "../../service/app";
import type { ServiceConfig } from "../../service/config";
import { createIdentity, type Identity } from "../../service/identity";
import { requestTrustingCa } from "../../service/identity/trusted-https";
import { openDatabase, type Database } from "../../service/store/database";
import { migrate } from "../../service/store/migrate";
import { createPgDatabase } from "../service/support/service-harness";

export const SERVICE_APP_ID = "6f1c1d2e-7a4b-4f3c-9e8d-5b2a1c0d9e7f";
export const SERVICE_APP_SECRET = "test-secret-of-the-service-app";
/** A tenant's own Entra app (the fixture's "Fabrikam backup (own app)"). */
export const CUSTOM_APP_ID = "0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30";
export const users = {
  avery: "d4d382d9-a593-46b9-ae7f-8a57eba9eade", // PCA
  devon: "d9841dbe-5b4e-49e5-b093-d72409dd7e85", // not PCA
  gloria: "fe1f8698-d9ab-47ef-96a8-4e1c225c1976", // Global Administrator and PCA
};

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Harness {
  emulator: EmulatorHandle;
  /** The fake Entra's origin as the service and the test reach it. */
  authority: string;
  db: Database;
  /** The database's URL and the service's configuration: another process can act as the service. */
  databaseUrl: string;
  config: ServiceConfig;
  identity: Identity;
  serviceUrl: string;
  /** Every refresh token the authority handed out, for checking none is stored in clear. */
  issuedRefreshTokens: string[];
  /** HTTPS to the authority (its certificate trusted); plain fetch-like for everything else. */
  send(method: string, url: string, form?: Record<string, string>): Promise<Reply>;
  /** An authenticated call to the service as a fixture user (app token + Azure DevOps token). */
  call(
    userId: string,
    path: string,
    body?: unknown,
    method?: "GET" | "POST" | "PUT",
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  stop(): Promise<void>;
}

function fixture(): OrganizationFixture {
  const f = JSON.parse(readFileSync(DEFAULT_FIXTURE, "utf8")) as OrganizationFixture;
  // The service app as a confidential client, allowed to read its tenants' consent in Graph.
  f.entraApps = [
    {
      clientId: SERVICE_APP_ID,
      displayName: "Backup service for Azure DevOps",
      clientSecret: SERVICE_APP_SECRET,
      applicationPermissions: ["Application.Read.All"],
    } as NonNullable<OrganizationFixture["entraApps"]>[number],
    { clientId: CUSTOM_APP_ID, displayName: "Fabrikam backup (own app)" },
  ];
  return f;
}

async function openStore(
  kind: "sqlite" | "postgres",
): Promise<{ db: Database; url: string; drop: () => Promise<void> }> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "identity-"));
    const url = `sqlite:${join(dir, "service.db")}`;
    const db = await openDatabase(url);
    return { db, url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createPgDatabase("identity");
  return { db: await openDatabase(database.url), url: database.url, drop: database.drop };
}

/** The fake Entra's own handler on an origin with a known certificate; taps token responses. */
function serveAuthority(emulator: EmulatorHandle, tapped: string[]) {
  return serveOnHttps((req, res) => {
    const end = res.end.bind(res) as (...args: unknown[]) => unknown;
    (res as { end: unknown }).end = (...args: unknown[]) => {
      const chunk = args[0];
      if (typeof chunk === "string" && chunk.includes('"refresh_token"')) {
        const token = (JSON.parse(chunk) as { refresh_token?: string }).refresh_token;
        if (token) tapped.push(token);
      }
      return end(...args);
    };
    void emulator.entra.handle(req, res);
  });
}

export async function startHarness(
  store: "sqlite" | "postgres",
  /** More of the service's configuration (e.g. the backup runs' destination). */
  overrides: Partial<ServiceConfig> = {},
): Promise<Harness> {
  const emulator = await startEmulator({
    fixture: fixture(),
    ports: { host: 0, extension: 0, entra: 0 },
    quiet: true,
  });
  const issuedRefreshTokens: string[] = [];
  const authority = await serveAuthority(emulator, issuedRefreshTokens);
  const { db, url: databaseUrl, drop } = await openStore(store);
  await migrate(db);

  // The port first: the landing pages' redirect URIs name it.
  const probe = Fastify();
  await probe.listen({ port: 0, host: "127.0.0.1" });
  const servicePort = (probe.server.address() as AddressInfo).port;
  await probe.close();
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  const config: ServiceConfig = {
    listen: { host: "127.0.0.1", port: servicePort },
    publicUrl: serviceUrl,
    azureDevOpsUrl: emulator.hostUrl,
    entraAuthority: authority.url,
    entraCaCertificate: authority.ca,
    appClientId: SERVICE_APP_ID,
    appClientSecret: SERVICE_APP_SECRET,
    extensionId: "ado-backup.backup-enablement",
    extensionKey: emulator.extensionKey,
    extensionAppId: emulator.extensionAppId,
    store: "sqlite::memory:", // unused: the test's own database is passed in
    encryptionKey: randomBytes(32),
    allowedOrigins: [],
    rateLimit: { max: 10_000, windowMs: 60_000 },
    bodyLimit: 1024 * 1024,
    logLevel: "warn",
    ...overrides,
  };
  const identity = createIdentity({ db, config });
  const service = await startService(config, { db, identity, logger: false });
  const send = (method: string, url: string, form?: Record<string, string>): Promise<Reply> => {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    if (!url.startsWith("https:"))
      return fetch(url, { method, redirect: "manual" }).then(async (r) => ({
        status: r.status,
        headers: Object.fromEntries(r.headers),
        body: await r.text(),
      }));
    return requestTrustingCa(url, {
      method,
      ca: authority.ca,
      headers: body ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
      ...(body !== undefined ? { body } : {}),
    }).then((r) => ({ status: r.status, headers: r.headers, body: r.text }));
  };

  return {
    emulator,
    authority: authority.url,
    db,
    databaseUrl,
    config,
    identity,
    serviceUrl,
    issuedRefreshTokens,
    send,
    async call(userId, path, body = {}, method = "POST") {
      const res = await fetch(`${serviceUrl}/api/v1/organizations/fabrikam${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${emulator.issueAppToken(userId)}`,
          "X-Azure-DevOps-Token": emulator.issueToken(userId),
          ...(method === "GET" ? {} : { "Content-Type": "application/json" }),
        },
        ...(method === "GET" ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    async stop() {
      await service.stop();
      await authority.close();
      await emulator.stop();
      await db.close();
      await drop();
    },
  };
}

const hiddenFlow = (html: string) => /name="flow" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** Walks Entra's pages as a person: open the link, pick the user, (consent) press Accept. */
export async function walkEntra(
  h: Harness,
  url: string,
  userId: string,
  opts: { accept?: boolean } = {},
): Promise<Reply> {
  const page = await h.send("GET", url);
  if (page.status !== 200) throw new Error(`Entra answered ${page.status}: ${page.body}`);
  // Form actions name the emulator's own origin; the same path on the tapped origin.
  const target = new URL(url);
  const post = (form: Record<string, string>) =>
    h.send("POST", `${h.authority}${target.pathname}`, form);
  const chosen = await post({ flow: hiddenFlow(page.body), user: userId });
  if (!opts.accept || chosen.status !== 200) return chosen;
  return post({ flow: hiddenFlow(chosen.body), decision: "accept" });
}

/** Follows Entra's redirect to the service's landing page. */
export async function land(h: Harness, redirect: Reply): Promise<Reply> {
  const location = String(redirect.headers.location ?? "");
  if (!location.startsWith(h.serviceUrl))
    throw new Error(`Entra redirected elsewhere: ${location} ${redirect.body}`);
  return h.send("GET", location);
}
