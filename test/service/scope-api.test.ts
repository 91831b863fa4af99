// The backup service's scope, app profile and history, as PCAs and members see them, on SQLite
// and on PostgreSQL.
import { randomUUID } from "node:crypto";
import type {
  OrganizationStateWire,
  SaveScopeResponse,
  HistoryPage,
} from "../../src/core/service-api";
import { type Harness, STORES, newOpId, startHarness } from "./support/service-harness";

const included = { choice: "included" as const, dataTypes: ["repos" as const, "wiki" as const] };

describe.each(STORES)("scope API on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, `scope_api_${kind}`);
  });
  afterAll(async () => h?.stop());

  /** A GET the service answers with 200, as `userId` sends it. */
  async function read<T>(path: string, userId: string): Promise<T> {
    const res = await h.inject({ method: "GET", url: h.url(path), headers: h.headersOf(userId) });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  /** A save (POST /scope/changes) or an app profile change (PUT /app-profile) as `userId` sends it. */
  const write = (method: "POST" | "PUT", path: string, userId: string, payload: object) =>
    h.inject({ method, url: h.url(path), headers: h.headersOf(userId), payload });

  const state = (userId: string) => read<OrganizationStateWire>("/state", userId);
  const history = (userId: string) => read<HistoryPage>("/history", userId);

  test("a member reads the state, learns they are not an admin, and cannot change scope, rule or app profile", async () => {
    const s = await state(h.users.member);
    expect(s.caller).toEqual({
      actor: expect.objectContaining({ id: h.users.member }),
      isCollectionAdmin: false,
    });
    expect(s.tenantId).toBe(h.emulator.organization.tenantId);
    const project = h.emulator.state.sortedProjects()[0]!;
    const attempts = [
      {
        method: "POST" as const,
        url: h.url("/scope/changes"),
        payload: {
          opId: newOpId(),
          changes: [{ projectId: project.id, name: project.name, after: included }],
        },
      },
      {
        method: "POST" as const,
        url: h.url("/scope/changes"),
        payload: {
          opId: newOpId(),
          changes: [],
          settings: {
            before: { includeNewProjects: false, defaultDataTypes: [] },
            after: { includeNewProjects: true, defaultDataTypes: ["repos"] },
          },
        },
      },
      {
        method: "PUT" as const,
        url: h.url("/app-profile"),
        payload: {
          opId: newOpId(),
          profile: { kind: "custom", clientId: "0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30" },
        },
      },
    ];
    for (const a of attempts) {
      const res = await h.inject({ ...a, headers: h.headersOf(h.users.member) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        code: "notCollectionAdmin",
        message: expect.stringContaining(
          `Project Collection Administrators group of ${h.organization}`,
        ),
      });
    }
    expect((await history(h.users.pca)).records).toEqual([]);
    expect((await state(h.users.pca)).scope.entries).toEqual([]);
  });

  test("a PCA's save is stored with the verified caller, recorded once, and a retry is recognised", async () => {
    const project = h.emulator.state.sortedProjects()[1]!;
    const opId = newOpId();
    const body = {
      opId,
      changes: [{ projectId: project.id, name: project.name, after: included }],
    };
    const first = await write("POST", "/scope/changes", h.users.pca, body);
    expect(first.statusCode).toBe(200);
    const saved: SaveScopeResponse = first.json();
    expect(saved.applied).toHaveLength(1);
    const entry = saved.scope.entries.find((e) => e.projectId === project.id);
    expect(entry).toMatchObject({ ...included, opId, changedBy: { id: h.users.pca } });

    const retry = await write("POST", "/scope/changes", h.users.pca, body);
    expect(retry.statusCode).toBe(200);
    expect((retry.json() as SaveScopeResponse).applied).toHaveLength(1);
    expect((retry.json() as SaveScopeResponse).conflicts).toEqual([]);
    const records = (await history(h.users.member)).records.filter((r) => r.opId === opId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      by: { id: h.users.pca },
      changes: [{ projectId: project.id, kind: "added" }],
    });
  });

  test("a change to a project another PCA changed meanwhile is reported as a conflict, theirs kept", async () => {
    const project = h.emulator.state.sortedProjects()[2]!;
    const seen = (await state(h.users.pca)).scope.entries.find(
      (e) => e.projectId === project.id,
    )?.opId;
    const theirs = await write("POST", "/scope/changes", h.users.pca2, {
      opId: newOpId(),
      changes: [{ projectId: project.id, name: project.name, after: included }],
    });
    expect(theirs.statusCode).toBe(200);
    const mine = await write("POST", "/scope/changes", h.users.pca, {
      opId: newOpId(),
      changes: [
        {
          projectId: project.id,
          name: project.name,
          ...(seen ? { seenOpId: seen } : {}),
          after: { choice: "excluded", dataTypes: [] },
        },
      ],
    });
    const result: SaveScopeResponse = mine.json();
    expect(result.applied).toEqual([]);
    expect(result.conflicts).toEqual([
      expect.objectContaining({
        projectId: project.id,
        theirs: expect.objectContaining({
          changedBy: expect.objectContaining({ id: h.users.pca2 }),
        }),
      }),
    ]);
    expect(result.scope.entries.find((e) => e.projectId === project.id)?.choice).toBe("included");
  });

  test("the app profile: a PCA chooses their own app; a stale seenOpId is a 409 with theirs", async () => {
    const before = (await state(h.users.pca)).appProfile;
    const opId = newOpId();
    const mine = await write("PUT", "/app-profile", h.users.pca, {
      opId,
      ...(before.opId ? { seenOpId: before.opId } : {}),
      profile: { kind: "custom", clientId: "0C8B2F6E-3D1A-4E5B-8F7C-2A9D6E4B1C30" },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      profile: { kind: "custom", clientId: "0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30" },
      opId,
      changedBy: { id: h.users.pca },
    });
    const stale = await write("PUT", "/app-profile", h.users.pca2, {
      opId: newOpId(),
      ...(before.opId ? { seenOpId: before.opId } : {}),
      profile: { kind: "service" },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: "appProfileConflict",
      theirs: { opId, profile: { kind: "custom" } },
    });
    const record = (await history(h.users.pca)).records.find((r) => r.opId === opId);
    expect(record).toMatchObject({
      by: { id: h.users.pca },
      appProfile: { after: { kind: "custom" } },
    });
  });

  test("history pages newest first with a cursor", async () => {
    const all = (await history(h.users.pca)).records;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await h.inject({
      method: "GET",
      url: h.url("/history?limit=1"),
      headers: h.headersOf(h.users.pca),
    });
    const page: HistoryPage = first.json();
    expect(page.records.map((r) => r.opId)).toEqual([all[0]!.opId]);
    const second = await h.inject({
      method: "GET",
      url: h.url(`/history?limit=1&before=${page.next}`),
      headers: h.headersOf(h.users.pca),
    });
    expect((second.json() as HistoryPage).records.map((r) => r.opId)).toEqual([all[1]!.opId]);
  });

  test("one save of 10,000 projects is applied whole, with one history record", async () => {
    const changes = Array.from({ length: 10_000 }, () => ({
      projectId: randomUUID(),
      name: "A project with a name of ordinary length",
      after: { choice: "included" as const, dataTypes: ["repos" as const, "boards" as const] },
    }));
    const opId = newOpId();
    const res = await write("POST", "/scope/changes", h.users.pca, { opId, changes });
    expect(res.statusCode).toBe(200);
    const saved: SaveScopeResponse = res.json();
    expect(saved.applied).toHaveLength(10_000);
    expect(saved.scope.entries.filter((e) => e.opId === opId)).toHaveLength(10_000);
    const newest = (await history(h.users.pca)).records[0]!;
    expect(newest.opId).toBe(opId);
    expect(newest.changes).toHaveLength(10_000);
  }, 60_000);
});
