// One UPDATE of a run's or restore's row by its key, from the columns it sets: what the stores'
// heartbeats and progress writes have in common (run-store.ts could use it as restore-store.ts
// does). Column and table names are the stores' own constants, never input; values are bound.
import type { Database } from "../store/database";

export async function updateRow(
  db: Database,
  table: string,
  set: Readonly<Record<string, string | number | null>>,
  where: Readonly<Record<string, string>>,
): Promise<void> {
  const columns = Object.keys(set);
  const keys = Object.keys(where);
  const assignments = columns.map((c, i) => `${c} = $${i + 1}`).join(", ");
  const conditions = keys.map((k, i) => `${k} = $${columns.length + i + 1}`).join(" AND ");
  await db.execute(`UPDATE ${table} SET ${assignments} WHERE ${conditions}`, [
    ...Object.values(set),
    ...Object.values(where),
  ]);
}
