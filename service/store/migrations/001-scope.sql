-- The service core's tables (issue 8). Organization names are stored lower-cased: Azure DevOps
-- treats them case-insensitively. Times are ISO 8601 text, data types and records JSON text,
-- flags INTEGER 0/1: the subset SQLite and PostgreSQL both accept.
CREATE TABLE organizations (
  name TEXT PRIMARY KEY,
  tenant_id TEXT,
  created_at TEXT NOT NULL,
  -- Set once the extension-data documents were imported (or found absent); never read again.
  imported_at TEXT
);

CREATE TABLE scope_settings (
  organization TEXT PRIMARY KEY REFERENCES organizations (name),
  include_new_projects INTEGER NOT NULL,
  default_data_types TEXT NOT NULL,
  changed_by_id TEXT,
  changed_by_name TEXT,
  changed_at TEXT,
  op_id TEXT
);

CREATE TABLE scope_entries (
  organization TEXT NOT NULL REFERENCES organizations (name),
  project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  choice TEXT NOT NULL,
  data_types TEXT NOT NULL,
  changed_by_id TEXT NOT NULL,
  changed_by_name TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  op_id TEXT NOT NULL,
  PRIMARY KEY (organization, project_id)
);

CREATE TABLE app_profiles (
  organization TEXT PRIMARY KEY REFERENCES organizations (name),
  kind TEXT NOT NULL,
  client_id TEXT NOT NULL,
  changed_by_id TEXT NOT NULL,
  changed_by_name TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  op_id TEXT NOT NULL
);

-- One record per save (opId unique per organization: a retried save adds nothing).
CREATE TABLE audit_records (
  organization TEXT NOT NULL REFERENCES organizations (name),
  op_id TEXT NOT NULL,
  at TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (organization, op_id)
);

CREATE INDEX audit_records_newest ON audit_records (organization, at, op_id);
