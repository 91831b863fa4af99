// The audit history: one record per save, saying who changed what, and when.
import { decodeDataTypes, encodeDataTypes } from "./dataTypes";
import type { Actor, ChangeKind, ScopeChoice, SettingsValue } from "./scope";
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
}

/**
 * A save of every project in a large organization lists thousands of changes; they are split
 * into parts so that no audit document nears the service's document size limit.
 */
export const AUDIT_PART_SIZE = 5000;
const AUDIT_NAME_LENGTH = 128;

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
  const parts = Math.max(1, Math.ceil(record.changes.length / AUDIT_PART_SIZE));
  const docs: Omit<AuditDocument, "__etag">[] = [];
  for (let part = 1; part <= parts; part++) {
    const slice = record.changes.slice((part - 1) * AUDIT_PART_SIZE, part * AUDIT_PART_SIZE);
    const doc: Omit<AuditDocument, "__etag"> = {
      id: auditPartId(record.opId, part),
      schemaVersion: SCHEMA_VERSION,
      opId: record.opId,
      part,
      parts,
      by: { id: record.by.id, displayName: record.by.displayName },
      at: record.at,
      changes: slice.map((c) => [
        c.projectId,
        c.name.slice(0, AUDIT_NAME_LENGTH),
        c.kind,
        c.before ? toStored(c.before) : null,
        toStored(c.after),
      ]),
    };
    if (part === 1 && record.settings) {
      const s = record.settings;
      doc.settings = {
        before: [s.before.includeNewProjects, encodeDataTypes(s.before.defaultDataTypes)],
        after: [s.after.includeNewProjects, encodeDataTypes(s.after.defaultDataTypes)],
      };
    }
    docs.push(doc);
  }
  return docs;
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
