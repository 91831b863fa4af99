// The audit history: one record per save, saying who changed what, and when.
import { decodeDataTypes, encodeDataTypes } from "./dataTypes";
import {
  type Actor,
  type ChangeKind,
  type ScopeChoice,
  type SettingsValue,
  clipText,
} from "./scope";
import { SCHEMA_VERSION, type StoredDocument } from "./scopeSchema";

export interface AuditChange {
  projectId: string;
  name: string;
  kind: ChangeKind;
  before?: ScopeChoice;
  after: ScopeChoice;
}

export interface AuditRecord {
  opId: string;
  by: Actor;
  at: string;
  changes: AuditChange[];
  settings?: { before: SettingsValue; after: SettingsValue };
  /** A change of the tenant's app profile (the provided service app or its own Entra app). */
  appProfile?: { before: AppProfileRef; after: AppProfileRef };
}

export interface AppProfileRef {
  kind: "service" | "custom";
  clientId: string;
}

/**
 * A save of every project in a large organization lists thousands of changes; they are split
 * into parts so that no audit document nears the service's document size limit (about 1 MB):
 * at most this many changes, and at most AUDIT_PART_BYTES of UTF-8, per part.
 */
export const AUDIT_PART_SIZE = 5000;
export const AUDIT_PART_BYTES = 512 * 1024;
const AUDIT_NAME_LENGTH = 128;

/** Bytes of `text` in UTF-8 (what the service's size limit counts), without TextEncoder. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n +=
      c < 0x80
        ? 1
        : c < 0x800
          ? 2
          : c >= 0xd800 && c <= 0xdbff
            ? 2
            : c >= 0xdc00 && c <= 0xdfff
              ? 2
              : 3;
  }
  return n; // a surrogate pair counts 2 + 2 = its 4 bytes
}

type StoredChoice = [choice: "i" | "x", dataTypes: number];
type StoredChange = [
  projectId: string,
  name: string,
  kind: ChangeKind,
  before: StoredChoice | null,
  after: StoredChoice,
];

interface AuditDocument {
  id: string;
  schemaVersion: number;
  opId: string;
  part: number;
  parts: number;
  by: Actor;
  at: string;
  changes: StoredChange[];
  settings?: { before: [boolean, number]; after: [boolean, number] };
  appProfile?: { before: AppProfileRef; after: AppProfileRef };
}

const toStored = (c: ScopeChoice): StoredChoice => [
  c.choice === "included" ? "i" : "x",
  encodeDataTypes(c.dataTypes),
];
const fromStored = (c: StoredChoice): ScopeChoice => ({
  choice: c[0] === "i" ? "included" : "excluded",
  dataTypes: decodeDataTypes(c[1]),
});

export function auditPartId(opId: string, part: number): string {
  return part === 1 ? opId : `${opId}.${part}`;
}

export function auditDocuments(record: AuditRecord): Omit<AuditDocument, "__etag">[] {
  const stored: StoredChange[] = record.changes.map((c) => [
    c.projectId,
    clipText(c.name, AUDIT_NAME_LENGTH),
    c.kind,
    c.before ? toStored(c.before) : null,
    toStored(c.after),
  ]);
  const slices: StoredChange[][] = [[]];
  let bytes = 0;
  for (const change of stored) {
    const size = utf8Length(JSON.stringify(change)) + 1;
    const current = slices[slices.length - 1] as StoredChange[];
    if (
      current.length > 0 &&
      (current.length >= AUDIT_PART_SIZE || bytes + size > AUDIT_PART_BYTES)
    ) {
      slices.push([change]);
      bytes = size;
    } else {
      current.push(change);
      bytes += size;
    }
  }
  return slices.map((changes, i) => {
    const part = i + 1;
    const doc: Omit<AuditDocument, "__etag"> = {
      id: auditPartId(record.opId, part),
      schemaVersion: SCHEMA_VERSION,
      opId: record.opId,
      part,
      parts: slices.length,
      by: { id: record.by.id, displayName: record.by.displayName },
      at: record.at,
      changes,
    };
    if (part === 1 && record.settings) {
      const s = record.settings;
      doc.settings = {
        before: [s.before.includeNewProjects, encodeDataTypes(s.before.defaultDataTypes)],
        after: [s.after.includeNewProjects, encodeDataTypes(s.after.defaultDataTypes)],
      };
    }
    if (part === 1 && record.appProfile) {
      const a = record.appProfile;
      doc.appProfile = {
        before: { kind: a.before.kind, clientId: a.before.clientId },
        after: { kind: a.after.kind, clientId: a.after.clientId },
      };
    }
    return doc;
  });
}

function isAppProfileRef(v: unknown): v is AppProfileRef {
  const r = v as Partial<AppProfileRef> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    (r.kind === "service" || r.kind === "custom") &&
    typeof r.clientId === "string"
  );
}

function isAuditDocument(d: StoredDocument): d is StoredDocument & AuditDocument {
  return (
    typeof d.opId === "string" &&
    typeof d.part === "number" &&
    typeof d.parts === "number" &&
    typeof d.at === "string" &&
    Array.isArray(d.changes) &&
    typeof (d.by as Actor | undefined)?.displayName === "string"
  );
}

export interface AuditHistory {
  records: AuditRecord[];
  /** Documents in the audit collection that could not be read; they are shown, not dropped. */
  unreadable: number;
}

/** Rebuilds the history, newest first, from the audit collection's documents. */
export function readAuditHistory(docs: readonly StoredDocument[]): AuditHistory {
  const byOp = new Map<string, AuditRecord>();
  let unreadable = 0;
  for (const d of docs) {
    if (!isAuditDocument(d) || d.schemaVersion > SCHEMA_VERSION) {
      unreadable++;
      continue;
    }
    let record = byOp.get(d.opId);
    if (!record) {
      record = {
        opId: d.opId,
        by: { id: d.by.id, displayName: d.by.displayName },
        at: d.at,
        changes: [],
      };
      byOp.set(d.opId, record);
    }
    for (const c of d.changes) {
      const [projectId, name, kind, before, after] = c;
      const change: AuditChange = { projectId, name, kind, after: fromStored(after) };
      if (before) change.before = fromStored(before);
      record.changes.push(change);
    }
    const profile = d.appProfile as { before?: unknown; after?: unknown } | undefined;
    if (profile && isAppProfileRef(profile.before) && isAppProfileRef(profile.after)) {
      record.appProfile = {
        before: { kind: profile.before.kind, clientId: profile.before.clientId },
        after: { kind: profile.after.kind, clientId: profile.after.clientId },
      };
    }
    if (d.settings) {
      record.settings = {
        before: {
          includeNewProjects: d.settings.before[0],
          defaultDataTypes: decodeDataTypes(d.settings.before[1]),
        },
        after: {
          includeNewProjects: d.settings.after[0],
          defaultDataTypes: decodeDataTypes(d.settings.after[1]),
        },
      };
    }
  }
  const records = [...byOp.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { records, unreadable };
}
