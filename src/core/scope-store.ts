// The one scope model the hub, the project panel and the popup share, whatever keeps it: a
// loaded snapshot, a save's result and its conflicts, and the ScopeRepository they read and write
// through (the backup service's client, src/service/backup-service.ts). snapshotFrom reads the
// former extension-data documents, which the service imports once (service/import).
import {
  APP_PROFILE_ID,
  type AppProfile,
  type AppProfileSetting,
  DEFAULT_APP_PROFILE,
  parseAppProfile,
} from "./app-profile";
import type { AuditHistory } from "./audit";
import type {
  Actor,
  BackupScope,
  ProjectChange,
  ScopeEntry,
  ScopeSettings,
  SettingsChange,
} from "./scope";
import {
  DEFAULT_SETTINGS,
  SETTINGS_ID,
  ScopeDocumentError,
  type StoredDocument,
  parseSettings,
  parseShard,
} from "./scope-schema";
import type { ConnectionWire, ConsentWire } from "./service-api";

/**
 * What the backup service said about the organization and the caller when it sent this scope.
 * The service decides these (docs/architecture.md#security-rules); a page shows them and never works them out itself.
 */
export interface OrganizationFacts {
  /** The Entra tenant the service established; undefined: none (Microsoft accounts). */
  tenantId: string | undefined;
  caller: { actor: Actor; isCollectionAdmin: boolean };
  connection: ConnectionWire;
  consent: ConsentWire;
}

/** The scope as loaded, with the etag of every document it came from. */
export interface ScopeSnapshot {
  scope: BackupScope;
  /** Current __etag per document id; a document not listed does not exist yet. */
  etags: ReadonlyMap<string, number>;
  /** Documents that did not validate. While there are any, the scope cannot be saved. */
  problems: ScopeDocumentError[];
  /** The stored app profile (docs/architecture.md); absent: no document yet, the provided service app. */
  appProfile?: AppProfileSetting;
  /** The app profile document did not validate. It does not block the scope; it is reported. */
  appProfileProblem?: ScopeDocumentError;
  /** Present when the scope came from the backup service: its answers about the organization. */
  organization?: OrganizationFacts;
}

/** The app profile as stored, with the __etag its next write must carry. */
export interface StoredAppProfile {
  setting: AppProfileSetting;
  /** Undefined: no document yet (the next write creates it). */
  etag: number | undefined;
}

/** Someone else changed the app profile since it was read; theirs is what is stored now. */
export class AppProfileConflictError extends Error {
  constructor(readonly theirs: StoredAppProfile) {
    super("Another administrator changed the backup app profile meanwhile.");
    this.name = "AppProfileConflictError";
  }
}

export interface Conflict {
  projectId: string;
  name: string;
  /** What the other admin stored meanwhile (undefined: their entry was removed). */
  theirs: ScopeEntry | undefined;
  mine: ProjectChange;
}

export interface SettingsConflict {
  theirs: ScopeSettings;
  mine: SettingsChange;
}

export interface SaveResult {
  opId: string;
  /** Changes that are stored now, as recorded in the audit history. */
  applied: ProjectChange[];
  settingsApplied: boolean;
  /** Changes not made because another admin changed the same thing first. */
  conflicts: Conflict[];
  settingsConflict?: SettingsConflict;
  snapshot: ScopeSnapshot;
  writes: number;
}

export interface SaveProgress {
  documentsWritten: number;
  documentsToWrite: number;
}

export interface SaveOptions {
  actor: Actor;
  opId: string;
  now?: () => Date;
  onProgress?: (p: SaveProgress) => void;
  /** How often a stale write of one document is merged and tried again before giving up. */
  maxAttempts?: number;
}

export class ScopeSaveError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "ScopeSaveError";
  }
}

/**
 * Where the hub, the project panel and the popup read and write the scope, its history and the
 * app profile: ONE model whatever keeps it (the backup service's client; tests use an in-memory one).
 */
export interface ScopeRepository {
  load(): Promise<ScopeSnapshot>;
  /** Every change, newest first. */
  loadHistory(): Promise<AuditHistory>;
  save(
    base: ScopeSnapshot,
    changes: readonly ProjectChange[],
    settingsChange: SettingsChange | undefined,
    options: SaveOptions,
  ): Promise<SaveResult>;
  /** Throws AppProfileConflictError, with what is stored now, when someone changed it meanwhile. */
  saveAppProfile(
    current: StoredAppProfile,
    profile: AppProfile,
    options: { actor: Actor; opId: string; now?: () => Date },
  ): Promise<StoredAppProfile>;
}

export function emptySnapshot(): ScopeSnapshot {
  return {
    scope: { settings: DEFAULT_SETTINGS, entries: new Map() },
    etags: new Map(),
    problems: [],
  };
}

/** Builds a snapshot from the scope collection's documents (one request: list the collection). */
export function snapshotFrom(docs: readonly StoredDocument[]): ScopeSnapshot {
  const etags = new Map<string, number>();
  const entries = new Map<string, ScopeEntry>();
  const problems: ScopeDocumentError[] = [];
  let settings: ScopeSettings = DEFAULT_SETTINGS;
  let appProfile: AppProfileSetting | undefined;
  let appProfileProblem: ScopeDocumentError | undefined;
  for (const doc of docs) {
    etags.set(doc.id, doc.__etag);
    if (doc.id === APP_PROFILE_ID) {
      try {
        appProfile = parseAppProfile(doc);
      } catch (e) {
        if (e instanceof ScopeDocumentError) appProfileProblem = e;
        else throw e;
      }
      continue;
    }
    try {
      if (doc.id === SETTINGS_ID) settings = parseSettings(doc);
      else if (doc.id.startsWith("shard-"))
        for (const e of parseShard(doc, doc.id)) entries.set(e.projectId, e);
      else
        throw new ScopeDocumentError(
          doc.id,
          "invalid",
          "it is not a document this extension writes",
        );
    } catch (e) {
      if (e instanceof ScopeDocumentError) problems.push(e);
      else throw e;
    }
  }
  return {
    scope: { settings, entries },
    etags,
    problems,
    ...(appProfile ? { appProfile } : {}),
    ...(appProfileProblem ? { appProfileProblem } : {}),
  };
}

/**
 * The app profile a snapshot carries, with its etag. A damaged document reads as the service app
 * (appProfileProblem says so), and saving replaces it with its own etag.
 */
export function appProfileOf(snapshot: ScopeSnapshot): StoredAppProfile {
  return {
    setting: snapshot.appProfile ?? DEFAULT_APP_PROFILE,
    etag: snapshot.etags.get(APP_PROFILE_ID),
  };
}
