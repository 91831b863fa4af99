-- Backup runs (issue 9): each run the service started ("Back up now" or the schedule), its
-- per-project progress and outcome (the hub's "last backup"), and each organization's schedule.
-- Organization names lower-cased, times ISO 8601 text, data types JSON text, as in 001-scope.sql.
-- Byte counts are BIGINT: a backup passes 2 GiB easily (SQLite reads it as INTEGER).
CREATE TABLE backup_runs (
  run_id TEXT PRIMARY KEY,
  organization TEXT NOT NULL,
  trigger_kind TEXT NOT NULL,
  -- One project's "Back up now"; NULL for the whole scope.
  project_id TEXT,
  requested_by_id TEXT,
  requested_by_name TEXT,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  -- Written while the run works: a run without a recent heartbeat died with its process.
  heartbeat_at TEXT NOT NULL,
  finished_at TEXT,
  failure TEXT
);

CREATE INDEX backup_runs_by_organization ON backup_runs (organization, started_at);

CREATE TABLE backup_run_projects (
  run_id TEXT NOT NULL REFERENCES backup_runs (run_id),
  project_id TEXT NOT NULL,
  organization TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  data_types TEXT NOT NULL,
  state TEXT NOT NULL,
  jobs_done INTEGER NOT NULL DEFAULT 0,
  jobs_total INTEGER NOT NULL DEFAULT 0,
  bytes_stored BIGINT NOT NULL DEFAULT 0,
  started_at TEXT,
  finished_at TEXT,
  reason TEXT,
  PRIMARY KEY (run_id, project_id)
);

CREATE INDEX backup_run_projects_last ON backup_run_projects (organization, project_id, finished_at);

CREATE TABLE backup_schedules (
  organization TEXT PRIMARY KEY,
  frequency TEXT NOT NULL,
  hour_utc INTEGER NOT NULL,
  changed_by_id TEXT NOT NULL,
  changed_by_name TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
