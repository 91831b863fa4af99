// The stored format of the backup scope (extension data documents), versioned and validated on
// read. A document that does not validate is reported, never overwritten blindly.
import { ALL_DATA_TYPES_MASK, decodeDataTypes, encodeDataTypes } from "./data-types";
import { isGuid } from "./guid";
import type { Actor, ScopeEntry, ScopeSettings } from "./scope";

export const SCOPE_COLLECTION = "backup-scope";
export const SCHEMA_VERSION = 1;
/**
 * Entries are spread over a fixed number of documents: 10,000 projects fit (well under a
 * document's size limit each), and selecting every project and saving costs SHARD_COUNT writes
 * plus one audit record.
 */
const SHARD_COUNT = 8;
export const SETTINGS_ID = "settings";

export function shardIdOf(projectId: string): string {
  // FNV-1a over the lower-cased id: stable across browsers and versions.
  let h = 0x811c9dc5;
  const id = projectId.toLowerCase();
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `shard-${h % SHARD_COUNT}`;
}

/** A document as the extension data service returns it. */
export interface StoredDocument {
  id: string;
  __etag: number;
  [key: string]: unknown;
}

export interface StoredActor {
  id: string;
  displayName: string;
}

export interface StoredEntry {
  name: string;
  choice: "included" | "excluded";
  dataTypes: number;
  changedBy: StoredActor;
  changedAt: string;
  opId: string;
}

export interface SettingsDocument {
  id: typeof SETTINGS_ID;
  schemaVersion: number;
  includeNewProjects: boolean;
  defaultDataTypes: number;
  changedBy?: StoredActor;
  changedAt?: string;
  opId?: string;
}

export interface ShardDocument {
  id: string;
  schemaVersion: number;
  projects: Record<string, StoredEntry>;
}

export class ScopeDocumentError extends Error {
  constructor(
    readonly documentId: string,
    readonly problem: "invalid" | "future-version",
    detail: string,
  ) {
    super(
      problem === "future-version"
        ? `The stored backup scope (${documentId}) was written by a newer version of this extension (${detail}). Update the extension before changing the scope.`
        : `The stored backup scope (${documentId}) is not valid: ${detail}. Nothing was changed; ask an administrator to repair it.`,
    );
    this.name = "ScopeDocumentError";
  }
}

/** The longest project name a stored entry may carry; the store clips longer ones. */
export const MAX_NAME = 1024;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function checkVersion(doc: Record<string, unknown>, id: string): void {
  const v = doc.schemaVersion;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ScopeDocumentError(id, "invalid", "schemaVersion is missing or not a whole number");
  }
  if (v > SCHEMA_VERSION) throw new ScopeDocumentError(id, "future-version", `schema version ${v}`);
}

function parseActor(v: unknown, where: string, id: string): StoredActor {
  if (!isRecord(v) || typeof v.id !== "string" || typeof v.displayName !== "string") {
    throw new ScopeDocumentError(id, "invalid", `${where} has no valid author`);
  }
  return { id: v.id, displayName: v.displayName };
}

function parseMask(v: unknown, where: string, id: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || (v & ~ALL_DATA_TYPES_MASK) !== 0) {
    throw new ScopeDocumentError(id, "invalid", `${where} has unknown data types`);
  }
  return v;
}

function parseTime(v: unknown, where: string, id: string): string {
  if (typeof v !== "string" || Number.isNaN(Date.parse(v))) {
    throw new ScopeDocumentError(id, "invalid", `${where} has no valid time`);
  }
  return v;
}

export function parseSettings(raw: unknown): ScopeSettings {
  const id = SETTINGS_ID;
  if (!isRecord(raw)) throw new ScopeDocumentError(id, "invalid", "it is not an object");
  checkVersion(raw, id);
  if (typeof raw.includeNewProjects !== "boolean") {
    throw new ScopeDocumentError(id, "invalid", "includeNewProjects is not true or false");
  }
  const settings: ScopeSettings = {
    includeNewProjects: raw.includeNewProjects,
    defaultDataTypes: decodeDataTypes(parseMask(raw.defaultDataTypes, "the default", id)),
  };
  return { ...settings, ...parseChangeStamp(raw, "the settings", id) };
}

/** Who last changed a document, when, in which save; absent until its first change. */
export function parseChangeStamp(
  raw: Record<string, unknown>,
  where: string,
  id: string,
): { opId: string; changedBy: Actor; changedAt: string } | undefined {
  if (raw.opId === undefined) return undefined;
  if (typeof raw.opId !== "string") throw new ScopeDocumentError(id, "invalid", "opId is not text");
  return {
    opId: raw.opId,
    changedBy: parseActor(raw.changedBy, where, id),
    changedAt: parseTime(raw.changedAt, where, id),
  };
}

/** Parses one shard; every entry must belong in it, so a project id can appear only once. */
export function parseShard(raw: unknown, expectedId: string): ScopeEntry[] {
  const id = expectedId;
  if (!isRecord(raw)) throw new ScopeDocumentError(id, "invalid", "it is not an object");
  checkVersion(raw, id);
  if (!isRecord(raw.projects)) throw new ScopeDocumentError(id, "invalid", "projects is missing");
  const entries: ScopeEntry[] = [];
  for (const [projectId, e] of Object.entries(raw.projects)) {
    const where = `project ${projectId.slice(0, 40)}`;
    if (!isGuid(projectId))
      throw new ScopeDocumentError(id, "invalid", `${where} is not a project id`);
    if (shardIdOf(projectId) !== expectedId) {
      throw new ScopeDocumentError(
        id,
        "invalid",
        `${where} is stored in the wrong document (a duplicate?)`,
      );
    }
    if (!isRecord(e)) throw new ScopeDocumentError(id, "invalid", `${where} is not an object`);
    if (typeof e.name !== "string" || e.name.length > MAX_NAME) {
      throw new ScopeDocumentError(id, "invalid", `${where} has no valid name`);
    }
    if (e.choice !== "included" && e.choice !== "excluded") {
      throw new ScopeDocumentError(id, "invalid", `${where} is neither included nor excluded`);
    }
    if (typeof e.opId !== "string")
      throw new ScopeDocumentError(id, "invalid", `${where} has no opId`);
    entries.push({
      projectId,
      name: e.name,
      choice: e.choice,
      dataTypes: decodeDataTypes(parseMask(e.dataTypes, where, id)),
      changedBy: parseActor(e.changedBy, where, id),
      changedAt: parseTime(e.changedAt, where, id),
      opId: e.opId,
    });
  }
  return entries;
}

export function storedEntry(e: ScopeEntry): StoredEntry {
  return {
    name: e.name,
    choice: e.choice,
    dataTypes: encodeDataTypes(e.dataTypes),
    changedBy: storedActor(e.changedBy),
    changedAt: e.changedAt,
    opId: e.opId,
  };
}

function storedActor(a: Actor): StoredActor {
  return { id: a.id, displayName: a.displayName };
}

export function storedSettings(s: ScopeSettings): Omit<SettingsDocument, "id"> {
  const doc: Omit<SettingsDocument, "id"> = {
    schemaVersion: SCHEMA_VERSION,
    includeNewProjects: s.includeNewProjects,
    defaultDataTypes: encodeDataTypes(s.defaultDataTypes),
  };
  if (s.opId && s.changedBy && s.changedAt) {
    doc.opId = s.opId;
    doc.changedBy = storedActor(s.changedBy);
    doc.changedAt = s.changedAt;
  }
  return doc;
}

export const DEFAULT_SETTINGS: ScopeSettings = {
  includeNewProjects: false,
  defaultDataTypes: decodeDataTypes(ALL_DATA_TYPES_MASK),
};
