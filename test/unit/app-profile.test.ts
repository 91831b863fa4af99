import {
  APP_PROFILE_ID,
  SERVICE_APP,
  clientIdProblem,
  customAppProfile,
  parseAppProfile,
  storedAppProfile,
} from "../../src/core/app-profile";
import type { Actor } from "../../src/core/scope";
import { AppProfileConflictError, appProfileOf, snapshotFrom } from "../../src/core/scope-store";
import { createConsentChecker } from "../../src/entra/consent-check";
import { MemoryScopeRepository } from "./fakes/memory-scope-repository";
import { avery, blake } from "./actors";

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

  it("comes with the scope load; a damaged stored document does not block the scope", async () => {
    expect(appProfileOf(await new MemoryScopeRepository().load())).toEqual({
      setting: { profile: SERVICE_APP },
      etag: undefined,
    });
    // The service's one-time import reads old extension data documents with snapshotFrom.
    const damaged = snapshotFrom([
      { id: APP_PROFILE_ID, __etag: 1, schemaVersion: 1, kind: "custom", clientId: "nope" },
    ]);
    expect(damaged.problems).toEqual([]);
    expect(damaged.appProfileProblem?.message).toMatch(/app-profile/);
    expect(appProfileOf(damaged).setting.profile).toEqual(SERVICE_APP);
  });

  it("saves, records the change in the history, and reports another admin's change instead of overwriting it", async () => {
    const store = new MemoryScopeRepository();
    const base = appProfileOf(await store.load());
    const mine = await store.saveAppProfile(base, customAppProfile(OWN), by(avery, "op-1"));
    expect(mine.setting).toMatchObject({ profile: customAppProfile(OWN), changedBy: avery });
    // Blake read the same (never chosen) state: what he saw is no longer what is stored.
    await expect(store.saveAppProfile(base, SERVICE_APP, by(blake, "op-2"))).rejects.toEqual(
      expect.any(AppProfileConflictError),
    );
    await expect(store.saveAppProfile(base, SERVICE_APP, by(blake, "op-3"))).rejects.toMatchObject({
      theirs: { setting: { profile: customAppProfile(OWN), changedBy: avery } },
    });
    const back = await store.saveAppProfile(mine, SERVICE_APP, by(blake, "op-4"));
    expect(back.setting).toMatchObject({ profile: SERVICE_APP, changedBy: blake });
    const history = await store.loadHistory();
    expect(history.records.map((r) => [r.by.displayName, r.appProfile?.after])).toEqual([
      ["Blake Backup", { kind: "service", clientId: SERVICE_APP.clientId }],
      ["Avery Admin", { kind: "custom", clientId: OWN }],
    ]);
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
