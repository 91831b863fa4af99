// The single-use state of a sign-in or consent: bound to its organization, caller and kind,
// expired after 10 minutes, and taken once even when two landings race for it.
import { startFlow, takeFlow, FLOW_LIFETIME_MS } from "../../service/identity/flow-states";
import { openDatabase, type Database } from "../../service/store/database";
import { migrate } from "../../service/store/migrate";

let db: Database;
const t0 = new Date("2026-11-29T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);
const avery = { id: "u-avery", displayName: "Avery Admin" };

beforeEach(async () => {
  db = await openDatabase("sqlite::memory:");
  await migrate(db);
});

afterEach(async () => {
  await db.close();
});

test("a state is taken once, for its own kind, with its organization and caller; only its hash is stored", async () => {
  const state = await startFlow(
    db,
    { kind: "consent", organization: "fabrikam", by: avery, tenant: "t", clientId: "c" },
    t0,
  );
  expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(JSON.stringify(await db.query("SELECT * FROM identity_flow_states"))).not.toContain(state);
  expect(await takeFlow(db, "connection", state, t0)).toBeUndefined();
  const [a, b] = await Promise.all([
    takeFlow(db, "consent", state, later(1000)),
    takeFlow(db, "consent", state, later(1000)),
  ]);
  expect([a, b].filter(Boolean)).toEqual([
    { kind: "consent", organization: "fabrikam", by: avery, tenant: "t", clientId: "c" },
  ]);
  expect(await takeFlow(db, "consent", state, later(2000))).toBeUndefined();
  expect(await takeFlow(db, "consent", undefined, t0)).toBeUndefined();
});

test("a state expires after 10 minutes and expired ones are cleared as new flows start", async () => {
  const state = await startFlow(
    db,
    { kind: "connection", organization: "fabrikam", by: avery },
    t0,
  );
  expect(await takeFlow(db, "connection", state, later(FLOW_LIFETIME_MS + 1))).toBeUndefined();
  await startFlow(db, { kind: "connection", organization: "fabrikam", by: avery }, t0);
  await startFlow(
    db,
    { kind: "connection", organization: "fabrikam", by: avery },
    later(FLOW_LIFETIME_MS + 1),
  );
  expect(await db.query("SELECT state_hash FROM identity_flow_states")).toHaveLength(1);
});
