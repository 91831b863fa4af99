// Loads and saves the backup scope with optimistic concurrency: every write carries the
// document's __etag, and a stale write is merged per project onto the newer document and tried
// again. Another admin's change to the same project is never overwritten: it is reported as a
// conflict and the admin decides.
import {
  APP_PROFILE_ID,
  type AppProfile,
  type AppProfileSetting,
  DEFAULT_APP_PROFILE,
  parseAppProfile,
  storedAppProfile,
} from "./appProfile";
import {
  type AuditChange,
  type AuditHistory,
  type AuditRecord,
  auditDocuments,
  readAuditHistory,
} from "./audit";
import { type DocumentPort, DocumentExistsError, StaleDocumentError } from "./documents";
import {
  type Actor,
  type BackupScope,
  type ProjectChange,
  type ScopeEntry,
  type ScopeSettings,
  type SettingsChange,
  clipText,
  kindOfChange,
  sameChoice,
  sameSettings,
} from "./scope";
import {
  AUDIT_COLLECTION,
  DEFAULT_SETTINGS,
  MAX_NAME,
  SCHEMA_VERSION,
  SCOPE_COLLECTION,
  SETTINGS_ID,
  ScopeDocumentError,
  type StoredDocument,
  parseSettings,
  parseShard,
  shardIdOf,
  storedEntry,
  storedSettings,
} from "./scopeSchema";
import type { ConnectionWire, ConsentWire } from "./serviceApi";

/**
 * What the backup service said about the organization and the caller when it sent this scope.
 * The service decides these (DESIGN §6); a page shows them and never works them out itself.
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
  /** The stored app profile (DESIGN §1); absent: no document yet, the provided service app. */
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
 * app profile: ONE model whatever keeps it (the backup service's client, or the extension data
 * ScopeStore that the service imports once).
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

export class ScopeStore implements ScopeRepository {
  constructor(private readonly documents: DocumentPort) {}

  async load(): Promise<ScopeSnapshot> {
    return snapshotFrom(await this.documents.listDocuments(SCOPE_COLLECTION));
  }

  async loadAudit(): Promise<StoredDocument[]> {
    return this.documents.listDocuments(AUDIT_COLLECTION);
  }

  async loadHistory(): Promise<AuditHistory> {
    return readAuditHistory(await this.loadAudit());
  }

  /**
   * Stores the tenant's app profile over `current`, with its etag (never last-writer-wins), and
   * records the change in the audit history. Throws AppProfileConflictError, carrying what is
   * stored now, when someone else changed it since it was read.
   */
  async saveAppProfile(
    current: StoredAppProfile,
    profile: AppProfile,
    options: { actor: Actor; opId: string; now?: () => Date },
  ): Promise<StoredAppProfile> {
    const at = (options.now ?? (() => new Date()))().toISOString();
    const body = storedAppProfile(profile, { actor: options.actor, at, opId: options.opId });
    let stored: StoredDocument;
    try {
      stored =
        current.etag === undefined
          ? await this.documents.createDocument(SCOPE_COLLECTION, { ...body })
          : await this.documents.replaceDocument(SCOPE_COLLECTION, {
              ...body,
              __etag: current.etag,
            });
    } catch (e) {
      if (!(e instanceof StaleDocumentError || e instanceof DocumentExistsError)) throw e;
      const now = await this.documents.getDocument(SCOPE_COLLECTION, APP_PROFILE_ID);
      throw new AppProfileConflictError({
        setting: now ? parseAppProfile(now) : DEFAULT_APP_PROFILE,
        etag: now?.__etag,
      });
    }
    const saved: StoredAppProfile = { setting: parseAppProfile(stored), etag: stored.__etag };
    const before = current.setting.profile;
    const record: AuditRecord = {
      opId: options.opId,
      by: options.actor,
      at,
      changes: [],
      appProfile: {
        before: { kind: before.kind, clientId: before.clientId },
        after: { kind: profile.kind, clientId: profile.clientId },
      },
    };
    for (const doc of auditDocuments(record)) {
      try {
        await this.documents.createDocument(AUDIT_COLLECTION, doc);
      } catch (e) {
        if (!(e instanceof DocumentExistsError)) {
          throw new ScopeSaveError(
            `The app profile was saved, but its audit record could not be written: ${e instanceof Error ? e.message : String(e)}`,
            e,
          );
        }
      }
    }
    return saved;
  }

  /**
   * Saves project and settings changes made against `base`. Each touched document is written
   * with its etag; when someone else wrote it meanwhile, it is read again and only this save's
   * own changes are applied onto it. Returns what was applied and what conflicted.
   */
  async save(
    base: ScopeSnapshot,
    changes: readonly ProjectChange[],
    settingsChange: SettingsChange | undefined,
    options: SaveOptions,
  ): Promise<SaveResult> {
    if (base.problems.length > 0) {
      throw new ScopeSaveError(
        `The scope was not saved: ${base.problems[0]?.message ?? "stored scope is invalid"}`,
      );
    }
    const at = (options.now ?? (() => new Date()))().toISOString();
    const { actor, opId } = options;
    const maxAttempts = options.maxAttempts ?? 12;

    const byShard = new Map<string, ProjectChange[]>();
    for (const c of changes) {
      if (sameChoice(c.before, c.after)) continue;
      const id = shardIdOf(c.projectId);
      byShard.set(id, [...(byShard.get(id) ?? []), c]);
    }
    // Checked before anything is written, so that a bad change cannot leave a save half done.
    for (const [shardId, list] of byShard) refuseUnreadable(list, shardId, { actor, at, opId });
    const settingsWanted =
      settingsChange && !sameSettings(settingsChange.before, settingsChange.after);
    const toWrite = byShard.size + (settingsWanted ? 1 : 0) + 1;
    let written = 0;
    let writes = 0;
    const progress = (): void =>
      options.onProgress?.({ documentsWritten: written, documentsToWrite: toWrite });
    progress();

    const entries = new Map(base.scope.entries);
    const etags = new Map(base.etags);
    let settings = base.scope.settings;
    const applied: ProjectChange[] = [];
    const conflicts: Conflict[] = [];
    let settingsConflict: SettingsConflict | undefined;
    let settingsApplied = false;

    const writeShard = async (shardId: string, shardChanges: ProjectChange[]): Promise<void> => {
      let current: StoredDocument | undefined;
      let known = baseShardEntries(base, shardId);
      let etag = etags.get(shardId);
      for (let attempt = 1; ; attempt++) {
        const next: Record<string, ReturnType<typeof storedEntry>> = {};
        for (const e of known.values()) next[e.projectId] = storedEntry(e);
        const mine: ProjectChange[] = [];
        const theirs: Conflict[] = [];
        for (const c of shardChanges) {
          const now = known.get(c.projectId);
          const seen = base.scope.entries.get(c.projectId);
          const ours = now?.opId === opId;
          if (ours && sameChoice(now, c.after)) {
            mine.push(c); // our own earlier attempt landed (a retried write whose answer was lost)
            continue;
          }
          // An earlier attempt of this save wrote a different choice: this attempt supersedes it.
          if (!ours && now?.opId !== seen?.opId) {
            if (sameChoice(now, c.after)) continue; // someone made the same change: nothing to do
            theirs.push({ projectId: c.projectId, name: c.name, theirs: now, mine: c });
            continue;
          }
          const entry: ScopeEntry = {
            projectId: c.projectId,
            name: storableName(c.name),
            ...c.after,
            changedBy: actor,
            changedAt: at,
            opId,
          };
          next[c.projectId] = storedEntry(entry);
          mine.push(c);
        }
        const body = { id: shardId, schemaVersion: SCHEMA_VERSION, projects: next };
        const needsWrite = mine.some((c) => {
          const now = known.get(c.projectId);
          return now?.opId !== opId || !sameChoice(now, c.after);
        });
        try {
          if (needsWrite) {
            writes++;
            current =
              etag === undefined
                ? await this.documents.createDocument(SCOPE_COLLECTION, body)
                : await this.documents.replaceDocument(SCOPE_COLLECTION, { ...body, __etag: etag });
            etags.set(shardId, current.__etag);
            known = new Map(parseShard(current, shardId).map((e) => [e.projectId, e]));
          }
          for (const e of known.values()) entries.set(e.projectId, e);
          applied.push(...mine);
          conflicts.push(...theirs);
          written++;
          progress();
          return;
        } catch (e) {
          if (
            !(e instanceof StaleDocumentError || e instanceof DocumentExistsError) ||
            attempt >= maxAttempts
          ) {
            throw e instanceof StaleDocumentError || e instanceof DocumentExistsError
              ? new ScopeSaveError("The scope kept changing while saving; try again.", e)
              : e;
          }
          current = await this.documents.getDocument(SCOPE_COLLECTION, shardId);
          etag = current?.__etag;
          if (current) etags.set(shardId, current.__etag);
          else etags.delete(shardId);
          known = new Map(
            (current ? parseShard(current, shardId) : []).map((x) => [x.projectId, x]),
          );
          // Entries others wrote meanwhile are part of the scope now, conflicting or not.
          for (const [id, entry] of known) entries.set(id, entry);
        }
      }
    };

    const writeSettings = async (change: SettingsChange): Promise<void> => {
      let known = base.scope.settings;
      let etag = etags.get(SETTINGS_ID);
      for (let attempt = 1; ; attempt++) {
        if (known.opId === opId) {
          settingsApplied = true;
          break;
        }
        if (known.opId !== base.scope.settings.opId) {
          if (!sameSettings(known, change.after))
            settingsConflict = { theirs: known, mine: change };
          break;
        }
        const next: ScopeSettings = { ...change.after, changedBy: actor, changedAt: at, opId };
        const body = { id: SETTINGS_ID, ...storedSettings(next) };
        try {
          writes++;
          const stored =
            etag === undefined
              ? await this.documents.createDocument(SCOPE_COLLECTION, body)
              : await this.documents.replaceDocument(SCOPE_COLLECTION, { ...body, __etag: etag });
          etags.set(SETTINGS_ID, stored.__etag);
          known = parseSettings(stored);
          settingsApplied = true;
          break;
        } catch (e) {
          if (
            !(e instanceof StaleDocumentError || e instanceof DocumentExistsError) ||
            attempt >= maxAttempts
          )
            throw e;
          const current = await this.documents.getDocument(SCOPE_COLLECTION, SETTINGS_ID);
          etag = current?.__etag;
          known = current ? parseSettings(current) : DEFAULT_SETTINGS;
        }
      }
      settings = known;
      written++;
      progress();
    };

    await Promise.all([
      ...[...byShard].map(([id, list]) => writeShard(id, list)),
      ...(settingsWanted && settingsChange ? [writeSettings(settingsChange)] : []),
    ]);

    const auditChanges: AuditChange[] = [];
    for (const c of applied) {
      const kind = kindOfChange(settings, c);
      if (!kind) continue;
      const change: AuditChange = { projectId: c.projectId, name: c.name, kind, after: c.after };
      if (c.before) change.before = c.before;
      auditChanges.push(change);
    }
    if (auditChanges.length > 0 || settingsApplied) {
      const record: AuditRecord = { opId, by: actor, at, changes: auditChanges };
      if (settingsApplied && settingsChange)
        record.settings = { before: settingsChange.before, after: settingsChange.after };
      for (const doc of auditDocuments(record)) {
        writes++;
        try {
          await this.documents.createDocument(AUDIT_COLLECTION, doc);
        } catch (e) {
          // A retried create whose first answer was lost: the record is there already.
          if (!(e instanceof DocumentExistsError)) {
            throw new ScopeSaveError(
              `The scope was saved, but its audit record could not be written: ${e instanceof Error ? e.message : String(e)}`,
              e,
            );
          }
        }
      }
    }
    written = toWrite;
    progress();

    return {
      opId,
      applied,
      settingsApplied,
      conflicts,
      ...(settingsConflict ? { settingsConflict } : {}),
      snapshot: {
        scope: { settings, entries },
        etags,
        problems: [],
        ...(base.appProfile ? { appProfile: base.appProfile } : {}),
        ...(base.appProfileProblem ? { appProfileProblem: base.appProfileProblem } : {}),
      },
      writes,
    };
  }
}

function baseShardEntries(base: ScopeSnapshot, shardId: string): Map<string, ScopeEntry> {
  const m = new Map<string, ScopeEntry>();
  for (const e of base.scope.entries.values())
    if (shardIdOf(e.projectId) === shardId) m.set(e.projectId, e);
  return m;
}

/** Load refuses longer names; clip, never splitting a character made of two UTF-16 units. */
function storableName(name: string): string {
  return clipText(name, MAX_NAME);
}

/**
 * Never write a document that load could not read back: it would make the whole scope unreadable
 * (and unsaveable) for every admin until someone repairs it by hand.
 */
function refuseUnreadable(
  changes: readonly ProjectChange[],
  shardId: string,
  by: { actor: Actor; at: string; opId: string },
): void {
  const projects: Record<string, ReturnType<typeof storedEntry>> = {};
  for (const c of changes)
    projects[c.projectId] = storedEntry({
      projectId: c.projectId,
      name: storableName(c.name),
      ...c.after,
      changedBy: by.actor,
      changedAt: by.at,
      opId: by.opId,
    });
  try {
    parseShard({ schemaVersion: SCHEMA_VERSION, projects }, shardId);
  } catch (e) {
    if (!(e instanceof ScopeDocumentError)) throw e;
    const detail = /is not valid: (.*?)\. Nothing was changed/.exec(e.message)?.[1] ?? e.message;
    throw new ScopeSaveError(
      `The scope was not saved: a change cannot be stored as it is (${detail}).`,
      e,
    );
  }
}
