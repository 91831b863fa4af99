// The scope model the pages share (src/core/scope-store.ts) over the service's rules (an in-memory
// ScopeRepository running the service's planner), and the reading of the old extension data
// documents that the service imports once.
import { ALL_DATA_TYPES } from "../../src/core/data-types";
import {
  choiceFor,
  coverageOf,
  reconcile,
  type Actor,
  type ProjectChange,
} from "../../src/core/scope";
import { MAX_NAME } from "../../src/core/scope-schema";
import { snapshotFrom } from "../../src/core/scope-store";
import { MemoryScopeRepository } from "./fakes/memory-scope-repository";
import { avery, blake } from "./actors";

const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const project = (n: number) => ({ id: guid(n), name: `Project ${n}` });

function add(n: number, before?: ProjectChange["before"]): ProjectChange {
  return {
    projectId: guid(n),
    name: `Project ${n}`,
    before,
    after: choiceFor(true, ALL_DATA_TYPES),
  };
}

let ops = 0;
const opts = (actor: Actor) => {
  const n = ++ops;
  return { actor, opId: `op-${n}`, now: () => new Date(Date.UTC(2026, 10, 27, 12, 0, n)) };
};

describe("saving the scope", () => {
  it("saves added projects and reads them back with who and when", async () => {
    const store = new MemoryScopeRepository();
    const base = await store.load();
    const result = await store.save(base, [add(1), add(2)], undefined, opts(avery));
    expect(result.applied).toHaveLength(2);
    const again = await store.load();
    expect(coverageOf(again.scope, guid(1))).toEqual({
      kind: "chosen",
      dataTypes: [...ALL_DATA_TYPES],
    });
    expect(again.scope.entries.get(guid(2))?.changedBy).toEqual(avery);
    const history = await store.loadHistory();
    expect(history.records).toHaveLength(1);
    expect(history.records[0]?.changes.map((c) => c.kind)).toEqual(["added", "added"]);
  });

  it("keeps both admins' changes when they save at once from the same view", async () => {
    const store = new MemoryScopeRepository();
    const baseA = await store.load();
    const baseB = await store.load();
    await store.save(baseA, [add(1)], undefined, opts(avery));
    const r = await store.save(baseB, [add(2)], undefined, opts(blake));
    expect(r.conflicts).toEqual([]);
    const final = await store.load();
    expect(coverageOf(final.scope, guid(1)).kind).toBe("chosen");
    expect(coverageOf(final.scope, guid(2)).kind).toBe("chosen");
    expect((await store.loadHistory()).records).toHaveLength(2);
  });

  it("never overwrites another admin's change to the same project: it is a conflict", async () => {
    const store = new MemoryScopeRepository();
    const base = await store.load();
    await store.save(base, [add(7)], undefined, opts(avery));
    // Blake, from the same view, adds it with only its repositories.
    const reposOnly: ProjectChange = { ...add(7), after: choiceFor(true, ["repos"]) };
    const r = await store.save(base, [reposOnly], undefined, opts(blake));
    expect(r.applied).toEqual([]);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]?.theirs?.changedBy).toEqual(avery);
    expect(coverageOf((await store.load()).scope, guid(7))).toEqual({
      kind: "chosen",
      dataTypes: [...ALL_DATA_TYPES],
    });
  });

  it("recognises its own save when the answer was lost and the save is retried", async () => {
    const store = new MemoryScopeRepository();
    const base = await store.load();
    store.loseNextAnswer = true;
    const o = opts(avery);
    await expect(store.save(base, [add(3)], undefined, o)).rejects.toThrow("fetch failed");
    const r = await store.save(base, [add(3)], undefined, o);
    expect(r.applied).toHaveLength(1);
    expect(r.conflicts).toEqual([]);
    expect((await store.loadHistory()).records).toHaveLength(1);
  });

  it("selecting 10,000 projects is one save with one history record naming each", async () => {
    const store = new MemoryScopeRepository();
    const base = await store.load();
    const changes = Array.from({ length: 10_000 }, (_, i) => add(i + 1));
    const r = await store.save(base, changes, undefined, opts(avery));
    expect(r.applied).toHaveLength(10_000);
    expect(store.writes).toBe(1);
    const history = await store.loadHistory();
    expect(history.records).toHaveLength(1);
    expect(history.records[0]?.changes).toHaveLength(10_000);
  });

  it("include-new-projects covers unlisted projects, and removing one records an exclusion", async () => {
    const store = new MemoryScopeRepository();
    const base = await store.load();
    const on = {
      before: base.scope.settings,
      after: { includeNewProjects: true, defaultDataTypes: [...ALL_DATA_TYPES] },
    };
    const r1 = await store.save(base, [], on, opts(avery));
    expect(r1.settingsApplied).toBe(true);
    expect(coverageOf(r1.snapshot.scope, guid(5)).kind).toBe("rule");
    const r2 = await store.save(
      r1.snapshot,
      [{ projectId: guid(5), name: "Project 5", before: undefined, after: choiceFor(false, []) }],
      undefined,
      opts(avery),
    );
    expect(coverageOf(r2.snapshot.scope, guid(5)).kind).toBe("excluded");
    const history = await store.loadHistory();
    expect(history.records[0]?.changes[0]?.kind).toBe("removed");
  });

  it("shows deleted and renamed projects for what they are", async () => {
    const store = new MemoryScopeRepository();
    const r = await store.save(await store.load(), [add(1), add(2)], undefined, opts(avery));
    const view = reconcile(r.snapshot.scope, [{ id: guid(1), name: "Renamed" }, project(3)]);
    expect(view.rows[0]?.renamedFrom).toBe("Project 1");
    expect(view.deleted.map((e) => e.name)).toEqual(["Project 2"]);
    expect(view.protectedCount).toBe(1);
  });

  // Found by the bad-input suite: a 1,000-character name of emoji (2,000 UTF-16 units) was stored
  // whole; names are clipped to what the scope accepts, never through half a character.
  it("clips a name longer than the scope accepts, without splitting a character", async () => {
    const store = new MemoryScopeRepository();
    const name = "🙂".repeat(1000);
    const change = { ...add(4), name };
    const r = await store.save(await store.load(), [add(1), change], undefined, opts(avery));
    expect(r.applied).toHaveLength(2);
    const stored = (await store.load()).scope.entries.get(guid(4))?.name ?? "";
    expect(stored.length).toBeLessThanOrEqual(MAX_NAME);
    expect(name.startsWith(stored)).toBe(true);
    expect(stored.codePointAt(stored.length - 2)).toBe(0x1f642); // no half of an emoji at the end
  });
});

describe("old extension data documents (read once by the service's import)", () => {
  it("reports a corrupt stored document", () => {
    const snap = snapshotFrom([{ id: "shard-0", __etag: 1, schemaVersion: 1, projects: "oops" }]);
    expect(snap.problems[0]?.message).toMatch(/not valid/);
  });

  it("reports a document from a future version instead of reading it wrongly", () => {
    const snap = snapshotFrom([
      {
        id: "settings",
        __etag: 1,
        schemaVersion: 9,
        includeNewProjects: true,
        defaultDataTypes: 63,
      },
    ]);
    expect(snap.problems[0]?.problem).toBe("future-version");
  });
});
