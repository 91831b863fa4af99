// An emulated organization for the reliability suites: the REST emulator over real HTTP on
// 127.0.0.1, admins who each hold their own transport and token, and direct reads of what the
// emulator stores (so the checks do not go through the code they check).
import "./nodeGlobals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateOrganization } from "../../emulator/fixtures/generate";
import type { FixtureUser, OrganizationFixture } from "../../emulator/fixtures/types";
import { startEmulator, type EmulatorHandle, type FaultSettings } from "../../emulator/server";
import { ExtensionDataDocuments, type ExtensionIdentity } from "../../src/ado/extensionData";
import { EXTENSION_MANAGEMENT_AREA, resourceAreaLocation } from "../../src/ado/resourceAreas";
import { OrganizationService } from "../../src/ado/organization";
import { AdoTransport, type TransportOptions } from "../../src/ado/transport";
import type { Actor } from "../../src/core/scope";
import type { StoredDocument } from "../../src/core/scopeSchema";
import { ScopeStore } from "../../src/core/scopeStore";
import { STAND_IN_EXTENSION, writeStandInPackage } from "./serviceOrganization";

export const EXTENSION: ExtensionIdentity = STAND_IN_EXTENSION;

export interface ReliabilityOrganization {
  emulator: EmulatorHandle;
  /** `http://127.0.0.1:{port}/{org}/`: the api clients' root path. */
  rootPath: string;
  fixture: OrganizationFixture;
  administrators: FixtureUser[];
  /** The extension data documents of a collection as the emulator holds them (copies). */
  stored(collection: string): StoredDocument[];
  /** Puts a document into the emulator's store as if someone else had written it. */
  plant(collection: string, doc: Record<string, unknown> & { id: string }): void;
  stop(): Promise<void>;
}

export interface OrganizationOptions {
  projects?: number;
  seed?: number;
  faults?: Partial<FaultSettings>;
  fixture?: OrganizationFixture;
}

export async function startReliabilityOrganization(
  options: OrganizationOptions = {},
): Promise<ReliabilityOrganization> {
  const fixture =
    options.fixture ??
    generateOrganization({ projects: options.projects ?? 300, seed: options.seed ?? 7 });
  const packageDir = mkdtempSync(join(tmpdir(), "reliability-vsix-"));
  const emulator = await startEmulator({
    fixture,
    vsixPath: writeStandInPackage(packageDir),
    ports: { host: 0, extension: 0, entra: 0 },
    quiet: true,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  // The emulator listens on 127.0.0.1; "localhost" could make fetch try ::1 first.
  const rootPath = `${emulator.orgUrl.replace("//localhost:", "//127.0.0.1:")}/`;
  const keyOf = (collection: string): string =>
    [EXTENSION.publisherId, EXTENSION.extensionId, "default", "", collection]
      .map((x) => x.toLowerCase())
      .join("\u0000");
  return {
    emulator,
    rootPath,
    fixture,
    administrators: fixture.users.filter((u) => u.roles.includes("ProjectCollectionAdministrator")),
    stored: (collection) =>
      [...(emulator.state.documents.get(keyOf(collection))?.values() ?? [])].map((d) =>
        structuredClone(d),
      ),
    plant: (collection, doc) => {
      const key = keyOf(collection);
      let coll = emulator.state.documents.get(key);
      if (!coll) emulator.state.documents.set(key, (coll = new Map()));
      const previous = coll.get(doc.id);
      coll.set(doc.id, { ...structuredClone(doc), __etag: (previous?.__etag ?? 0) + 1 });
    },
    stop: async () => {
      await emulator.stop();
      rmSync(packageDir, { recursive: true, force: true });
    },
  };
}

/** One administrator's session: their own transport, token, documents adapter and store. */
export interface AdminSession {
  actor: Actor;
  transport: AdoTransport;
  store: ScopeStore;
  documents: ExtensionDataDocuments;
  organization: OrganizationService;
  /** Tokens issued to this session, the first included. */
  tokensIssued(): number;
}

export interface SessionOptions {
  user: FixtureUser;
  displayName?: string;
  fetch?: typeof fetch;
  transport?: Partial<TransportOptions>;
  /** How the session gets a new token after a 401; default: the emulator issues one. */
  refreshToken?: () => Promise<string>;
}

export function adminSession(org: ReliabilityOrganization, options: SessionOptions): AdminSession {
  const { user } = options;
  let token = org.emulator.issueToken(user.id);
  let issued = 1;
  const refresh = options.refreshToken ?? (() => Promise.resolve(org.emulator.issueToken(user.id)));
  const transport = new AdoTransport({
    authorizationHeader: async (forceRefresh) => {
      if (forceRefresh) {
        token = await refresh();
        issued++;
      }
      return `Bearer ${token}`;
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    baseDelayMs: 5,
    maxDelayMs: 200,
    ...options.transport,
  });
  const documents = new ExtensionDataDocuments(
    transport,
    resourceAreaLocation(transport, org.rootPath, EXTENSION_MANAGEMENT_AREA),
    EXTENSION,
  );
  return {
    actor: { id: user.id, displayName: options.displayName ?? user.displayName },
    transport,
    documents,
    store: new ScopeStore(documents),
    organization: new OrganizationService(transport, Promise.resolve(org.rootPath)),
    tokensIssued: () => issued,
  };
}
