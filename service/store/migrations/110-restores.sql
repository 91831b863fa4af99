-- Restores applied from the hub (issue 9 item 7): who asked, from which snapshot into which
-- project, progress while it runs, and what it created or could not. One live restore per
-- organization (started under the organization's lock). Times ISO 8601 text, result JSON text.
CREATE TABLE backup_restores (
  restore_id TEXT PRIMARY KEY,
  organization TEXT NOT NULL,
  source_run_id TEXT NOT NULL,
  source_project_id TEXT NOT NULL,
  source_project_name TEXT NOT NULL,
  target_project_id TEXT NOT NULL,
  target_project_name TEXT NOT NULL,
  requested_by_id TEXT NOT NULL,
  requested_by_name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  -- Written while it works: a restore without a recent heartbeat died with its process.
  heartbeat_at TEXT NOT NULL,
  finished_at TEXT,
  items_done INTEGER NOT NULL DEFAULT 0,
  items_total INTEGER NOT NULL DEFAULT 0,
  -- {created: [{kind, name}], failed: [{name, reason}]}
  result TEXT,
  failure TEXT
);

CREATE INDEX backup_restores_by_organization ON backup_restores (organization, started_at);
