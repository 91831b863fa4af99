// Reads and writes an organization's scope, app profile and audit history in the service's own
// store. Every function takes the Database (or transaction) it runs in: callers that write lock
// the organization first (organization-lock.ts) so saves to one organization run one at a time.
import {
  type AppProfileSetting,
  DEFAULT_APP_PROFILE,
  SERVICE_APP,
  customAppProfile,
} from "../../src/core/app-profile";
import type { AuditRecord } from "../../src/core/audit";
import { DATA_TYPES, type DataType } from "../../src/core/data-types";
import type { BackupScope, ScopeEntry, ScopeSettings } from "../../src/core/scope";
import { DEFAULT_SETTINGS } from "../../src/core/scope-schema";
import type { HistoryRecordWire } from "../../src/core/service-api";
import type { Database, SqlValue } from "./database";

interface EntryRow {
  project_id: string;
  name: string;
  choice: string;
  data_types: string;
  changed_by_id: string;
  changed_by_name: string;
  changed_at: string;
  op_id: string;
}

interface SettingsRow {
  include_new_projects: number | boolean;
  default_data_types: string;
  changed_by_id: string | null;
  changed_by_name: string | null;
  changed_at: string | null;
  op_id: string | null;
}

interface AppProfileRow {
  kind: string;
  client_id: string;
  changed_by_id: string;
  changed_by_name: string;
  changed_at: string;
  op_id: string;
}

/** Data types as stored (a JSON array); anything unknown is dropped rather than believed. */
function dataTypesFrom(text: string): DataType[] {
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? DATA_TYPES.filter((t) => parsed.includes(t)) : [];
}

/**
 * Data types of many rows: an organization's entries repeat a handful of stored texts, so each
 * text is parsed once per read and every entry gets its own copy.
 */
class DataTypesReader {
  private readonly parsed = new Map<string, DataType[]>();

  read(text: string): DataType[] {
    let types = this.parsed.get(text);
    if (!types) {
      types = dataTypesFrom(text);
      this.parsed.set(text, types);
    }
    return [...types];
  }
}

function entryFrom(row: EntryRow, dataTypes: DataTypesReader): ScopeEntry {
  return {
    projectId: row.project_id,
    name: row.name,
    choice: row.choice === "included" ? "included" : "excluded",
    dataTypes: row.choice === "included" ? dataTypes.read(row.data_types) : [],
    changedBy: { id: row.changed_by_id, displayName: row.changed_by_name },
    changedAt: row.changed_at,
    opId: row.op_id,
  };
}

function settingsFrom(row: SettingsRow | undefined): ScopeSettings {
  if (!row) return DEFAULT_SETTINGS;
  const settings: ScopeSettings = {
    includeNewProjects: row.include_new_projects === true || row.include_new_projects === 1,
    defaultDataTypes: dataTypesFrom(row.default_data_types),
  };
  if (row.op_id && row.changed_by_id && row.changed_at) {
    settings.opId = row.op_id;
    settings.changedBy = {
      id: row.changed_by_id,
      displayName: row.changed_by_name ?? row.changed_by_id,
    };
    settings.changedAt = row.changed_at;
  }
  return settings;
}

export async function loadScope(db: Database, organization: string): Promise<BackupScope> {
  const [rows, settingsRows] = await Promise.all([
    db.query<EntryRow>(
      "SELECT project_id, name, choice, data_types, changed_by_id, changed_by_name, changed_at, op_id " +
        "FROM scope_entries WHERE organization = $1 ORDER BY project_id",
      [organization],
    ),
    db.query<SettingsRow>(
      "SELECT include_new_projects, default_data_types, changed_by_id, changed_by_name, changed_at, op_id " +
        "FROM scope_settings WHERE organization = $1",
      [organization],
    ),
  ]);
  const dataTypes = new DataTypesReader();
  return {
    settings: settingsFrom(settingsRows[0]),
    entries: new Map(rows.map((r) => [r.project_id, entryFrom(r, dataTypes)])),
  };
}

/** Rows per INSERT: 8 values each stays far below both stores' parameter limits. */
const ENTRY_BATCH = 500;

/** Inserts or replaces entries, a batch of rows per statement (a save of 10,000 projects is 20). */
export async function writeEntries(
  tx: Database,
  organization: string,
  entries: readonly ScopeEntry[],
): Promise<void> {
  for (let start = 0; start < entries.length; start += ENTRY_BATCH) {
    const batch = entries.slice(start, start + ENTRY_BATCH);
    const params: SqlValue[] = [organization];
    const rows = batch.map((e) => {
      const first = params.length + 1;
      params.push(
        e.projectId,
        e.name,
        e.choice,
        JSON.stringify(e.choice === "included" ? e.dataTypes : []),
        e.changedBy.id,
        e.changedBy.displayName,
        e.changedAt,
        e.opId,
      );
      return `($1, ${Array.from({ length: 8 }, (_, i) => `$${first + i}`).join(", ")})`;
    });
    await tx.execute(
      "INSERT INTO scope_entries (organization, project_id, name, choice, data_types, changed_by_id, changed_by_name, changed_at, op_id) " +
        `VALUES ${rows.join(", ")} ` +
        "ON CONFLICT (organization, project_id) DO UPDATE SET name = excluded.name, choice = excluded.choice, " +
        "data_types = excluded.data_types, changed_by_id = excluded.changed_by_id, " +
        "changed_by_name = excluded.changed_by_name, changed_at = excluded.changed_at, op_id = excluded.op_id",
      params,
    );
  }
}

export async function writeSettings(
  tx: Database,
  organization: string,
  s: ScopeSettings,
): Promise<void> {
  await tx.execute(
    "INSERT INTO scope_settings (organization, include_new_projects, default_data_types, changed_by_id, changed_by_name, changed_at, op_id) " +
      "VALUES ($1, $2, $3, $4, $5, $6, $7) " +
      "ON CONFLICT (organization) DO UPDATE SET include_new_projects = excluded.include_new_projects, " +
      "default_data_types = excluded.default_data_types, changed_by_id = excluded.changed_by_id, " +
      "changed_by_name = excluded.changed_by_name, changed_at = excluded.changed_at, op_id = excluded.op_id",
    [
      organization,
      s.includeNewProjects ? 1 : 0,
      JSON.stringify(s.defaultDataTypes),
      s.changedBy?.id ?? null,
      s.changedBy?.displayName ?? null,
      s.changedAt ?? null,
      s.opId ?? null,
    ],
  );
}

export async function loadAppProfile(
  db: Database,
  organization: string,
): Promise<AppProfileSetting> {
  const [row] = await db.query<AppProfileRow>(
    "SELECT kind, client_id, changed_by_id, changed_by_name, changed_at, op_id FROM app_profiles WHERE organization = $1",
    [organization],
  );
  if (!row) return DEFAULT_APP_PROFILE;
  return {
    // The product's own app id wins over a stored one, as on the extension-data side.
    profile: row.kind === "custom" ? customAppProfile(row.client_id) : SERVICE_APP,
    changedBy: { id: row.changed_by_id, displayName: row.changed_by_name },
    changedAt: row.changed_at,
    opId: row.op_id,
  };
}

export async function writeAppProfile(
  tx: Database,
  organization: string,
  s: Required<AppProfileSetting>,
): Promise<void> {
  await tx.execute(
    "INSERT INTO app_profiles (organization, kind, client_id, changed_by_id, changed_by_name, changed_at, op_id) " +
      "VALUES ($1, $2, $3, $4, $5, $6, $7) " +
      "ON CONFLICT (organization) DO UPDATE SET kind = excluded.kind, client_id = excluded.client_id, " +
      "changed_by_id = excluded.changed_by_id, changed_by_name = excluded.changed_by_name, " +
      "changed_at = excluded.changed_at, op_id = excluded.op_id",
    [
      organization,
      s.profile.kind,
      s.profile.clientId,
      s.changedBy.id,
      s.changedBy.displayName,
      s.changedAt,
      s.opId,
    ],
  );
}

/** Stores the save's record; a second record with the same opId (a retry) is not added. */
export async function recordAudit(
  tx: Database,
  organization: string,
  record: HistoryRecordWire,
): Promise<boolean> {
  const added = await tx.execute(
    "INSERT INTO audit_records (organization, op_id, at, record) VALUES ($1, $2, $3, $4) " +
      "ON CONFLICT (organization, op_id) DO NOTHING",
    [organization, record.opId, record.at, JSON.stringify(record)],
  );
  return added > 0;
}

export async function hasAudit(db: Database, organization: string, opId: string): Promise<boolean> {
  const rows = await db.query<{ op_id: string }>(
    "SELECT op_id FROM audit_records WHERE organization = $1 AND op_id = $2",
    [organization, opId],
  );
  return rows.length > 0;
}

export interface HistoryCursor {
  at: string;
  opId: string;
}

export function encodeCursor(c: HistoryCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.opId]), "utf8").toString("base64url");
}

/** undefined when the text is not a cursor this service wrote. */
export function decodeCursor(text: string): HistoryCursor | undefined {
  try {
    const v = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string")
      return { at: v[0], opId: v[1] };
  } catch {
    // not base64url JSON: not ours
  }
  return undefined;
}

/**
 * A page of history stops short of `limit` once it holds this many characters of records (one
 * save of 10,000 projects is about 1.5 MB): a page stays a few MB whatever was saved.
 */
export const HISTORY_PAGE_CHARS = 4_000_000;

/** Newest first; `next` is set when older records remain. */
export async function loadHistory(
  db: Database,
  organization: string,
  limit: number,
  before?: HistoryCursor,
  maxChars = HISTORY_PAGE_CHARS,
): Promise<{ records: HistoryRecordWire[]; next?: HistoryCursor }> {
  const columns =
    "SELECT op_id, at, LENGTH(record) AS size FROM audit_records WHERE organization = $1";
  const heads = before
    ? await db.query<{ op_id: string; at: string; size: number }>(
        `${columns} AND (at < $2 OR (at = $2 AND op_id < $3)) ORDER BY at DESC, op_id DESC LIMIT $4`,
        [organization, before.at, before.opId, limit + 1],
      )
    : await db.query<{ op_id: string; at: string; size: number }>(
        `${columns} ORDER BY at DESC, op_id DESC LIMIT $2`,
        [organization, limit + 1],
      );
  const chosen: string[] = [];
  let chars = 0;
  for (const head of heads.slice(0, limit)) {
    const size = Number(head.size);
    if (chosen.length > 0 && chars + size > maxChars) break;
    chosen.push(head.op_id);
    chars += size;
  }
  if (chosen.length === 0) return { records: [] };
  const placeholders = chosen.map((_, i) => `$${i + 2}`).join(", ");
  const rows = await db.query<{ record: string }>(
    `SELECT record FROM audit_records WHERE organization = $1 AND op_id IN (${placeholders}) ORDER BY at DESC, op_id DESC`,
    [organization, ...chosen],
  );
  const records = rows.map((r) => JSON.parse(r.record) as HistoryRecordWire);
  const last = records[records.length - 1];
  return heads.length > chosen.length && last
    ? { records, next: { at: last.at, opId: last.opId } }
    : { records };
}

export type { AuditRecord };
