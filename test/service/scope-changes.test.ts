// The service's save rule for the scope (src/core/scope-changes.ts), without a database.
import { planScopeChanges } from "../../src/core/scope-changes";
import type { BackupScope, ScopeChoice, ScopeEntry } from "../../src/core/scope";
import { DEFAULT_SETTINGS } from "../../src/core/scope-schema";
import type { SaveScopeRequest } from "../../src/core/service-api";

const P1 = "11111111-1111-4111-8111-111111111111";
const P2 = "22222222-2222-4222-8222-222222222222";
const alice = { id: "a", displayName: "Alice" };
const bob = { id: "b", displayName: "Bob" };
const by = { actor: alice, at: "2026-01-02T03:04:05.000Z" };
const included: ScopeChoice = { choice: "included", dataTypes: ["repos"] };
const excluded: ScopeChoice = { choice: "excluded", dataTypes: [] };

function entry(projectId: string, opId: string, choice: ScopeChoice = included): ScopeEntry {
  return {
    projectId,
    name: "P",
    ...choice,
    changedBy: bob,
    changedAt: "2026-01-01T00:00:00Z",
    opId,
  };
}
function scopeWith(...entries: ScopeEntry[]): BackupScope {
  return { settings: DEFAULT_SETTINGS, entries: new Map(entries.map((e) => [e.projectId, e])) };
}

test("a change against what the admin saw is written with the verified caller and recorded once", () => {
  const request: SaveScopeRequest = {
    opId: "op-1",
    changes: [{ projectId: P1, name: "One", after: included }],
  };
  const plan = planScopeChanges(scopeWith(), request, by);
  expect(plan.writes).toEqual([
    { projectId: P1, name: "One", ...included, changedBy: alice, changedAt: by.at, opId: "op-1" },
  ]);
  expect(plan.conflicts).toEqual([]);
  expect(plan.audit).toMatchObject({
    opId: "op-1",
    by: alice,
    changes: [{ projectId: P1, kind: "added" }],
  });
});

test("another admin's change to the same project meanwhile is a conflict; the same change is nothing to do", () => {
  const scope = scopeWith(entry(P1, "theirs", excluded), entry(P2, "theirs", included));
  const plan = planScopeChanges(
    scope,
    {
      opId: "mine",
      changes: [
        { projectId: P1, name: "One", seenOpId: "old", before: excluded, after: included },
        { projectId: P2, name: "Two", seenOpId: "old", before: excluded, after: included },
      ],
    },
    by,
  );
  expect(plan.writes).toEqual([]);
  expect(plan.applied).toEqual([]);
  expect(plan.conflicts).toEqual([
    expect.objectContaining({ projectId: P1, theirs: expect.objectContaining({ opId: "theirs" }) }),
  ]);
  expect(plan.audit).toBeUndefined();
});

test("a retried save (same opId already stored) is applied without a second write", () => {
  const scope = scopeWith(entry(P1, "op-1", included));
  const plan = planScopeChanges(
    scope,
    { opId: "op-1", changes: [{ projectId: P1, name: "One", after: included }] },
    by,
  );
  expect(plan.writes).toEqual([]);
  expect(plan.applied).toHaveLength(1);
  expect(plan.audit?.opId).toBe("op-1");
});

test("settings follow the same rule: stale seenOpId conflicts, current one writes", () => {
  const scope: BackupScope = {
    settings: {
      ...DEFAULT_SETTINGS,
      opId: "s1",
      changedBy: bob,
      changedAt: "2026-01-01T00:00:00Z",
    },
    entries: new Map(),
  };
  const change = {
    before: DEFAULT_SETTINGS,
    after: { includeNewProjects: true, defaultDataTypes: DEFAULT_SETTINGS.defaultDataTypes },
  };
  const stale = planScopeChanges(
    scope,
    { opId: "x", changes: [], settings: { ...change, seenOpId: "s0" } },
    by,
  );
  expect(stale.settingsApplied).toBe(false);
  expect(stale.settingsConflict?.theirs.opId).toBe("s1");
  const fresh = planScopeChanges(
    scope,
    { opId: "y", changes: [], settings: { ...change, seenOpId: "s1" } },
    by,
  );
  expect(fresh.settingsWrite).toMatchObject({
    includeNewProjects: true,
    opId: "y",
    changedBy: alice,
  });
  expect(fresh.audit?.settings?.after.includeNewProjects).toBe(true);
});
