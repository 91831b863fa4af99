// The restores' rows (migration 110): one per restore applied from the hub, its progress and what
// it created. Starting one locks the organization (organization-lock.ts), so one organization
// never has two restores going at once, across requests and instances; the same transaction
// writes its record in the organization's history, with the identity the service verified.
import type { DataTypeRestoreWire } from "../../src/core/restore-data-wire";
import type { Actor } from "../../src/core/scope";
import type { HistoryRecordWire, RestoreAuditWire, RestoreWire } from "../../src/core/service-api";
import type { Database } from "../store/database";
import { lockOrganization } from "../store/organization-lock";
import { recordAudit } from "../store/scope-repository";
import { updateRow } from "./row-update";
import { isInterrupted, staleBefore } from "./run-store";

export interface NewRestore {
  restoreId: string;
  organization: string;
  requestedBy: Actor;
  /** What the history says was restored, from where, to where. */
  audit: Omit<RestoreAuditWire, "restoreId">;
  itemsTotal: number;
  /** Boards, Pipelines, Test Plans, Artifacts chosen (migration 120): each one's progress. */
  dataTypes: DataTypeRestoreWire[];
}

export type RestoreResultWire = Pick<RestoreWire, "created" | "failed">;

interface RestoreRow {
  restore_id: string;
  source_run_id: string;
  source_project_id: string;
  source_project_name: string;
  target_project_id: string;
  target_project_name: string;
  requested_by_id: string;
  requested_by_name: string;
  status: "running" | "finished";
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
  items_done: number | string;
  items_total: number | string;
  result: string | null;
  failure: string | null;
  data_types: string | null;
}

async function liveRestoreId(db: Database, organization: string, now: Date) {
  const rows = await db.query<{ restore_id: string }>(
    "SELECT restore_id FROM backup_restores WHERE organization = $1 AND status = 'running' AND heartbeat_at > $2 ORDER BY started_at DESC LIMIT 1",
    [organization, staleBefore(now)],
  );
  return rows[0]?.restore_id;
}

/** Records a new restore and its history record, unless one of the organization is live. */
export async function createRestore(
  db: Database,
  restore: NewRestore,
  now: Date,
): Promise<{ restoreId: string; alreadyRunning: boolean }> {
  return db.transaction(async (tx) => {
    await lockOrganization(tx, restore.organization, now);
    const live = await liveRestoreId(tx, restore.organization, now);
    if (live) return { restoreId: live, alreadyRunning: true };
    const at = now.toISOString();
    const { source, target } = restore.audit;
    await tx.execute(
      `INSERT INTO backup_restores (restore_id, organization, source_run_id, source_project_id,
         source_project_name, target_project_id, target_project_name, requested_by_id,
         requested_by_name, status, started_at, heartbeat_at, items_total, data_types)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10, $10, $11, $12)`,
      [
        restore.restoreId,
        restore.organization,
        source.runId,
        source.projectId,
        source.projectName,
        target.projectId,
        target.projectName,
        restore.requestedBy.id,
        restore.requestedBy.displayName,
        at,
        restore.itemsTotal,
        restore.dataTypes.length > 0 ? JSON.stringify(restore.dataTypes) : null,
      ],
    );
    const record: HistoryRecordWire = {
      opId: `restore-${restore.restoreId}`,
      by: restore.requestedBy,
      at,
      changes: [],
      restore: { ...restore.audit, restoreId: restore.restoreId },
    };
    await recordAudit(tx, restore.organization, record);
    return { restoreId: restore.restoreId, alreadyRunning: false };
  });
}

export async function restoreHeartbeat(
  db: Database,
  restoreId: string,
  now: Date,
  itemsDone?: number,
): Promise<void> {
  await updateRow(
    db,
    "backup_restores",
    {
      heartbeat_at: now.toISOString(),
      ...(itemsDone === undefined ? {} : { items_done: itemsDone }),
    },
    { restore_id: restoreId },
  );
}

/** The data types' progress and results so far (the hub shows them as they change). */
export async function restoreDataTypes(
  db: Database,
  restoreId: string,
  now: Date,
  dataTypes: readonly DataTypeRestoreWire[],
): Promise<void> {
  await updateRow(
    db,
    "backup_restores",
    { heartbeat_at: now.toISOString(), data_types: JSON.stringify(dataTypes) },
    { restore_id: restoreId },
  );
}

export async function finishRestore(
  db: Database,
  restoreId: string,
  now: Date,
  result: RestoreResultWire,
  failure?: string,
): Promise<void> {
  await db.execute(
    `UPDATE backup_restores SET status = 'finished', finished_at = $1, heartbeat_at = $1,
       result = $2, failure = $3 WHERE restore_id = $4`,
    [now.toISOString(), JSON.stringify(result), failure ?? null, restoreId],
  );
}

function restoreWire(row: RestoreRow, now: Date): RestoreWire {
  const result = row.result
    ? (JSON.parse(row.result) as RestoreResultWire)
    : { created: [], failed: [] };
  return {
    restoreId: row.restore_id,
    requestedBy: { id: row.requested_by_id, displayName: row.requested_by_name },
    source: {
      runId: row.source_run_id,
      projectId: row.source_project_id,
      projectName: row.source_project_name,
    },
    target: { projectId: row.target_project_id, projectName: row.target_project_name },
    status: isInterrupted(row, now) ? "interrupted" : row.status,
    startedAt: row.started_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    itemsDone: Number(row.items_done),
    itemsTotal: Number(row.items_total),
    created: result.created,
    failed: result.failed,
    ...(row.failure ? { failure: row.failure } : {}),
    ...(row.data_types ? { dataTypes: JSON.parse(row.data_types) as DataTypeRestoreWire[] } : {}),
  };
}

export async function loadRestore(
  db: Database,
  organization: string,
  restoreId: string,
  now: Date,
): Promise<RestoreWire | undefined> {
  const [row] = await db.query<RestoreRow>(
    "SELECT * FROM backup_restores WHERE organization = $1 AND restore_id = $2",
    [organization, restoreId],
  );
  return row ? restoreWire(row, now) : undefined;
}
