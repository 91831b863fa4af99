// Shared by the runs' and restore's service tests: the fixture's ids, the engine's queue (on
// PostgreSQL a database of a test file's own) and where backups go, waiting for a run or restore to end, and connecting the organization as
// Avery Admin (a Global Administrator consented beforehand, as the consent step records it).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { SERVICE_APP_ID, land, users, walkEntra, type Harness } from "../service-identity/harness";

const TENANT = "85bdc543-be4e-4cdc-9e52-7592e5333ced";
const ADO_SCOPE = "499b84ac-1321-427f-aa17-267ca6975798/user_impersonation";
const GRAPH_SCOPE = "https://graph.microsoft.com/User.Read.All";
export const FABRIKAM_FIBER = "59be05e4-91ed-404b-8e08-6c0b417bfc86";
export const FABRIKAM_WEB = "6831ef5d-84ec-417a-bb87-0265b9407584";

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await c.connect();
  await c.query(sql);
  await c.end();
}

/** A PostgreSQL database for the engine's queue, named `{prefix}_{random}`, and its removal. */
export async function createQueueDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The engine's queue for a test on `store`: a PostgreSQL database of its own, or a SQLite file. */
export async function queueFor(
  store: "sqlite" | "postgres",
  dir: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (store === "postgres") return createQueueDatabase(prefix);
  return { url: join(dir, "jobs.db"), drop: async () => undefined };
}

/** The service's backups under `dir` (their destination and kept mirrors), two jobs at a time. */
export function backupsIn(
  dir: string,
  queue: string,
): { destination: string; workDir: string; queue: string; concurrency: number } {
  return {
    destination: join(dir, "backups"),
    workDir: join(dir, "mirrors"),
    queue,
    concurrency: 2,
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Avery Admin connects the organization with the service app; its page says "Connected". */
export async function connectAsAvery(h: Harness): Promise<string> {
  h.emulator.entra.consents.push({
    tenantId: TENANT,
    clientId: SERVICE_APP_ID,
    scopes: [ADO_SCOPE, GRAPH_SCOPE],
    grantedBy: users.gloria,
    at: new Date().toISOString(),
  });
  const started = await h.call(users.avery, "/connection/start");
  if (started.status !== 200) throw new Error(`connection/start answered ${started.status}`);
  const page = await land(h, await walkEntra(h, String(started.json.url), users.avery));
  return page.body;
}
