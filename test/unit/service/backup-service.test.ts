import { BackupServiceClient } from "../../../src/service/backup-service";
import { ServiceError } from "../../../src/service/service-error";
import { AppProfileConflictError, emptySnapshot } from "../../../src/core/scope-store";
import { customAppProfile } from "../../../src/core/app-profile";
import type {
  OrganizationStateWire,
  SaveScopeRequest,
  SaveScopeResponse,
} from "../../../src/core/service-api";
import { avery } from "../actors";

const blake = { id: "u-blake", displayName: "Blake Admin" };

function stateWire(over: Partial<OrganizationStateWire> = {}): OrganizationStateWire {
  return {
    organization: "fabrikam",
    tenantId: "tenant-1",
    caller: { actor: avery, isCollectionAdmin: true },
    scope: {
      settings: { includeNewProjects: false, defaultDataTypes: ["repos"], opId: "op-s" },
      entries: [
        {
          projectId: "p1",
          name: "Fiber",
          choice: "included",
          dataTypes: ["repos"],
          changedBy: blake,
          changedAt: "2026-01-01T00:00:00.000Z",
          opId: "op-1",
        },
      ],
    },
    appProfile: { profile: { kind: "service" } as never },
    connection: { status: "notConnected" },
    consent: { status: "unknown" },
    ...over,
  };
}

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

function fakeService(answers: ((sent: Sent) => Response)[]) {
  const sent: Sent[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const s: Sent = {
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    sent.push(s);
    const answer = answers.shift();
    if (!answer) throw new Error("no more answers");
    return answer(s);
  });
  const refreshes: boolean[] = [];
  const slept: number[] = [];
  const client = new BackupServiceClient({
    serviceUrl: "http://127.0.0.1:8090/",
    organization: "fabrikam",
    credentials: {
      authorization: async (force) => {
        refreshes.push(force);
        return `Bearer app-${force ? 2 : 1}`;
      },
      azureDevOpsToken: async (force) => `ado-${force ? 2 : 1}`,
    },
    fetch: fetch as unknown as typeof globalThis.fetch,
    sleep: async (ms) => void slept.push(ms),
  });
  return { client, sent, refreshes, slept };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json", ...headers },
    });

describe("BackupServiceClient", () => {
  it("reads the state once for the access gate and the scope, with both tokens", async () => {
    const { client, sent } = fakeService([json(stateWire())]);
    const [admin, tenant, snapshot] = await Promise.all([
      client.isCollectionAdmin(),
      client.tenant(),
      client.load(),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("http://127.0.0.1:8090/api/v1/organizations/fabrikam/state");
    expect(sent[0]?.headers.get("Authorization")).toBe("Bearer app-1");
    expect(sent[0]?.headers.get("X-Azure-DevOps-Token")).toBe("ado-1");
    expect(sent[0]?.headers.get("X-TFS-FedAuthRedirect")).toBeNull();
    expect(admin).toBe(true);
    expect(tenant).toEqual({ kind: "entra", tenantId: "tenant-1" });
    expect(snapshot.scope.entries.get("p1")?.changedBy).toEqual(blake);
    expect(snapshot.scope.settings.opId).toBe("op-s");
    expect(snapshot.organization?.caller.isCollectionAdmin).toBe(true);
    expect(snapshot.appProfile?.profile.kind).toBe("service");
  });

  it("says an organization without a tenant has none", async () => {
    const { tenantId: _omit, ...noTenant } = stateWire();
    const { client } = fakeService([json(noTenant)]);
    expect(await client.tenant()).toEqual({ kind: "none" });
  });

  it("saves with the opIds the admin saw and maps applied changes and conflicts back", async () => {
    const theirs = {
      projectId: "p1",
      name: "Fiber",
      choice: "excluded" as const,
      dataTypes: [],
      changedBy: blake,
      changedAt: "2026-02-01T00:00:00.000Z",
      opId: "op-theirs",
    };
    const { client, sent } = fakeService([
      json(stateWire()),
      (s) => {
        const req = s.body as SaveScopeRequest;
        const answer: SaveScopeResponse = {
          opId: req.opId,
          applied: [req.changes[1]!],
          settingsApplied: false,
          conflicts: [{ projectId: "p1", name: "Fiber", theirs, mine: req.changes[0]! }],
          settingsConflict: {
            theirs: { includeNewProjects: true, defaultDataTypes: ["wiki"], opId: "op-s2" },
            mine: req.settings!,
          },
          scope: { settings: stateWire().scope.settings, entries: [theirs] },
        };
        return json(answer)();
      },
    ]);
    const base = await client.load();
    const result = await client.save(
      base,
      [
        {
          projectId: "p1",
          name: "Fiber",
          // As the panel passes it: the stored entry itself.
          before: base.scope.entries.get("p1"),
          after: { choice: "included", dataTypes: ["repos", "wiki"] },
        },
        {
          projectId: "p2",
          name: "Mobile",
          before: undefined,
          after: { choice: "included", dataTypes: ["repos"] },
        },
      ],
      {
        before: { includeNewProjects: false, defaultDataTypes: ["repos"] },
        after: { includeNewProjects: true, defaultDataTypes: ["repos"] },
      },
      { actor: avery, opId: "op-mine" },
    );
    const req = sent[1]?.body as SaveScopeRequest;
    expect(sent[1]?.method).toBe("POST");
    expect(sent[1]?.url).toMatch(/\/organizations\/fabrikam\/scope\/changes$/);
    expect(req.opId).toBe("op-mine");
    expect(req.changes[0]?.seenOpId).toBe("op-1");
    expect(req.changes[0]?.before).toEqual({ choice: "included", dataTypes: ["repos"] });
    expect(req.changes[1]).not.toHaveProperty("seenOpId");
    expect(req.settings?.seenOpId).toBe("op-s");
    expect(result.applied.map((c) => c.projectId)).toEqual(["p2"]);
    expect(result.conflicts[0]?.theirs?.changedBy.displayName).toBe("Blake Admin");
    expect(result.conflicts[0]?.mine.after.dataTypes).toEqual(["repos", "wiki"]);
    expect(result.settingsConflict?.theirs.includeNewProjects).toBe(true);
    expect(result.snapshot.scope.entries.get("p1")?.opId).toBe("op-theirs");
    expect(result.snapshot.organization?.caller.actor).toEqual(avery);
  });

  it("types a refusal with the service's code and message", async () => {
    const { client } = fakeService([
      json({ code: "notCollectionAdmin", message: "Only a PCA can change this." }, 403),
    ]);
    const e = await client.checkConsent().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServiceError);
    expect(e).toMatchObject({
      code: "notCollectionAdmin",
      status: 403,
      message: "Only a PCA can change this.",
    });
  });

  it("asks for fresh tokens once after a 401, then succeeds", async () => {
    const { client, sent, refreshes } = fakeService([
      json({ code: "unauthenticated", message: "expired" }, 401),
      json({ status: "granted", tenantId: "t", clientId: "c", checkedAt: "2026-01-01T00:00:00Z" }),
    ]);
    expect((await client.checkConsent()).status).toBe("granted");
    expect(refreshes).toEqual([false, true]);
    expect(sent[1]?.headers.get("Authorization")).toBe("Bearer app-2");
    expect(sent[1]?.headers.get("X-Azure-DevOps-Token")).toBe("ado-2");
  });

  it("waits out Retry-After on 429, then succeeds", async () => {
    const { client, slept } = fakeService([
      json({ code: "rateLimited", message: "slow down" }, 429, { "Retry-After": "3" }),
      json({ url: "https://login.example/consent", state: "s1" }),
    ]);
    const flow = await client.startConsent("tenant-1");
    expect(flow.url).toBe("https://login.example/consent");
    expect(Math.max(...slept)).toBeGreaterThanOrEqual(2900);
  });

  it("reports an app profile conflict with what is stored now", async () => {
    const stored = {
      profile: customAppProfile("11111111-2222-4333-8444-555555555555"),
      changedBy: blake,
      changedAt: "2026-03-01T00:00:00.000Z",
      opId: "op-p",
    };
    const { client, sent } = fakeService([
      json({ code: "appProfileConflict", message: "changed", theirs: stored }, 409),
      json(stateWire({ appProfile: stored })),
    ]);
    const e = await client
      .saveAppProfile(
        {
          setting: {
            profile: customAppProfile("aaaaaaaa-2222-4333-8444-555555555555"),
            opId: "op-old",
          },
          etag: undefined,
        },
        customAppProfile("bbbbbbbb-2222-4333-8444-555555555555"),
        {
          actor: avery,
          opId: "op-new",
        },
      )
      .catch((x: unknown) => x);
    expect(sent[0]?.method).toBe("PUT");
    expect(sent[0]?.body).toMatchObject({
      opId: "op-new",
      seenOpId: "op-old",
      profile: { kind: "custom" },
    });
    expect(e).toBeInstanceOf(AppProfileConflictError);
    expect((e as AppProfileConflictError).theirs.setting.changedBy).toEqual(blake);
  });

  it("follows history pages", async () => {
    const record = (opId: string) => ({ opId, by: avery, at: "2026-01-01T00:00:00Z", changes: [] });
    const { client, sent } = fakeService([
      json({ records: [record("a")], next: "c1" }),
      json({ records: [record("b")] }),
    ]);
    const history = await client.loadHistory();
    expect(history.records.map((r) => r.opId)).toEqual(["a", "b"]);
    expect(sent[1]?.url).toContain("before=c1");
  });

  it("says the service could not be reached when it never answers", async () => {
    const { client } = fakeService(
      Array.from({ length: 6 }, () => () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const e = await client.load().catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "unreachable", status: 0 });
    expect(emptySnapshot().organization).toBeUndefined();
  });
});
