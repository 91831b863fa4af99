// Issue 5, part 3: bad input at the level below the UI. Stored documents that are corrupt, from a
// future version, too large, with duplicate or unknown project ids; project names with markup,
// right-to-left and zero-width characters, 1,000 characters; projects renamed or deleted between
// load and save; a token that expires mid-save. Each gets a clear message and loses no stored data.
// The product's own transport, adapters and store, over HTTP to the REST emulator.
import "../reliability/nodeGlobals";
import { readAuditHistory } from "../../src/core/audit";
import { ALL_DATA_TYPES } from "../../src/core/dataTypes";
import { DocumentTooLargeError } from "../../src/core/documents";
import { type ProjectChange, type ProjectRef, choiceFor, reconcile } from "../../src/core/scope";
import {
  AUDIT_COLLECTION,
  SCHEMA_VERSION,
  SCOPE_COLLECTION,
  SETTINGS_ID,
  type StoredDocument,
  shardIdOf,
} from "../../src/core/scopeSchema";
import { ScopeSaveError, type ScopeSnapshot } from "../../src/core/scopeStore";
import {
  type AdminSession,
  adminSession,
  type ReliabilityOrganization,
  startReliabilityOrganization,
} from "../reliability/organization";

let org: ReliabilityOrganization;
let projects: ProjectRef[];
let maxDocumentBytes: number;
let ops = 0;

beforeAll(async () => {
  org = await startReliabilityOrganization({ projects: 400, seed: 11 });
  maxDocumentBytes = org.emulator.settings.maxDocumentBytes;
});

afterAll(async () => {
  await org?.stop();
});

beforeEach(() => {
  org.emulator.reset();
  org.emulator.settings.maxDocumentBytes = maxDocumentBytes;
  projects = org.fixture.projects.map((p) => ({ id: p.id, name: p.name }));
});

const admin = (refreshToken?: () => Promise<string>): AdminSession => {
  const user = org.administrators[0];
  if (!user) throw new Error("no administrator in the fixture");
  return adminSession(org, { user, ...(refreshToken ? { refreshToken } : {}) });
};
const options = (s: AdminSession, opId = `op-${++ops}`) => ({ actor: s.actor, opId });
const add = (p: ProjectRef, before?: ProjectChange["before"]): ProjectChange => ({
  projectId: p.id,
  name: p.name,
  before,
  after: choiceFor(true, ALL_DATA_TYPES),
});
const inShard = (shardId: string): ProjectRef[] =>
  projects.filter((p) => shardIdOf(p.id) === shardId);
const writes = (): number =>
  org.emulator.requestLog.filter((e) => e.method !== "GET" && /\/documents/i.test(e.path)).length;

/** Three projects in three documents, saved through the store: the data that must not be lost. */
async function storeBaseline(s: AdminSession): Promise<ProjectRef[]> {
  const shards = new Set<string>();
  const chosen: ProjectRef[] = [];
  for (const p of projects) {
    if (shards.has(shardIdOf(p.id))) continue;
    shards.add(shardIdOf(p.id));
    chosen.push(p);
    if (chosen.length === 3) break;
  }
  const r = await s.store.save(
    await s.store.load(),
    chosen.map((p) => add(p)),
    undefined,
    options(s),
  );
  expect(r.applied).toHaveLength(3);
  return chosen;
}

const storedNow = (): { scope: StoredDocument[]; audit: StoredDocument[] } => ({
  scope: org.stored(SCOPE_COLLECTION),
  audit: org.stored(AUDIT_COLLECTION),
});

/** Whatever was planted, the load says what is wrong and the save refuses, writing nothing. */
async function expectRefusedAndUnchanged(s: AdminSession, message: RegExp): Promise<ScopeSnapshot> {
  const before = storedNow();
  const writesBefore = writes();
  const snap = await s.store.load();
  expect(snap.problems.map((p) => p.message).join("\n")).toMatch(message);
  const other = projects.find((p) => !snap.scope.entries.has(p.id)) as ProjectRef;
  const save = s.store.save(snap, [add(other)], undefined, options(s));
  await expect(save).rejects.toBeInstanceOf(ScopeSaveError);
  await expect(save).rejects.toThrow(message);
  expect(storedNow()).toEqual(before);
  expect(writes()).toBe(writesBefore);
  return snap;
}

describe("stored documents that cannot be read", () => {
  const entry = (overrides: Record<string, unknown> = {}) => ({
    name: "Planted",
    choice: "included",
    dataTypes: 63,
    changedBy: { id: "u-x", displayName: "Someone" },
    changedAt: "2026-01-01T00:00:00.000Z",
    opId: "planted",
    ...overrides,
  });
  // A shard none of the baseline's projects live in, so the baseline stays readable beside it.
  const spareShard = (baseline: ProjectRef[]): string =>
    [...Array(8).keys()]
      .map((i) => `shard-${i}`)
      .find((id) => !baseline.some((p) => shardIdOf(p.id) === id)) as string;
  const projectIn = (shardId: string): string => (inShard(shardId)[0] as ProjectRef).id;

  const cases: [string, (shardId: string) => Record<string, unknown>, RegExp][] = [
    [
      "projects is not an object",
      () => ({ schemaVersion: 1, projects: "oops" }),
      /\(shard-\d\) is not valid: projects is missing\. Nothing was changed/,
    ],
    [
      "no schema version",
      (id) => ({ projects: { [projectIn(id)]: entry() } }),
      /is not valid: schemaVersion is missing/,
    ],
    [
      "a choice that is neither",
      (id) => ({ schemaVersion: 1, projects: { [projectIn(id)]: entry({ choice: "maybe" }) } }),
      /neither included nor excluded/,
    ],
    [
      "unknown data type bits",
      (id) => ({ schemaVersion: 1, projects: { [projectIn(id)]: entry({ dataTypes: 1 << 12 }) } }),
      /has unknown data types/,
    ],
    [
      "an entry without its save's id",
      (id) => ({ schemaVersion: 1, projects: { [projectIn(id)]: entry({ opId: 7 }) } }),
      /has no opId/,
    ],
    [
      "an entry without a valid time",
      (id) => ({ schemaVersion: 1, projects: { [projectIn(id)]: entry({ changedAt: "soon" }) } }),
      /has no valid time/,
    ],
    [
      "a key that is not a project id",
      () => ({ schemaVersion: 1, projects: { "<script>alert(1)</script>": entry() } }),
      /project <script>alert\(1\)<\/script> is not a project id/,
    ],
  ];

  test.each(cases)(
    "%s: named in the message, the save refused, nothing changed",
    async (_, doc, message) => {
      const s = admin();
      const baseline = await storeBaseline(s);
      const shardId = spareShard(baseline);
      org.plant(SCOPE_COLLECTION, { id: shardId, ...doc(shardId) });
      const snap = await expectRefusedAndUnchanged(s, message);
      // What could be read is still shown.
      for (const p of baseline) expect(snap.scope.entries.get(p.id)?.choice).toBe("included");
    },
  );

  test("settings that are not true or false", async () => {
    const s = admin();
    await storeBaseline(s);
    org.plant(SCOPE_COLLECTION, {
      id: SETTINGS_ID,
      schemaVersion: 1,
      includeNewProjects: "yes",
      defaultDataTypes: 63,
    });
    await expectRefusedAndUnchanged(s, /\(settings\) is not valid: includeNewProjects/);
  });

  test("a document this extension never writes", async () => {
    const s = admin();
    await storeBaseline(s);
    org.plant(SCOPE_COLLECTION, { id: "notes", text: "hello" });
    await expectRefusedAndUnchanged(
      s,
      /\(notes\) is not valid: it is not a document this extension writes/,
    );
  });

  test.each([
    ["settings", () => ({ id: SETTINGS_ID, includeNewProjects: true, defaultDataTypes: 255 })],
    ["a shard", () => ({ id: "shard-0", projects: { anything: { future: true } } })],
  ])("%s from a future version asks for an update and is not overwritten", async (_, doc) => {
    const s = admin();
    await storeBaseline(s);
    org.plant(SCOPE_COLLECTION, { ...doc(), schemaVersion: SCHEMA_VERSION + 1 });
    const snap = await expectRefusedAndUnchanged(
      s,
      /written by a newer version of this extension \(schema version 2\)\. Update the extension before changing the scope\./,
    );
    expect(snap.problems[0]?.problem).toBe("future-version");
  });

  test("a project stored twice (in the wrong document too) is reported, not merged", async () => {
    const s = admin();
    const [first] = await storeBaseline(s);
    const own = shardIdOf((first as ProjectRef).id);
    const wrong = own === "shard-0" ? "shard-1" : "shard-0";
    const stored = org.stored(SCOPE_COLLECTION).find((d) => d.id === own) as StoredDocument;
    const entry = (stored.projects as Record<string, unknown>)[(first as ProjectRef).id];
    const existing = org.stored(SCOPE_COLLECTION).find((d) => d.id === wrong);
    org.plant(SCOPE_COLLECTION, {
      id: wrong,
      schemaVersion: 1,
      projects: {
        ...((existing?.projects as Record<string, unknown> | undefined) ?? {}),
        [(first as ProjectRef).id]: { ...(entry as object), choice: "excluded", dataTypes: 0 },
      },
    });
    await expectRefusedAndUnchanged(s, /is stored in the wrong document \(a duplicate\?\)/);
  });
});

test("entries for project ids the organization does not know show as deleted, and are kept", async () => {
  const s = admin();
  const baseline = await storeBaseline(s);
  const unknown = { id: "0badc0de-0000-4000-8000-00000000beef", name: "Gone Project" };
  const r1 = await s.store.save(await s.store.load(), [add(unknown)], undefined, options(s));
  expect(r1.applied).toHaveLength(1);
  const view = reconcile((await s.store.load()).scope, await s.organization.listProjects());
  expect(view.deleted.map((e) => e.name)).toEqual(["Gone Project"]);
  expect(view.protectedCount).toBe(baseline.length);
  // Another save elsewhere in the same document leaves the unknown entry alone.
  const neighbour = inShard(shardIdOf(unknown.id)).find((p) => !baseline.includes(p)) as ProjectRef;
  await s.store.save(await s.store.load(), [add(neighbour)], undefined, options(s));
  const after = await s.store.load();
  expect(after.scope.entries.get(unknown.id)?.name).toBe("Gone Project");
  expect(after.scope.entries.get(neighbour.id)?.choice).toBe("included");
});

describe("a document over the size limit", () => {
  test("fails with a clear message; what was stored stays, and a smaller save then works", async () => {
    const s = admin();
    const baseline = await storeBaseline(s);
    const shardId = shardIdOf((baseline[0] as ProjectRef).id);
    const crowd = inShard(shardId).filter((p) => !baseline.includes(p));
    expect(crowd.length).toBeGreaterThan(30);
    org.emulator.settings.maxDocumentBytes = 4_000;
    const before = storedNow();
    const base = await s.store.load();
    const save = s.store.save(
      base,
      crowd.map((p) => add(p)),
      undefined,
      options(s),
    );
    await expect(save).rejects.toBeInstanceOf(DocumentTooLargeError);
    await expect(save).rejects.toThrow(
      new RegExp(
        `The backup scope is too large to store \\(${shardId}\\): The document is \\d+ bytes; the largest document accepted is 4000 bytes\\.`,
      ),
    );
    expect(storedNow()).toEqual(before);
    const small = await s.store.save(base, [add(crowd[0] as ProjectRef)], undefined, options(s));
    expect(small.applied).toHaveLength(1);
    const after = await s.store.load();
    for (const p of [...baseline, crowd[0] as ProjectRef])
      expect(after.scope.entries.get(p.id)?.choice).toBe("included");
  });
});

describe("project names", () => {
  const names = [
    `<img src=x onerror="alert(1)"> & <b>bold</b>`,
    `<script>document.body.innerHTML = "pwned"</script>`,
    "\u202Egnp.exe النسخ الاحتياطي",
    "עברית ‏mixed‎ English",
    "Zero\u200Bwidth\u200C\u200Djoiner\uFEFF",
    `${"Long name ".repeat(99)}ending`, // 1,000 characters
    `${"é".repeat(995)}🙂🙂 Ω`, // 1,000 UTF-16 units, astral and combining-free
  ];

  test("round-trip byte-exact through the projects list, save and load", async () => {
    const s = admin();
    for (const name of names) {
      const response = await fetch(`${org.emulator.hostUrl}/_emulator/projects`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name }),
      });
      expect(response.status).toBe(201);
    }
    const listed = (await s.organization.listProjects()).filter((p) => names.includes(p.name));
    expect(listed.map((p) => p.name).sort()).toEqual([...names].sort());
    const r = await s.store.save(
      await s.store.load(),
      listed.map((p) => add(p)),
      undefined,
      options(s),
    );
    expect(r.applied).toHaveLength(names.length);
    const loaded = await admin().store.load();
    expect(loaded.problems).toEqual([]);
    for (const p of listed)
      expect(Buffer.from(loaded.scope.entries.get(p.id)?.name ?? "")).toEqual(Buffer.from(p.name));
    const record = readAuditHistory(org.stored(AUDIT_COLLECTION)).records[0];
    for (const c of record?.changes ?? []) {
      const full = listed.find((p) => p.id === c.projectId)?.name ?? "";
      expect(full.startsWith(c.name)).toBe(true);
    }
  });

  test("a name longer than a stored entry allows does not make the scope unreadable", async () => {
    const s = admin();
    const baseline = await storeBaseline(s);
    const name = "🙂".repeat(1000); // 1,000 characters, 2,000 UTF-16 units
    const created = await fetch(`${org.emulator.hostUrl}/_emulator/projects`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name }),
    });
    const project = (await created.json()) as ProjectRef;
    await s.store.save(await s.store.load(), [add(project)], undefined, options(s));
    const loaded = await admin().store.load();
    expect(loaded.problems).toEqual([]);
    expect(name.startsWith(loaded.scope.entries.get(project.id)?.name ?? "x")).toBe(true);
    for (const p of baseline) expect(loaded.scope.entries.get(p.id)?.choice).toBe("included");
  });
});

test("projects renamed or deleted while the hub is open are saved by id; rename and deletion show", async () => {
  const s = admin();
  const [kept, other] = await storeBaseline(s);
  const seen = await s.organization.listProjects();
  const base = await s.store.load();
  const [renamed, deleted] = projects.filter((p) => p !== kept && p !== other);
  const control = (path: string, method: string, body?: unknown) =>
    fetch(`${org.emulator.hostUrl}/_emulator/projects/${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  expect(
    (await control((renamed as ProjectRef).id, "POST", { name: "Renamed Meanwhile" })).status,
  ).toBe(200);
  expect((await control((deleted as ProjectRef).id, "DELETE")).status).toBe(200);
  expect((await control((kept as ProjectRef).id, "POST", { name: "Kept, Renamed" })).status).toBe(
    200,
  );
  const names = new Map(seen.map((p) => [p.id, p.name]));
  const r = await s.store.save(
    base,
    [renamed, deleted].map((p) =>
      add({ id: (p as ProjectRef).id, name: names.get((p as ProjectRef).id) ?? "" }),
    ),
    undefined,
    options(s),
  );
  expect(r.applied).toHaveLength(2);
  const view = reconcile((await s.store.load()).scope, await s.organization.listProjects());
  const row = (id: string) => view.rows.find((x) => x.project.id === id);
  expect(row((renamed as ProjectRef).id)?.renamedFrom).toBe((renamed as ProjectRef).name);
  expect(row((renamed as ProjectRef).id)?.coverage.kind).toBe("chosen");
  expect(row((kept as ProjectRef).id)?.renamedFrom).toBe((kept as ProjectRef).name);
  expect(view.deleted.map((e) => e.projectId)).toEqual([(deleted as ProjectRef).id]);
});

describe("a token that expires mid-save", () => {
  /** Projects in four different documents, so the save makes several writes. */
  const spread = (): ProjectRef[] => {
    const out: ProjectRef[] = [];
    for (const p of projects)
      if (!out.some((q) => shardIdOf(q.id) === shardIdOf(p.id))) out.push(p);
    return out.slice(0, 4);
  };
  const revokeAfterFirstWrite = (): typeof fetch => {
    let revoked = false;
    return async (input, init) => {
      const response = await fetch(input, init);
      if (!revoked && init?.method && init.method !== "GET" && response.ok) {
        revoked = true;
        org.emulator.revokeTokens();
      }
      return response;
    };
  };

  test("the transport gets a new token once and the save completes", async () => {
    const user = org.administrators[0];
    if (!user) throw new Error("no administrator");
    const s = adminSession(org, { user, fetch: revokeAfterFirstWrite() });
    const changes = spread().map((p) => add(p));
    const r = await s.store.save(await s.store.load(), changes, undefined, options(s));
    expect(r.applied).toHaveLength(changes.length);
    expect(s.tokensIssued()).toBe(2);
    expect(org.emulator.requestLog.some((e) => e.status === 401)).toBe(true);
    const loaded = await admin().store.load();
    for (const c of changes) expect(loaded.scope.entries.get(c.projectId)?.opId).toBe(r.opId);
    expect(readAuditHistory(org.stored(AUDIT_COLLECTION)).records).toHaveLength(1);
  });

  test("when no new token can be had: a clear error, nothing stored is lost, and Save again completes it", async () => {
    const s0 = admin();
    const baseline = await storeBaseline(s0);
    const storedBaseline = org.stored(SCOPE_COLLECTION);
    const user = org.administrators[0];
    if (!user) throw new Error("no administrator");
    const s = adminSession(org, {
      user,
      fetch: revokeAfterFirstWrite(),
      refreshToken: () =>
        Promise.reject(
          new Error("Your Azure DevOps sign-in has expired. Sign in again, then save."),
        ),
    });
    const changes = spread()
      .filter((p) => !baseline.includes(p))
      .map((p) => add(p));
    const base = await s.store.load();
    const opId = `op-${++ops}`;
    // Which request meets the dead token depends on timing (documents are written in parallel);
    // whichever it is, the admin is told why.
    await expect(s.store.save(base, changes, undefined, { actor: s.actor, opId })).rejects.toThrow(
      "Your Azure DevOps sign-in has expired. Sign in again, then save.",
    );
    // Every entry stored before is still there, unchanged.
    const now = await admin().store.load();
    for (const doc of storedBaseline)
      for (const [id, e] of Object.entries(doc.projects as Record<string, { opId: string }>))
        expect(now.scope.entries.get(id)?.opId).toBe(e.opId);
    // Signed in again, the same save (same opId) completes, recorded once.
    const again = admin();
    const r = await again.store.save(base, changes, undefined, { actor: again.actor, opId });
    expect(r.applied).toHaveLength(changes.length);
    const final = await admin().store.load();
    for (const c of changes) expect(final.scope.entries.get(c.projectId)?.opId).toBe(opId);
    const records = readAuditHistory(org.stored(AUDIT_COLLECTION)).records.filter(
      (x) => x.opId === opId,
    );
    expect(records).toHaveLength(1);
    expect(records[0]?.changes.map((c) => c.projectId).sort()).toEqual(
      changes.map((c) => c.projectId).sort(),
    );
  });
});
