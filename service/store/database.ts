// One SQL interface over the two stores the service runs on: an embedded SQLite file (npm start,
// small organizations) and PostgreSQL (production, several instances). Callers write PostgreSQL
// style `$1` placeholders; the SQLite side translates them. Values are strings, numbers, null or
// booleans (stored as 0/1 on both: migrations use INTEGER for flags, TEXT for times and JSON).
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";

export type SqlValue = string | number | boolean | null;
export type Dialect = "sqlite" | "postgres";

export interface Database {
  readonly dialect: Dialect;
  query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement and answers how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `fn` in one transaction (SQLite: BEGIN IMMEDIATE); nested calls join the outer one. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Several statements without parameters (a migration file). */
  executeScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

export class StoreConfigError extends Error {}

/** `sqlite:/path/to.db`, `sqlite::memory:` or `postgres://…` / `postgresql://…`. */
export async function openDatabase(url: string): Promise<Database> {
  if (url.startsWith("sqlite:")) return openSqlite(url.slice("sqlite:".length));
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return openPostgres(url);
  throw new StoreConfigError(
    `SERVICE_STORE must start with sqlite: or postgres:// (got "${url.split(":")[0]}:…")`,
  );
}

// ---- SQLite ------------------------------------------------------------------------------

/** `$1`, `$2` → positional `?` with the values in the order they appear (a `$n` may repeat). */
export function toSqlite(
  sql: string,
  params: readonly SqlValue[],
): { sql: string; values: (string | number | null)[] } {
  const values: (string | number | null)[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`SQL parameter $${n} has no value`);
    const v = params[index] as SqlValue;
    values.push(typeof v === "boolean" ? (v ? 1 : 0) : v);
    return "?";
  });
  return { sql: text, values };
}

/**
 * better-sqlite3 is synchronous and has one connection, so an async transaction would let other
 * requests' statements run inside it. Every use of the connection therefore waits its turn in
 * one queue; a transaction holds the queue until it ends. BEGIN IMMEDIATE also serializes
 * writers in other processes that share the file.
 */
class SqliteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function sqliteRunner(conn: BetterSqlite3.Database, tx: boolean): Omit<Database, "close"> {
  const statement = (sql: string, params: readonly SqlValue[]) => {
    const t = toSqlite(sql, params);
    return { stmt: conn.prepare(t.sql), values: t.values };
  };
  const self: Omit<Database, "close"> = {
    dialect: "sqlite",
    query: async <T>(sql: string, params: readonly SqlValue[] = []) => {
      const { stmt, values } = statement(sql, params);
      return (stmt.reader ? stmt.all(...values) : (stmt.run(...values), [])) as T[];
    },
    execute: async (sql, params = []) => {
      const { stmt, values } = statement(sql, params);
      return stmt.run(...values).changes;
    },
    executeScript: async (sql) => {
      conn.exec(sql);
    },
    transaction: async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
      const inner = { ...self, close: async () => {} } as Database;
      if (tx) return fn(inner);
      const txDb = { ...sqliteRunner(conn, true), close: async () => {} } as Database;
      conn.exec("BEGIN IMMEDIATE");
      try {
        const value = await fn(txDb);
        conn.exec("COMMIT");
        return value;
      } catch (e) {
        if (conn.inTransaction) conn.exec("ROLLBACK");
        throw e;
      }
    },
  };
  return self;
}

function openSqlite(file: string): Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const conn = new BetterSqlite3(file);
  conn.pragma("busy_timeout = 5000");
  if (file !== ":memory:") conn.pragma("journal_mode = WAL");
  conn.pragma("foreign_keys = ON");
  const queue = new SqliteQueue();
  const runner = sqliteRunner(conn, false);
  return {
    dialect: "sqlite",
    query: (sql, params) => queue.run(() => runner.query(sql, params)),
    execute: (sql, params) => queue.run(() => runner.execute(sql, params)),
    executeScript: (sql) => queue.run(() => runner.executeScript(sql)),
    transaction: (fn) => queue.run(() => runner.transaction(fn)),
    close: () => queue.run(async () => void conn.close()),
  };
}

// ---- PostgreSQL --------------------------------------------------------------------------

type PgQueryable = Pick<pg.Pool | pg.PoolClient, "query">;

function pgRunner(
  target: PgQueryable,
): Pick<Database, "dialect" | "query" | "execute" | "executeScript"> {
  return {
    dialect: "postgres",
    query: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await target.query(sql, params as SqlValue[])).rows as T[],
    execute: async (sql, params = []) =>
      (await target.query(sql, params as SqlValue[])).rowCount ?? 0,
    executeScript: async (sql) => {
      await target.query(sql);
    },
  };
}

function pgTransactionOn(client: pg.PoolClient): Database {
  const db: Database = {
    ...pgRunner(client),
    transaction: (fn) => fn(db),
    close: async () => {},
  };
  return db;
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on("error", (e) => console.error(`PostgreSQL pool: ${e.message}`));
  return {
    ...pgRunner(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const value = await fn(pgTransactionOn(client));
        await client.query("COMMIT");
        return value;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
