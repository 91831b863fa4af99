// Issue 5, part 3: bad input at the level below the UI, against the backup service (PostgreSQL)
// through the product's own client: project names with markup, right-to-left and zero-width
// characters, 1,000 characters; a save too large for the service; project ids Azure DevOps does
// not know; projects renamed or deleted between load and save; a sign-in that expires mid-save.
// Each gets a clear message and loses no stored data. (Corrupt extension-data documents are read
// only by the service's one-time import: test/service/import.test.ts.)
import "../reliability/node-globals";
import { randomUUID } from "node:crypto";
import { ALL_DATA_TYPES } from "../../src/core/data-types";
import { type ProjectChange, type ProjectRef, choiceFor, reconcile } from "../../src/core/scope";
import { ServiceError } from "../../src/service/service-error";
import {
  type ServiceAdminSession,
  type ServiceOrganization,
  serviceAdminSession,
  startServiceOrganization,
} from "../reliability/service-organization";

const BODY_LIMIT = 64 * 1024;
let org: ServiceOrganization;
let projects: ProjectRef[];
let ops = 0;

beforeEach(async () => {
  org = await startServiceOrganization({
    projects: 60,
    seed: 11,
    instances: 1,
    faults: {},
    bodyLimit: BODY_LIMIT,
  });
  projects = org.fixture.projects.map((p) => ({ id: p.id, name: p.name }));
}, 30_000);

afterEach(async () => {
  await org?.stop();
});

const pca = () => {
  const user = org.administrators[0];
  if (!user) throw new Error("no administrator in the fixture");
  return user;
};
const admin = (more: Partial<Parameters<typeof serviceAdminSession>[1]> = {}) =>
  serviceAdminSession(org, { user: pca(), instance: org.instances[0] as string, ...more });
const options = (s: ServiceAdminSession, opId = `op-${++ops}`) => ({ actor: s.actor, opId });
const add = (p: ProjectRef, before?: ProjectChange["before"]): ProjectChange => ({
  projectId: p.id,
  name: p.name,
  before,
  after: choiceFor(true, ALL_DATA_TYPES),
});
const listProjects = () => org.listProjects(pca().id);

/** Three projects saved: the data that must not be lost. */
async function storeBaseline(s: ServiceAdminSession): Promise<ProjectRef[]> {
  const chosen = projects.slice(0, 3);
  const r = await s.client.save(
    await s.client.load(),
    chosen.map((p) => add(p)),
    undefined,
    options(s),
  );
  expect(r.applied).toHaveLength(3);
  return chosen;
}

const control = (path: string, method: string, body?: unknown) =>
  fetch(`${org.emulator.hostUrl}/_emulator/projects${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

test("entries for project ids the organization does not know show as deleted, and are kept", async () => {
  const s = admin();
  const baseline = await storeBaseline(s);
  const unknown = { id: "0badc0de-0000-4000-8000-00000000beef", name: "Gone Project" };
  const r1 = await s.client.save(await s.client.load(), [add(unknown)], undefined, options(s));
  expect(r1.applied).toHaveLength(1);
  const view = reconcile((await s.client.load()).scope, await listProjects());
  expect(view.deleted.map((e) => e.name)).toEqual(["Gone Project"]);
  expect(view.protectedCount).toBe(baseline.length);
  // Another save leaves the unknown entry alone.
  const neighbour = projects[5] as ProjectRef;
  await s.client.save(await s.client.load(), [add(neighbour)], undefined, options(s));
  const after = await s.client.load();
  expect(after.scope.entries.get(unknown.id)?.name).toBe("Gone Project");
  expect(after.scope.entries.get(neighbour.id)?.choice).toBe("included");
});

test("a save larger than the service accepts fails with a clear message; what was stored stays, and a smaller save then works", async () => {
  const s = admin();
  const baseline = await storeBaseline(s);
  // The service keeps entries of projects Azure DevOps no longer lists, so any id will do.
  const crowd = Array.from({ length: 1_000 }, (_, i) => ({
    id: randomUUID(),
    name: `Crowd project ${i}`,
  }));
  const base = await s.client.load();
  const historyBefore = await org.readHistory();
  const save = s.client.save(
    base,
    crowd.map((p) => add(p)),
    undefined,
    options(s),
  );
  await expect(save).rejects.toBeInstanceOf(ServiceError);
  await expect(save).rejects.toMatchObject({ code: "payloadTooLarge" });
  await expect(save).rejects.toThrow(/too large/);
  const unchanged = await s.client.load();
  expect([...unchanged.scope.entries.keys()].sort()).toEqual(baseline.map((p) => p.id).sort());
  expect(await org.readHistory()).toEqual(historyBefore);
  const small = await s.client.save(base, [add(crowd[0] as ProjectRef)], undefined, options(s));
  expect(small.applied).toHaveLength(1);
  const after = await s.client.load();
  for (const p of [...baseline, crowd[0] as ProjectRef])
    expect(after.scope.entries.get(p.id)?.choice).toBe("included");
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

  test("round-trip byte-exact through the projects list, the service's save, state and history", async () => {
    const s = admin();
    for (const name of names) expect((await control("", "POST", { name })).status).toBe(201);
    const listed = (await listProjects()).filter((p) => names.includes(p.name));
    expect(listed.map((p) => p.name).sort()).toEqual([...names].sort());
    const r = await s.client.save(
      await s.client.load(),
      listed.map((p) => add(p)),
      undefined,
      options(s),
    );
    expect(r.applied).toHaveLength(names.length);
    const loaded = await admin().client.load();
    expect(loaded.problems).toEqual([]);
    for (const p of listed)
      expect(Buffer.from(loaded.scope.entries.get(p.id)?.name ?? "")).toEqual(Buffer.from(p.name));
    const [record] = await org.readHistory();
    expect(record?.opId).toBe(r.opId);
    for (const c of record?.changes ?? []) {
      const full = listed.find((p) => p.id === c.projectId)?.name ?? "";
      expect(full.startsWith(c.name)).toBe(true);
    }
  });

  test("a name longer than a stored entry allows is clipped, and the scope stays readable", async () => {
    const s = admin();
    const baseline = await storeBaseline(s);
    const name = "🙂".repeat(1000); // 1,000 characters, 2,000 UTF-16 units
    const created = await control("", "POST", { name });
    const project = (await created.json()) as ProjectRef;
    const r = await s.client.save(await s.client.load(), [add(project)], undefined, options(s));
    expect(r.applied).toHaveLength(1);
    const loaded = await admin().client.load();
    expect(loaded.problems).toEqual([]);
    const stored = loaded.scope.entries.get(project.id)?.name ?? "x";
    expect(name.startsWith(stored)).toBe(true);
    expect(stored.codePointAt(stored.length - 2)).toBe(0x1f642); // no half of an emoji at the end
    for (const p of baseline) expect(loaded.scope.entries.get(p.id)?.choice).toBe("included");
  });
});

test("projects renamed or deleted while the hub is open are saved by id; rename and deletion show", async () => {
  const s = admin();
  const baseline = await storeBaseline(s);
  const kept = baseline[0] as ProjectRef;
  const seen = await listProjects();
  const base = await s.client.load();
  const [renamed, deleted] = projects.filter((p) => !baseline.includes(p)) as [
    ProjectRef,
    ProjectRef,
  ];
  expect((await control(`/${renamed.id}`, "POST", { name: "Renamed Meanwhile" })).status).toBe(200);
  expect((await control(`/${deleted.id}`, "DELETE")).status).toBe(200);
  expect((await control(`/${kept.id}`, "POST", { name: "Kept, Renamed" })).status).toBe(200);
  const names = new Map(seen.map((p) => [p.id, p.name]));
  const r = await s.client.save(
    base,
    [renamed, deleted].map((p) => add({ id: p.id, name: names.get(p.id) ?? "" })),
    undefined,
    options(s),
  );
  expect(r.applied).toHaveLength(2);
  const view = reconcile((await s.client.load()).scope, await listProjects());
  const row = (id: string) => view.rows.find((x) => x.project.id === id);
  expect(row(renamed.id)?.renamedFrom).toBe(renamed.name);
  expect(row(renamed.id)?.coverage.kind).toBe("chosen");
  expect(row(kept.id)?.renamedFrom).toBe(kept.name);
  expect(view.deleted.map((e) => e.projectId)).toEqual([deleted.id]);
});

describe("a sign-in that expires mid-save", () => {
  // An app token that expired an hour ago: the service answers 401 to the save itself.
  const expired = () => org.emulator.issueAppToken(pca().id, -3600);

  test("the client gets a new token once and the save completes, recorded once", async () => {
    const s = admin({ appToken: expired() });
    const changes = projects.slice(0, 4).map((p) => add(p));
    const r = await s.client.save(await admin().client.load(), changes, undefined, options(s));
    expect(r.applied).toHaveLength(changes.length);
    expect(s.refreshes()).toBe(1);
    const loaded = await admin().client.load();
    for (const c of changes) expect(loaded.scope.entries.get(c.projectId)?.opId).toBe(r.opId);
    expect((await org.readHistory()).filter((x) => x.opId === r.opId)).toHaveLength(1);
  });

  test("when no new token can be had: a clear error, nothing stored is lost, and Save again completes it", async () => {
    const baseline = await storeBaseline(admin());
    const before = await admin().client.load();
    const message = "Your Azure DevOps sign-in has expired. Sign in again, then save.";
    const s = admin({
      appToken: expired(),
      refreshAppToken: () => Promise.reject(new Error(message)),
    });
    const changes = projects
      .slice(3, 7)
      .filter((p) => !baseline.includes(p))
      .map((p) => add(p));
    const opId = `op-${++ops}`;
    await expect(
      s.client.save(before, changes, undefined, { actor: s.actor, opId }),
    ).rejects.toThrow(message);
    // Every entry stored before is still there, unchanged.
    const now = await admin().client.load();
    for (const [id, e] of before.scope.entries)
      expect(now.scope.entries.get(id)?.opId).toBe(e.opId);
    // Signed in again, the same save (same opId) completes, recorded once.
    const again = admin();
    const r = await again.client.save(before, changes, undefined, { actor: again.actor, opId });
    expect(r.applied).toHaveLength(changes.length);
    const final = await admin().client.load();
    for (const c of changes) expect(final.scope.entries.get(c.projectId)?.opId).toBe(opId);
    const records = (await org.readHistory()).filter((x) => x.opId === opId);
    expect(records).toHaveLength(1);
    expect(records[0]?.changes.map((c) => c.projectId).sort()).toEqual(
      changes.map((c) => c.projectId).sort(),
    );
  });
});
