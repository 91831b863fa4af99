// Applies the ordered SQL files in service/store/migrations (NNN-name.sql) once each, recording
// each in schema_migrations. Numbers: 001–049 the service core, 050–099 identity. Files use the
// SQL both stores accept (TEXT, INTEGER, PRIMARY KEY, UNIQUE, REFERENCES, CREATE INDEX).
// Several service instances may start at once on PostgreSQL: an advisory lock held for the
// transaction makes the others wait, then find the files already applied.
import fs from "node:fs";
import path from "node:path";
import type { Database } from "./database";

export const MIGRATIONS_DIR = path.join(__dirname, "migrations");

/** Any fixed 64-bit number; the same for every instance of the service. */
const MIGRATION_LOCK_KEY = 8_020_260_001;

export interface Migration {
  id: string;
  sql: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ""), sql: fs.readFileSync(path.join(dir, f), "utf8") }));
}

/** Applies what is not applied yet; answers the ids it applied, in order. */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    if (tx.dialect === "postgres") {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    }
    await tx.executeScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const done = new Set(
      (await tx.query<{ id: string }>("SELECT id FROM schema_migrations")).map((r) => r.id),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.executeScript(m.sql);
      await tx.execute("INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)", [
        m.id,
        new Date().toISOString(),
      ]);
      applied.push(m.id);
    }
    return applied;
  });
}
