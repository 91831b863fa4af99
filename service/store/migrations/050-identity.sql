-- Identity's tables (issue 8): the single-use `state` of each sign-in or consent flow, each
-- organization's connection (its refresh token encrypted, never in clear), the last consent check,
-- and an audit of who connected and who checked consent. Organization names lower-cased, times
-- ISO 8601 text, as in 001-scope.sql. No foreign key to organizations: identity never writes it.
CREATE TABLE identity_flow_states (
  -- SHA-256 of the state: the state itself is a bearer secret while the flow runs.
  state_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  organization TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  tenant TEXT,
  client_id TEXT,
  -- The PKCE verifier of a sign-in, encrypted like a refresh token.
  code_verifier TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE INDEX identity_flow_states_expiry ON identity_flow_states (expires_at);

CREATE TABLE organization_connections (
  organization TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  account TEXT NOT NULL,
  account_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  connected_by_id TEXT NOT NULL,
  connected_by_name TEXT NOT NULL,
  connected_at TEXT NOT NULL,
  -- "v1.{key id}.{iv}.{ciphertext}.{tag}", AES-256-GCM (service/identity/secret-box.ts).
  refresh_token TEXT NOT NULL,
  reason TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE organization_consents (
  organization TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  reason TEXT
);

CREATE TABLE identity_audit (
  id TEXT PRIMARY KEY,
  organization TEXT NOT NULL,
  event TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  at TEXT NOT NULL,
  -- JSON: what happened (account, tenant, client id, outcome); never a token.
  detail TEXT NOT NULL
);

CREATE INDEX identity_audit_newest ON identity_audit (organization, at);
