// Once per organization, the first time a PCA reads it: the scope, its rule and the app profile
// the hub used to keep in extension data (collection `backup-scope`) are brought into the service,
// read with that PCA's own token. The audit collection is not imported: anyone could have written
// it. One history record, by the verified caller, says what was imported and what could not be
// read. Afterwards extension data is never read again for that organization.
import { SERVICE_APP, sameAppProfile } from "../../src/core/app-profile";
import type { AuditChange } from "../../src/core/audit";
import { coverageFrom, isProtected, sameSettings } from "../../src/core/scope";
import {
  DEFAULT_SETTINGS,
  SCOPE_COLLECTION,
  type StoredDocument,
} from "../../src/core/scope-schema";
import { type ScopeSnapshot, snapshotFrom } from "../../src/core/scope-store";
import type { HistoryRecordWire } from "../../src/core/service-api";
import type { AzureDevOpsClient } from "../azure-devops/client";
import type { Caller } from "../http/authentication";
import type { Database } from "../store/database";
import { lockOrganization } from "../store/organization-lock";
import {
  loadScope,
  recordAudit,
  writeAppProfile,
  writeEntries,
  writeSettings,
} from "../store/scope-repository";

/** The import's opId: fixed, so the record cannot be added twice. */
export const IMPORT_OP_ID = "import-extension-data";

export interface ImportDeps {
  db: Database;
  azureDevOps: AzureDevOpsClient;
  extensionId: string;
  now: () => Date;
}

async function importedAlready(db: Database, organization: string): Promise<boolean> {
  const rows = await db.query<{ imported_at: string | null }>(
    "SELECT imported_at FROM organizations WHERE name = $1",
    [organization],
  );
  return Boolean(rows[0]?.imported_at);
}

/** Documents as stored; anything without an id cannot be a document of ours. */
function readDocuments(raw: readonly unknown[]): { docs: StoredDocument[]; problems: string[] } {
  const docs: StoredDocument[] = [];
  const problems: string[] = [];
  for (const d of raw) {
    if (typeof d === "object" && d !== null && typeof (d as { id?: unknown }).id === "string")
      docs.push({ __etag: 0, ...(d as Record<string, unknown>), id: (d as { id: string }).id });
    else problems.push("A document without an id was skipped.");
  }
  return { docs, problems };
}

function importRecord(
  snapshot: ScopeSnapshot,
  documents: number,
  problems: string[],
  caller: Caller,
  at: string,
): HistoryRecordWire {
  const settings = snapshot.scope.settings;
  const changes: AuditChange[] = [];
  for (const e of snapshot.scope.entries.values()) {
    const after = { choice: e.choice, dataTypes: e.dataTypes };
    const kind = isProtected(coverageFrom(settings, after)) ? "added" : "removed";
    changes.push({ projectId: e.projectId, name: e.name, kind, after });
  }
  const record: HistoryRecordWire = {
    opId: IMPORT_OP_ID,
    by: caller.actor,
    at,
    changes,
    imported: { from: "extensionData", documents, problems },
  };
  if (!sameSettings(settings, DEFAULT_SETTINGS))
    record.settings = { before: DEFAULT_SETTINGS, after: settings };
  const profile = snapshot.appProfile?.profile;
  if (profile && !sameAppProfile(profile, SERVICE_APP))
    record.appProfile = {
      before: { kind: SERVICE_APP.kind, clientId: SERVICE_APP.clientId },
      after: { kind: profile.kind, clientId: profile.clientId },
    };
  return record;
}

async function store(
  tx: Database,
  organization: string,
  snapshot: ScopeSnapshot,
  caller: Caller,
  at: string,
): Promise<void> {
  await writeEntries(tx, organization, [...snapshot.scope.entries.values()]);
  const settings = snapshot.scope.settings;
  if (settings.opId || !sameSettings(settings, DEFAULT_SETTINGS))
    await writeSettings(tx, organization, settings);
  const p = snapshot.appProfile;
  if (p)
    await writeAppProfile(tx, organization, {
      profile: p.profile,
      changedBy: p.changedBy ?? caller.actor,
      changedAt: p.changedAt ?? at,
      opId: p.opId ?? IMPORT_OP_ID,
    });
}

/**
 * Imports the organization's extension-data scope unless done before. Failing to reach Azure
 * DevOps is thrown (the import is tried again on the next PCA read); unreadable documents are not.
 */
export async function importExtensionDataOnce(deps: ImportDeps, caller: Caller): Promise<void> {
  const { db } = deps;
  const { organization } = caller;
  if (await importedAlready(db, organization)) return;
  const raw = await deps.azureDevOps.extensionDocuments(
    organization,
    caller.azureDevOpsToken,
    deps.extensionId,
    SCOPE_COLLECTION,
  );
  const { docs, problems } = readDocuments(raw);
  const snapshot = snapshotFrom(docs);
  problems.push(...snapshot.problems.map((p) => p.message));
  if (snapshot.appProfileProblem) problems.push(snapshot.appProfileProblem.message);
  const at = deps.now().toISOString();
  await db.transaction(async (tx) => {
    await lockOrganization(tx, organization, deps.now());
    if (await importedAlready(tx, organization)) return; // another instance was first
    const existing = await loadScope(tx, organization);
    // Something was saved through the service already: that wins over old extension data.
    const serviceHasScope = existing.entries.size > 0 || existing.settings.opId !== undefined;
    if (!serviceHasScope && docs.length > 0) {
      await store(tx, organization, snapshot, caller, at);
      await recordAudit(
        tx,
        organization,
        importRecord(snapshot, docs.length, problems, caller, at),
      );
    }
    await tx.execute("UPDATE organizations SET imported_at = $2 WHERE name = $1", [
      organization,
      at,
    ]);
  });
}
