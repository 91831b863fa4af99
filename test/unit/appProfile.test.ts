import {
  APP_PROFILE_ID,
  SERVICE_APP,
  clientIdProblem,
  customAppProfile,
  parseAppProfile,
  storedAppProfile,
} from "../../src/core/appProfile";
import { readAuditHistory } from "../../src/core/audit";
import type { Actor } from "../../src/core/scope";
import { AUDIT_COLLECTION, SCOPE_COLLECTION } from "../../src/core/scopeSchema";
import { AppProfileConflictError, ScopeStore, appProfileOf } from "../../src/core/scopeStore";
import { createConsentChecker } from "../../src/entra/consentCheck";
import { MemoryDocuments } from "./fakes/memoryDocuments";

const avery: Actor = { id: "u-avery", displayName: "Avery Admin" };
const blake: Actor = { id: "u-blake", displayName: "Blake Backup" };
const OWN = "0c8b2f6e-3d1a-4e5b-8f7c-2a9d6e4b1c30";
const by = (actor: Actor, opId: string) => ({
  actor,
  opId,
  now: () => new Date("2026-11-27T12:00:00Z"),
});

describe("app profile", () => {
  it("explains a client id that is not one", () => {
    expect(clientIdProblem("")).toMatch(/Enter the application/);
    expect(clientIdProblem("my-app")).toMatch(/is a GUID/);
    expect(clientIdProblem(` ${OWN.toUpperCase()} `)).toBeUndefined();
    expect(customAppProfile(` ${OWN.toUpperCase()} `).clientId).toBe(OWN);
  });

  it("reads back what it stores, and the service app is always the product's own", () => {
    const doc = storedAppProfile(customAppProfile(OWN), {
      actor: avery,
      at: "2026-11-27T12:00:00Z",
      opId: "op",
    });
    expect(parseAppProfile(doc)).toEqual({
      profile: customAppProfile(OWN),
      changedBy: avery,
      changedAt: "2026-11-27T12:00:00Z",
      opId: "op",
    });
    expect(parseAppProfile({ schemaVersion: 1, kind: "service", clientId: OWN }).profile).toEqual(
      SERVICE_APP,
    );
  });

  it("refuses a damaged or newer document", () => {
    expect(() => parseAppProfile({ schemaVersion: 1, kind: "custom", clientId: "x" })).toThrow(
      /client\) ID/,
    );
    expect(() => parseAppProfile({ schemaVersion: 1, kind: "other" })).toThrow(
      /neither service nor custom/,
    );
    expect(() => parseAppProfile({ schemaVersion: 2, kind: "service" })).toThrow(/newer version/);
    expect(() => parseAppProfile({ kind: "service" })).toThrow(/schemaVersion/);
  });

  it("comes with the scope load, and a damaged one does not block the scope", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    expect(appProfileOf(await store.load())).toEqual({
      setting: { profile: SERVICE_APP },
      etag: undefined,
    });
    docs.put(SCOPE_COLLECTION, {
      id: APP_PROFILE_ID,
      schemaVersion: 1,
      kind: "custom",
      clientId: "nope",
    });
    const damaged = await store.load();
    expect(damaged.problems).toEqual([]);
    expect(damaged.appProfileProblem?.message).toMatch(/app-profile/);
    // Saving over a damaged document replaces it, with its etag.
    const saved = await store.saveAppProfile(
      appProfileOf(damaged),
      customAppProfile(OWN),
      by(avery, "op-1"),
    );
    expect(saved.setting.profile).toEqual(customAppProfile(OWN));
    expect((await store.load()).appProfile?.profile).toEqual(customAppProfile(OWN));
  });

  it("saves with its etag, audits the change, and reports another admin's change instead of overwriting it", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    const base = appProfileOf(await store.load());
    const mine = await store.saveAppProfile(base, customAppProfile(OWN), by(avery, "op-1"));
    expect(mine.etag).toBe(1);
    // Blake read the same (empty) state: his create finds a document there.
    await expect(store.saveAppProfile(base, SERVICE_APP, by(blake, "op-2"))).rejects.toEqual(
      expect.any(AppProfileConflictError),
    );
    await expect(store.saveAppProfile(base, SERVICE_APP, by(blake, "op-3"))).rejects.toMatchObject({
      theirs: { etag: 1, setting: { profile: customAppProfile(OWN), changedBy: avery } },
    });
    const back = await store.saveAppProfile(mine, SERVICE_APP, by(blake, "op-4"));
    expect(back.etag).toBe(2);
    const history = readAuditHistory(await docs.listDocuments(AUDIT_COLLECTION));
    expect(history.records.map((r) => [r.by.displayName, r.appProfile?.after])).toEqual(
      expect.arrayContaining([
        ["Avery Admin", { kind: "custom", clientId: OWN }],
        ["Blake Backup", { kind: "service", clientId: SERVICE_APP.clientId }],
      ]),
    );
  });
});

describe("consent checker", () => {
  const request = { clientId: OWN, tenantId: "t-1" };

  it("says why it could not check when the host has no nested app auth, and tries again later", async () => {
    let calls = 0;
    const checker = createConsentChecker(
      async () => {
        if (++calls === 1) throw new Error("Nested App Authentication is not available");
      },
      async () => ({ probeConsent: async () => ({ kind: "consented" }) }),
    );
    expect(await checker.check(request)).toMatchObject({
      kind: "failed",
      code: "nested_app_auth_unavailable",
      description: expect.stringMatching(/not available/),
    });
    expect(await checker.check(request)).toEqual({ kind: "consented" });
    expect(await checker.check(request)).toEqual({ kind: "consented" });
    expect(calls).toBe(2); // enabled once it worked
  });

  it("reports a sign-in library that did not load", async () => {
    const checker = createConsentChecker(
      async () => undefined,
      () => Promise.reject(new Error("chunk failed")),
    );
    expect(await checker.check(request)).toMatchObject({ kind: "failed", code: "load_failed" });
  });
});
