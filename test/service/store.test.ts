// The store under the service: one SQL dialect ($1 placeholders) on SQLite and PostgreSQL,
// migrations applied once even by instances starting together, transactions that roll back.
import { openDatabase, toSqlite } from "../../service/store/database";
import { migrate, readMigrations } from "../../service/store/migrate";
import { lockOrganization } from "../../service/store/organization-lock";
import { loadHistory, recordAudit } from "../../service/store/scope-repository";
import { ConfigError, configFromEnv } from "../../service/config";
import { createPgDatabase } from "./support/service-harness";

test("$n placeholders become positional values in order, repeats included", () => {
  expect(toSqlite("SELECT * FROM t WHERE a = $2 AND b = $1 OR c = $2", ["x", true])).toEqual({
    sql: "SELECT * FROM t WHERE a = ? AND b = ? OR c = ?",
    values: [1, "x", 1],
  });
  expect(() => toSqlite("SELECT $3", ["a"])).toThrow(/\$3/);
});

describe.each(["sqlite", "postgres"] as const)("store on %s", (kind) => {
  let url: string;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (kind === "postgres") ({ url, drop } = await createPgDatabase("store"));
    else url = "sqlite::memory:";
  });
  afterAll(async () => drop?.());

  test("migrations apply once, also when two instances start together", async () => {
    const a = await openDatabase(url);
    const b = kind === "postgres" ? await openDatabase(url) : a;
    try {
      const [first, second] = await Promise.all([migrate(a), migrate(b)]);
      const all = readMigrations().map((m) => m.id);
      expect([...first, ...second].sort()).toEqual([...all].sort());
      expect(await migrate(a)).toEqual([]);
      const rows = await a.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
      expect(rows.map((r) => r.id)).toEqual(all);
    } finally {
      if (b !== a) await b.close();
      await a.close();
    }
  });

  test("history pages stop short of the limit when records are large, and go on from the cursor", async () => {
    const db = await openDatabase(url);
    try {
      await migrate(db);
      const by = { id: "u", displayName: "U" };
      await db.transaction(async (tx) => {
        await lockOrganization(tx, "paging", new Date());
        for (let i = 0; i < 5; i++) {
          const record = {
            opId: `op-${i}`,
            by,
            at: `2026-01-0${i + 1}T00:00:00.000Z`,
            changes: [],
          };
          expect(await recordAudit(tx, "paging", record)).toBe(true);
        }
        expect(
          await recordAudit(tx, "paging", {
            opId: "op-0",
            by,
            at: "2027-01-01T00:00:00.000Z",
            changes: [],
          }),
        ).toBe(false);
      });
      const first = await loadHistory(db, "paging", 50, undefined, 200);
      expect(first.records.map((r) => r.opId)).toEqual(["op-4", "op-3"]);
      const rest = await loadHistory(db, "paging", 50, first.next, 10_000);
      expect(rest.records.map((r) => r.opId)).toEqual(["op-2", "op-1", "op-0"]);
      expect(rest.next).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  test("a failed transaction leaves nothing behind", async () => {
    const db = await openDatabase(url);
    try {
      await migrate(db);
      await expect(
        db.transaction(async (tx) => {
          await tx.execute("INSERT INTO organizations (name, created_at) VALUES ($1, $2)", [
            "rolled-back",
            "t",
          ]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(
        await db.query("SELECT name FROM organizations WHERE name = $1", ["rolled-back"]),
      ).toEqual([]);
      expect(
        await db.execute("INSERT INTO organizations (name, created_at) VALUES ($1, $2)", [
          "kept",
          "t",
        ]),
      ).toBe(1);
    } finally {
      await db.close();
    }
  });
});

test("the configuration names every missing or malformed variable", () => {
  let error: unknown;
  try {
    configFromEnv({
      SERVICE_LISTEN: "nope",
      ENTRA_AUTHORITY: "http://login.example",
      SERVICE_ENCRYPTION_KEY: "c2hvcnQ=",
      EXTENSION_APP_ID: "x",
    });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join("\n");
  for (const name of [
    "SERVICE_LISTEN",
    "ENTRA_AUTHORITY must be an https URL",
    "SERVICE_ENCRYPTION_KEY must be 32 bytes",
    "EXTENSION_APP_ID must be a GUID",
    "EXTENSION_KEY is missing",
    "AZURE_DEVOPS_URL is missing",
  ])
    expect(problems).toContain(name);
  const ok = configFromEnv({
    SERVICE_LISTEN: "0.0.0.0:9000",
    AZURE_DEVOPS_URL: "https://dev.azure.com/",
    ENTRA_AUTHORITY: "https://login.microsoftonline.com",
    SERVICE_APP_CLIENT_ID: "6f1c1d2e-7a4b-4f3c-9e8d-5b2a1c0d9e7f",
    SERVICE_APP_CLIENT_SECRET: "s",
    EXTENSION_ID: "ado-backup.backup-enablement",
    EXTENSION_KEY: "k",
    EXTENSION_APP_ID: "5E7C2A41-9D3B-4F08-B6A1-0C8E2F4D7A93",
    SERVICE_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
    SERVICE_ALLOWED_ORIGINS: "https://publisher.gallerycdn.vsassets.io, chrome-extension://abc/",
  });
  expect(ok).toMatchObject({
    listen: { host: "0.0.0.0", port: 9000 },
    azureDevOpsUrl: "https://dev.azure.com",
    extensionAppId: "5e7c2a41-9d3b-4f08-b6a1-0c8e2f4d7a93",
    store: "sqlite:.data/service.db",
    allowedOrigins: ["https://publisher.gallerycdn.vsassets.io", "chrome-extension://abc"],
  });
});
