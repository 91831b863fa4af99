// The runs' rows (migration 100): a run, its projects' progress and outcomes, and each
// organization's schedule. Starting a run locks the organization (organization-lock.ts), so two
// requests or two instances never start two runs of one organization at once. "Back up now" and a
// change of the schedule write their record in the organization's history in the same
// transaction, with the identity the service verified.
import { randomUUID } from "node:crypto";
import type { Actor } from "../../src/core/scope";
import type { DataType } from "../../src/core/data-types";
import { type BackupSchedule, DEFAULT_BACKUP_SCHEDULE } from "../../src/core/backup-schedule";
import type {
  BackupOutcome,
  BackupRunWire,
  LastBackupWire,
  RunProjectState,
  HistoryRecordWire,
} from "../../src/core/service-api";
import type { Database } from "../store/database";
import { lockOrganization } from "../store/organization-lock";
import { recordAudit } from "../store/scope-repository";

/** A run whose heartbeat is older than this died with its process (it counts as interrupted). */
export const HEARTBEAT_STALE_MS = 5 * 60_000;

export interface PlannedProject {
  projectId: string;
  name: string;
  dataTypes: DataType[];
}

export interface NewRun {
  runId: string;
  organization: string;
  trigger: "manual" | "schedule";
  projectId?: string;
  /** The project's name when known at the start: the history names it. */
  projectName?: string;
  requestedBy?: Actor;
}

interface RunRow {
  run_id: string;
  trigger_kind: "manual" | "schedule";
  project_id: string | null;
  requested_by_id: string | null;
  requested_by_name: string | null;
  status: "running" | "finished";
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
  failure: string | null;
}

interface ProjectRow {
  project_id: string;
  name: string;
  data_types: string;
  state: RunProjectState;
  jobs_done: number | string;
  jobs_total: number | string;
  bytes_stored: number | string;
  started_at: string | null;
  finished_at: string | null;
  reason: string | null;
  run_id: string;
}

/** A running row's heartbeat at or before this (ISO) means its process died. */
export const staleBefore = (now: Date) =>
  new Date(now.getTime() - HEARTBEAT_STALE_MS).toISOString();

/** A run's or a restore's row still "running" whose process died (no heartbeat lately). */
export const isInterrupted = (row: { status: string; heartbeat_at: string }, now: Date) =>
  row.status === "running" && row.heartbeat_at <= staleBefore(now);

/** The organization's live run (a recent heartbeat), if any. */
async function activeRunId(db: Database, organization: string, now: Date) {
  const rows = await db.query<{ run_id: string }>(
    "SELECT run_id FROM backup_runs WHERE organization = $1 AND status = 'running' AND heartbeat_at > $2 ORDER BY started_at DESC LIMIT 1",
    [organization, staleBefore(now)],
  );
  return rows[0]?.run_id;
}

function backUpNowRecord(run: NewRun, by: Actor, at: string): HistoryRecordWire {
  return {
    opId: `run-${run.runId}`,
    by,
    at,
    changes: [],
    backupRun: {
      runId: run.runId,
      ...(run.projectId ? { projectId: run.projectId } : {}),
      ...(run.projectName ? { projectName: run.projectName } : {}),
    },
  };
}

/**
 * Records a new run unless one of the organization is live; `admit` (inside the lock) may refuse
 * it too (the scheduler re-checks that the slot was not taken meanwhile).
 */
export async function createRun(
  db: Database,
  run: NewRun,
  now: Date,
  admit: (tx: Database) => Promise<boolean> = async () => true,
): Promise<{ runId: string; alreadyRunning: boolean } | undefined> {
  return db.transaction(async (tx) => {
    await lockOrganization(tx, run.organization, now);
    const live = await activeRunId(tx, run.organization, now);
    if (live) return { runId: live, alreadyRunning: true };
    if (!(await admit(tx))) return undefined;
    const at = now.toISOString();
    await tx.execute(
      `INSERT INTO backup_runs (run_id, organization, trigger_kind, project_id, requested_by_id,
         requested_by_name, status, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $7)`,
      [
        run.runId,
        run.organization,
        run.trigger,
        run.projectId ?? null,
        run.requestedBy?.id ?? null,
        run.requestedBy?.displayName ?? null,
        at,
      ],
    );
    if (run.trigger === "manual" && run.requestedBy)
      await recordAudit(tx, run.organization, backUpNowRecord(run, run.requestedBy, at));
    return { runId: run.runId, alreadyRunning: false };
  });
}

export async function planProjects(
  db: Database,
  runId: string,
  organization: string,
  projects: PlannedProject[],
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [position, p] of projects.entries())
      await tx.execute(
        `INSERT INTO backup_run_projects (run_id, project_id, organization, name, position, data_types, state)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued')`,
        [runId, p.projectId, organization, p.name, position, JSON.stringify(p.dataTypes)],
      );
  });
}

/**
 * A run interrupted longer ago than this is left as it is (shown as interrupted): carrying it on
 * would back up a day-old choice of projects; the next scheduled run covers them.
 */
export const RESUME_WITHIN_MS = 24 * 60 * 60_000;

export interface InterruptedRun {
  runId: string;
  organization: string;
  projectId?: string;
}

/**
 * Runs whose process died (a stale heartbeat) that are their organization's latest run and
 * started within RESUME_WITHIN_MS: the ones a service carries on by itself.
 */
export async function interruptedRuns(db: Database, now: Date): Promise<InterruptedRun[]> {
  const rows = await db.query<{ run_id: string; organization: string; project_id: string | null }>(
    `SELECT r.run_id, r.organization, r.project_id FROM backup_runs r
     WHERE r.status = 'running' AND r.heartbeat_at <= $1 AND r.started_at > $2
       AND NOT EXISTS (SELECT 1 FROM backup_runs later
         WHERE later.organization = r.organization AND later.started_at > r.started_at)
     ORDER BY r.started_at`,
    [staleBefore(now), new Date(now.getTime() - RESUME_WITHIN_MS).toISOString()],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    organization: r.organization,
    ...(r.project_id ? { projectId: r.project_id } : {}),
  }));
}

/**
 * Takes an interrupted run over (its heartbeat becomes this process's), inside the organization's
 * lock: false when it is no longer interrupted (another instance took it, or it ended).
 */
export async function takeOverRun(db: Database, run: InterruptedRun, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lockOrganization(tx, run.organization, now);
    const taken = await tx.execute(
      "UPDATE backup_runs SET heartbeat_at = $1 WHERE run_id = $2 AND status = 'running' AND heartbeat_at <= $3",
      [now.toISOString(), run.runId, staleBefore(now)],
    );
    return taken > 0;
  });
}

/** The run's projects not finished yet; undefined when it died before planning any. */
export async function unfinishedProjects(
  db: Database,
  runId: string,
): Promise<PlannedProject[] | undefined> {
  const rows = await db.query<ProjectRow>(
    "SELECT * FROM backup_run_projects WHERE run_id = $1 ORDER BY position",
    [runId],
  );
  if (rows.length === 0) return undefined;
  return rows
    .filter((r) => r.state === "queued" || r.state === "running")
    .map((r) => ({
      projectId: r.project_id,
      name: r.name,
      dataTypes: JSON.parse(r.data_types) as DataType[],
    }));
}

export async function heartbeat(db: Database, runId: string, now: Date): Promise<void> {
  await db.execute("UPDATE backup_runs SET heartbeat_at = $1 WHERE run_id = $2", [
    now.toISOString(),
    runId,
  ]);
}

export async function projectStarted(
  db: Database,
  runId: string,
  projectId: string,
  now: Date,
): Promise<void> {
  await db.execute(
    "UPDATE backup_run_projects SET state = 'running', started_at = $1 WHERE run_id = $2 AND project_id = $3",
    [now.toISOString(), runId, projectId],
  );
}

export async function projectJobs(
  db: Database,
  runId: string,
  projectId: string,
  jobs: { done: number; total: number },
): Promise<void> {
  await db.execute(
    "UPDATE backup_run_projects SET jobs_done = $1, jobs_total = $2 WHERE run_id = $3 AND project_id = $4",
    [jobs.done, jobs.total, runId, projectId],
  );
}

export interface ProjectOutcome {
  outcome: BackupOutcome;
  bytesStored: number;
  reason?: string;
}

export async function projectFinished(
  db: Database,
  runId: string,
  projectId: string,
  result: ProjectOutcome,
  now: Date,
): Promise<void> {
  await db.execute(
    `UPDATE backup_run_projects SET state = $1, bytes_stored = $2, reason = $3, finished_at = $4,
       started_at = COALESCE(started_at, $4) WHERE run_id = $5 AND project_id = $6`,
    [
      result.outcome,
      result.bytesStored,
      result.reason ?? null,
      now.toISOString(),
      runId,
      projectId,
    ],
  );
}

export async function finishRun(
  db: Database,
  runId: string,
  now: Date,
  failure?: string,
): Promise<void> {
  await db.execute(
    "UPDATE backup_runs SET status = 'finished', finished_at = $1, heartbeat_at = $1, failure = $2 WHERE run_id = $3",
    [now.toISOString(), failure ?? null, runId],
  );
}

function runWire(run: RunRow, projects: ProjectRow[], now: Date): BackupRunWire {
  const list = projects.map((p) => ({
    projectId: p.project_id,
    name: p.name,
    state: p.state,
    jobsDone: Number(p.jobs_done),
    jobsTotal: Number(p.jobs_total),
  }));
  const ended = (s: RunProjectState) => s !== "queued" && s !== "running";
  const interrupted = isInterrupted(run, now);
  return {
    runId: run.run_id,
    trigger: run.trigger_kind,
    ...(run.requested_by_id
      ? { requestedBy: { id: run.requested_by_id, displayName: run.requested_by_name ?? "" } }
      : {}),
    ...(run.project_id ? { projectId: run.project_id } : {}),
    status: interrupted ? "interrupted" : run.status,
    startedAt: run.started_at,
    ...(run.finished_at ? { finishedAt: run.finished_at } : {}),
    ...(run.failure ? { failure: run.failure } : {}),
    projectsDone: list.filter((p) => ended(p.state)).length,
    projectsTotal: list.length,
    jobsDone: list.reduce((n, p) => n + p.jobsDone, 0),
    jobsTotal: list.reduce((n, p) => n + p.jobsTotal, 0),
    projects: list,
  };
}

export async function loadRun(
  db: Database,
  organization: string,
  runId: string,
  now: Date,
): Promise<BackupRunWire | undefined> {
  const [run] = await db.query<RunRow>(
    "SELECT * FROM backup_runs WHERE organization = $1 AND run_id = $2",
    [organization, runId],
  );
  if (!run) return undefined;
  const projects = await db.query<ProjectRow>(
    "SELECT * FROM backup_run_projects WHERE run_id = $1 ORDER BY position",
    [runId],
  );
  return runWire(run, projects, now);
}

export async function loadActiveRun(
  db: Database,
  organization: string,
  now: Date,
): Promise<BackupRunWire | undefined> {
  const runId = await activeRunId(db, organization, now);
  return runId ? loadRun(db, organization, runId, now) : undefined;
}

/** Each project's latest finished backup (of one project, when given). */
export async function loadLastBackups(
  db: Database,
  organization: string,
  projectId?: string,
): Promise<LastBackupWire[]> {
  const rows = await db.query<ProjectRow>(
    `SELECT * FROM (
       SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.project_id ORDER BY p.finished_at DESC) AS n
       FROM backup_run_projects p
       WHERE p.organization = $1 AND p.finished_at IS NOT NULL AND ($2 = '' OR p.project_id = $2)
     ) latest WHERE n = 1 ORDER BY name`,
    [organization, projectId ?? ""],
  );
  return rows.map((r) => ({
    projectId: r.project_id,
    name: r.name,
    runId: r.run_id,
    outcome: r.state as BackupOutcome,
    at: r.finished_at as string,
    durationMs: Math.max(
      0,
      Date.parse(r.finished_at as string) - Date.parse(r.started_at ?? (r.finished_at as string)),
    ),
    dataTypes: JSON.parse(r.data_types) as DataType[],
    bytesStored: Number(r.bytes_stored),
    ...(r.reason ? { reason: r.reason } : {}),
  }));
}

export interface StoredSchedule extends BackupSchedule {
  changedBy?: Actor;
  changedAt?: string;
}

export async function loadSchedule(db: Database, organization: string): Promise<StoredSchedule> {
  const [row] = await db.query<{
    frequency: "daily" | "off";
    hour_utc: number | string;
    changed_by_id: string;
    changed_by_name: string;
    changed_at: string;
  }>("SELECT * FROM backup_schedules WHERE organization = $1", [organization]);
  if (!row) return { ...DEFAULT_BACKUP_SCHEDULE };
  return {
    frequency: row.frequency,
    hourUtc: Number(row.hour_utc),
    changedBy: { id: row.changed_by_id, displayName: row.changed_by_name },
    changedAt: row.changed_at,
  };
}

export async function saveSchedule(
  db: Database,
  organization: string,
  schedule: BackupSchedule,
  by: Actor,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOrganization(tx, organization, now);
    const before = await loadSchedule(tx, organization);
    await tx.execute(
      `INSERT INTO backup_schedules (organization, frequency, hour_utc, changed_by_id, changed_by_name, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (organization) DO UPDATE SET frequency = $2, hour_utc = $3, changed_by_id = $4,
         changed_by_name = $5, changed_at = $6`,
      [
        organization,
        schedule.frequency,
        schedule.hourUtc,
        by.id,
        by.displayName,
        now.toISOString(),
      ],
    );
    // Saving the schedule as it was changes nothing, so the history gains nothing.
    if (before.frequency === schedule.frequency && before.hourUtc === schedule.hourUtc) return;
    const at = now.toISOString();
    await recordAudit(tx, organization, {
      opId: `schedule-${randomUUID()}`,
      by,
      at,
      changes: [],
      schedule: {
        before: { frequency: before.frequency, hourUtc: before.hourUtc },
        after: { frequency: schedule.frequency, hourUtc: schedule.hourUtc },
      },
    });
  });
}

export async function lastScheduledRunAt(
  db: Database,
  organization: string,
): Promise<Date | undefined> {
  const [row] = await db.query<{ started_at: string }>(
    "SELECT started_at FROM backup_runs WHERE organization = $1 AND trigger_kind = 'schedule' ORDER BY started_at DESC LIMIT 1",
    [organization],
  );
  return row ? new Date(row.started_at) : undefined;
}

/** Every organization the service knows (the scheduler asks each whether it is connected). */
export async function knownOrganizations(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string }>("SELECT name FROM organizations ORDER BY name");
  return rows.map((r) => r.name);
}
