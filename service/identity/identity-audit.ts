// Identity's audit trail: who connected the organization (and when it needed renewal), who asked
// for or checked admin consent, with what outcome. Never a token.
import { randomUUID } from "node:crypto";
import type { Actor } from "../../src/core/scope";
import type { Database } from "../store/database";

export type IdentityEvent =
  "connected" | "connectionRenewalNeeded" | "consentStarted" | "consentChecked";

export interface IdentityAuditEntry {
  organization: string;
  event: IdentityEvent;
  by: Actor;
  at: Date;
  detail: Record<string, string>;
}

export async function recordIdentityEvent(db: Database, entry: IdentityAuditEntry): Promise<void> {
  await db.execute(
    "INSERT INTO identity_audit (id, organization, event, actor_id, actor_name, at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [
      randomUUID(),
      entry.organization,
      entry.event,
      entry.by.id,
      entry.by.displayName,
      entry.at.toISOString(),
      JSON.stringify(entry.detail),
    ],
  );
}

export async function identityEventsOf(
  db: Database,
  organization: string,
): Promise<{ event: IdentityEvent; by: Actor; at: string; detail: Record<string, string> }[]> {
  const rows = await db.query<{
    event: IdentityEvent;
    actor_id: string;
    actor_name: string;
    at: string;
    detail: string;
  }>(
    "SELECT event, actor_id, actor_name, at, detail FROM identity_audit WHERE organization = $1 ORDER BY at, id",
    [organization],
  );
  return rows.map((r) => ({
    event: r.event,
    by: { id: r.actor_id, displayName: r.actor_name },
    at: r.at,
    detail: JSON.parse(r.detail) as Record<string, string>,
  }));
}
