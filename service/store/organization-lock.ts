// Saves to one organization run one after another: each takes the organization's row first.
// PostgreSQL: SELECT … FOR UPDATE (other instances wait on the row). SQLite: the transaction
// began with BEGIN IMMEDIATE, which already holds the database's one write lock.
import type { Database } from "./database";

/** Creates the organization's row if needed and locks it for the rest of the transaction. */
export async function lockOrganization(
  tx: Database,
  organization: string,
  now: Date,
): Promise<void> {
  await tx.execute(
    "INSERT INTO organizations (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    [organization, now.toISOString()],
  );
  if (tx.dialect === "postgres") {
    await tx.query("SELECT name FROM organizations WHERE name = $1 FOR UPDATE", [organization]);
  }
}
