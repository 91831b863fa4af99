// The backup service's HTTP API as both sides see it: the wire types shared by the service
// (service/) and its clients (the hub, the project panel and the browser popup). The service is
// the only authority for an organization's scope, app profile, connection and history: extension
// data has no access control, so nothing a client stores there is believed.
//
// Every path below is under `{serviceUrl}/api/v1/organizations/{organization}`, where
// `{organization}` is the organization's name as in `https://dev.azure.com/{organization}`.
//
// Authentication (the service believes no name, id or role a client sends):
// - the marketplace extension sends `Authorization: Bearer {app token}` (SDK.getAppToken(), an
//   HS256 JWT signed with the extension's key) and its own Azure DevOps access token in
//   `X-Azure-DevOps-Token` (SDK.getAccessToken()); the service checks with Azure DevOps that the
//   second names the same user in the same organization as the first;
// - the browser extension sends `Authorization: Bearer {Entra access token for the service app}`
//   and its Azure DevOps token in `X-Azure-DevOps-Token`, checked the same way.
// Reads need any member of the organization; every write needs a Project Collection
// Administrator, established with Azure DevOps itself (403 `notCollectionAdmin` otherwise).
import type { AppProfile } from "./app-profile";
import type { AuditRecord } from "./audit";
import type { BackupSchedule } from "./backup-schedule";
import type { DataType } from "./data-types";
import type { DataTypePlanWire, DataTypeRestoreWire, RestoreChoiceWire } from "./restore-data-wire";
import type { Actor, ScopeChoice, SettingsValue } from "./scope";

export const SERVICE_API_VERSION = "v1";
export const AZURE_DEVOPS_TOKEN_HEADER = "X-Azure-DevOps-Token";

/** Paths relative to the organization's base; one place so client and server cannot drift. */
export const SERVICE_PATHS = {
  /** GET: everything the hub's overview needs in one request. */
  state: "/state",
  /** POST SaveScopeRequest → SaveScopeResponse. */
  scopeChanges: "/scope/changes",
  /** GET ?before={cursor}&limit=N → HistoryPage. */
  history: "/history",
  /** PUT SaveAppProfileRequest → StoredAppProfileWire (409 AppProfileConflictBody). */
  appProfile: "/app-profile",
  /** POST {} → StartFlowResponse (sign in with the service app to connect the organization). */
  connectionStart: "/connection/start",
  /** POST {tenantId?} → StartFlowResponse (admin consent link for a Global Administrator). */
  consentStart: "/consent/start",
  /** POST {} → ConsentWire: the service asks Entra again whether the tenant has consented. */
  consentCheck: "/consent/check",
  /** POST StartRunRequest → StartRunResponse (PCA); GET `/runs/{runId}` → BackupRunWire. */
  runs: "/runs",
  /** GET ?projectId= → BackupsWire: each project's last backup, the schedule, the running run. */
  backups: "/backups",
  /** GET → BackupScheduleWire; PUT SaveScheduleRequest → BackupScheduleWire (PCA). */
  schedule: "/schedule",
  /** GET → RestoreSnapshotsWire: the snapshots a restore can start from (PCA). */
  restoreSnapshots: "/restore/snapshots",
  /** POST RestoreRequest → RestorePlanWire: what a restore would create; creates nothing (PCA). */
  restorePlans: "/restore/plans",
  /** POST ApplyRestoreRequest → StartRestoreResponse (PCA); GET `/restores/{restoreId}` → RestoreWire. */
  restores: "/restores",
} as const;

/** Public, unauthenticated paths at the service's root. */
export const SERVICE_PUBLIC_PATHS = {
  health: "/health",
  openApi: "/openapi.json",
  /** Entra's admin-consent redirect lands here (stable, registered redirect URI). */
  consentLanding: "/landing/consent",
  /** The connection sign-in (code + PKCE) redirect lands here. */
  signInLanding: "/landing/sign-in",
} as const;

export interface ScopeEntryWire extends ScopeChoice {
  projectId: string;
  name: string;
  changedBy: Actor;
  changedAt: string;
  opId: string;
}

export interface ScopeSettingsWire extends SettingsValue {
  changedBy?: Actor;
  changedAt?: string;
  opId?: string;
}

export interface StoredAppProfileWire {
  profile: AppProfile;
  /** Absent for the provided service app when nobody has chosen yet. */
  changedBy?: Actor;
  changedAt?: string;
  opId?: string;
}

export type ConnectionWire =
  | { status: "notConnected" }
  | { status: "connected"; by: Actor; at: string; account: string }
  /** The refresh token was revoked or expired, or the account is no longer a PCA. */
  | { status: "renewalNeeded"; by: Actor; at: string; account: string; reason: string };

export type ConsentWire =
  | { status: "unknown" }
  | { status: "granted"; tenantId: string; clientId: string; checkedAt: string }
  | { status: "notGranted"; tenantId: string; clientId: string; checkedAt: string; reason: string };

export interface OrganizationStateWire {
  organization: string;
  /** The Entra tenant the service established for the organization (absent: none, MSA-backed). */
  tenantId?: string;
  caller: { actor: Actor; isCollectionAdmin: boolean };
  scope: { settings: ScopeSettingsWire; entries: ScopeEntryWire[] };
  appProfile: StoredAppProfileWire;
  connection: ConnectionWire;
  consent: ConsentWire;
}

/** One project's change; `seenOpId` is the opId of the entry the admin saw (absent: none). */
export interface ProjectChangeWire {
  projectId: string;
  name: string;
  seenOpId?: string;
  before?: ScopeChoice;
  after: ScopeChoice;
}

export interface SettingsChangeWire {
  seenOpId?: string;
  before: SettingsValue;
  after: SettingsValue;
}

export interface SaveScopeRequest {
  /** Chosen by the client; a retried save sends the same opId and is recognised, never doubled. */
  opId: string;
  changes: ProjectChangeWire[];
  settings?: SettingsChangeWire;
}

export interface ConflictWire {
  projectId: string;
  name: string;
  /** What another admin stored meanwhile (absent: their entry was removed). */
  theirs?: ScopeEntryWire;
  mine: ProjectChangeWire;
}

export interface SaveScopeResponse {
  opId: string;
  applied: ProjectChangeWire[];
  settingsApplied: boolean;
  conflicts: ConflictWire[];
  settingsConflict?: { theirs: ScopeSettingsWire; mine: SettingsChangeWire };
  /** The scope as stored after this save. */
  scope: OrganizationStateWire["scope"];
}

export interface SaveAppProfileRequest {
  opId: string;
  /** opId of the profile the admin saw (absent: the provided service app, never chosen). */
  seenOpId?: string;
  profile: { kind: "service" } | { kind: "custom"; clientId: string };
}

export interface AppProfileConflictBody extends ServiceErrorBody {
  code: "appProfileConflict";
  theirs: StoredAppProfileWire;
}

/**
 * An audit record as the service keeps it. `imported` marks the one record of the one-time import
 * of the organization's former extension-data documents (by the PCA whose read triggered it).
 */
export interface HistoryRecordWire extends AuditRecord {
  /** A restore a PCA applied from the hub (its record has no scope changes). */
  restore?: RestoreAuditWire;
  /** "Back up now" a PCA pressed (hub, project panel or popup); scheduled runs are not recorded. */
  backupRun?: BackupRunAuditWire;
  /** A change of when backups run. */
  schedule?: { before: BackupSchedule; after: BackupSchedule };
  imported?: {
    from: "extensionData";
    /** Documents read from the scope collection. */
    documents: number;
    /** Documents that could not be read, in words; they were skipped, not imported. */
    problems: string[];
  };
}

export interface HistoryPage {
  records: HistoryRecordWire[];
  /** Pass as `before` for older records; absent on the last page. */
  next?: string;
}

export interface StartFlowResponse {
  /** Open in a new window (or copy, for consent). */
  url: string;
  /** Single-use, bound to this organization and caller; expires. */
  state: string;
}

export type ServiceErrorCode =
  | "unauthenticated"
  | "notCollectionAdmin"
  | "wrongOrganization"
  | "badRequest"
  | "payloadTooLarge"
  | "appProfileConflict"
  | "rateLimited"
  | "notFound"
  | "connectionRequired"
  | "internal";

/** Every 4xx/5xx body. `message` is written for the admin and safe to show as it is. */
export interface ServiceErrorBody {
  code: ServiceErrorCode;
  message: string;
}

export type { DataType };

// ---- Backup runs (issue 9): "Back up now", the schedule and each project's last backup. Runs act
// as the account that connected the organization; 409 `connectionRequired` when there is none.

/** Absent `projectId`: every project in the backup scope. */
export interface StartRunRequest {
  projectId?: string;
}

export interface StartRunResponse {
  runId: string;
  /** True when a run of the organization was already going: its id is answered, none started. */
  alreadyRunning: boolean;
}

/** How one project's backup ended: `partial` when some items failed (a snapshot was still kept). */
export type BackupOutcome = "succeeded" | "partial" | "failed" | "skipped";
export type RunProjectState = "queued" | "running" | BackupOutcome;

export interface RunProjectWire {
  projectId: string;
  name: string;
  state: RunProjectState;
  /** Repository jobs of this project: known once its repositories are listed. */
  jobsDone: number;
  jobsTotal: number;
}

export interface BackupRunWire {
  runId: string;
  trigger: "manual" | "schedule";
  requestedBy?: Actor;
  /** Set for "Back up now" of one project. */
  projectId?: string;
  /** `interrupted`: the service stopped while it ran (the next run carries on incrementally). */
  status: "running" | "finished" | "interrupted";
  startedAt: string;
  finishedAt?: string;
  /** Why the run as a whole stopped early (e.g. the connection needs renewal). */
  failure?: string;
  projectsDone: number;
  projectsTotal: number;
  jobsDone: number;
  jobsTotal: number;
  projects: RunProjectWire[];
}

export interface LastBackupWire {
  projectId: string;
  name: string;
  runId: string;
  outcome: BackupOutcome;
  /** When the backup finished. */
  at: string;
  durationMs: number;
  /** The data types it covered. */
  dataTypes: DataType[];
  /** Bytes this backup added to the destination (content already stored is not counted again). */
  bytesStored: number;
  /** Why it failed or what was left out, in words for the admin. */
  reason?: string;
}

export interface BackupScheduleWire {
  frequency: "daily" | "off";
  /** The hour of the day (UTC, 0–23) a daily run starts. */
  hourUtc: number;
  changedBy?: Actor;
  changedAt?: string;
  /** When the next scheduled run is due (absent when off). */
  nextRunAt?: string;
}

export interface SaveScheduleRequest {
  frequency: "daily" | "off";
  hourUtc: number;
}

export interface BackupsWire {
  backups: LastBackupWire[];
  schedule: BackupScheduleWire;
  /** The organization's run in progress, if any. */
  activeRun?: BackupRunWire;
}

/** Absent `projectId`: every project's last backup. */
export interface BackupsQuery {
  projectId?: string;
}

/**
 * The runs' routes as types (SERVICE_PATHS says them in words): what each takes and answers, for
 * the service that registers them and the client that calls them.
 */
export interface BackupRunsRoutes {
  /** POST runs (PCA): 202 when started, 200 when a run was already going. */
  startRun: { body: StartRunRequest; answer: StartRunResponse };
  /** GET runs/{runId} */
  run: { answer: BackupRunWire };
  /** GET backups?projectId= */
  backups: { query: BackupsQuery; answer: BackupsWire };
  /** GET schedule */
  schedule: { answer: BackupScheduleWire };
  /** PUT schedule (PCA) */
  saveSchedule: { body: SaveScheduleRequest; answer: BackupScheduleWire };
}

// ---- Restore (issue 9 item 7) from the hub: a plan first (creates nothing), then apply. Source:
// a snapshot of this organization's backups; target: a project of the same organization, named
// by the admin (another organization: the command line, `npm run restore`). Restore only creates:
// new repositories (a taken name gets "-restored"), never an overwrite or a force-push, never
// refs/pull/*. PCA only; applying runs as the connected account and is recorded in the history.

/** One project's snapshot of one run, which a restore can start from. */
export interface RestoreSnapshotWire {
  runId: string;
  projectId: string;
  projectName: string;
  /** When that backup finished. */
  at: string;
  outcome: BackupOutcome;
  /** The data types that backup holds (its project's scope then). */
  dataTypes?: DataType[];
}

export interface RestoreSnapshotsWire {
  /** Newest first. */
  snapshots: RestoreSnapshotWire[];
}

export interface RestoreRequest extends RestoreChoiceWire {
  /** The snapshot: its run and project. */
  runId: string;
  projectId: string;
  /** The target project's name (or id) in the same organization. */
  targetProject: string;
}

export interface PlannedRepositoryWire {
  sourceName: string;
  /** The new repository's name: the source's, or with "-restored" when that name is taken. */
  targetName: string;
  refs: number;
  lfsObjects: number;
  /** Pull requests, re-created with their threads as comments naming the original author and time. */
  pullRequests: number;
}

export interface PlannedWikiWire {
  sourceName: string;
  targetName: string;
  kind: "projectWiki" | "codeWiki";
}

export interface RestorePlanWire {
  /** Names this exact plan; apply refuses (409) when the plan worked out again differs. */
  planId: string;
  source: { runId: string; projectId: string; projectName: string; at: string };
  target: { organization: string; projectId: string; projectName: string };
  repositories: PlannedRepositoryWire[];
  wikis: PlannedWikiWire[];
  /** Branch policies and repository settings created on the new repositories, in words. */
  policies?: string[];
  /** Names already taken in the target and what the plan does instead, in words. */
  conflicts: string[];
  /** What will not be restored, and why. */
  skipped: { name: string; reason: string }[];
  /** What a restore cannot do as the original was (comment authors, pull-request ids). */
  notes: string[];
  /** The data types chosen (Repos and Wiki are the fields above). */
  dataTypes?: DataType[];
  /** Boards, Pipelines, Test Plans, Artifacts: each one's plan, when chosen. */
  dataTypePlans?: DataTypePlanWire[];
}

export interface ApplyRestoreRequest extends RestoreRequest {
  /** The planId the admin saw and confirmed. */
  planId: string;
}

export interface StartRestoreResponse {
  restoreId: string;
  /** True when a restore of the organization was already going: its id is answered. */
  alreadyRunning: boolean;
}

export interface RestoreWire {
  restoreId: string;
  requestedBy: Actor;
  source: { runId: string; projectId: string; projectName: string };
  target: { projectId: string; projectName: string };
  /** `interrupted`: the service stopped while it ran; what was created stays, nothing is undone. */
  status: "running" | "finished" | "interrupted";
  startedAt: string;
  finishedAt?: string;
  /** Repositories and wikis. */
  itemsDone: number;
  itemsTotal: number;
  created: { kind: "repository" | "wiki" | "pullRequest" | "policy"; name: string }[];
  failed: { name: string; reason: string }[];
  /** Why the restore as a whole stopped (e.g. the connection needs renewal). */
  failure?: string;
  /** Boards, Pipelines, Test Plans, Artifacts: each one's progress and result, in order. */
  dataTypes?: DataTypeRestoreWire[];
}

/** The history's record of a "Back up now": the run, and its one project (absent: the scope). */
export interface BackupRunAuditWire {
  runId: string;
  projectId?: string;
  /** The project's name when it was known at the start (the scope's, or Azure DevOps'). */
  projectName?: string;
}

/** The history's record of an applied restore. */
export interface RestoreAuditWire {
  restoreId: string;
  source: { runId: string; projectId: string; projectName: string };
  target: { projectId: string; projectName: string };
  repositories: string[];
  wikis: string[];
  /** The data types restored (absent: Repos and Wiki, as restores before issue 10). */
  dataTypes?: DataType[];
}
