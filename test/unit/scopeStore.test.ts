import { auditDocuments, readAuditHistory } from "../../src/core/audit";
import { ALL_DATA_TYPES } from "../../src/core/dataTypes";
import {
  choiceFor,
  coverageOf,
  reconcile,
  type Actor,
  type ProjectChange,
} from "../../src/core/scope";
import type { StoredDocument } from "../../src/core/scopeSchema";
import {
  AUDIT_COLLECTION,
  MAX_NAME,
  SCOPE_COLLECTION,
  SHARD_COUNT,
  shardIdOf,
} from "../../src/core/scopeSchema";
import { ScopeSaveError, ScopeStore } from "../../src/core/scopeStore";
import { MemoryDocuments } from "./fakes/memoryDocuments";

const avery: Actor = { id: "u-avery", displayName: "Avery Admin" };
const blake: Actor = { id: "u-blake", displayName: "Blake Backup" };
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

describe("ScopeStore", () => {
  it("saves added projects and reads them back with who and when", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    const base = await store.load();
    const result = await store.save(base, [add(1), add(2)], undefined, opts(avery));
    expect(result.applied).toHaveLength(2);
    const again = await store.load();
    expect(coverageOf(again.scope, guid(1))).toEqual({
      kind: "chosen",
      dataTypes: [...ALL_DATA_TYPES],
    });
    expect(again.scope.entries.get(guid(2))?.changedBy).toEqual(avery);
    const history = readAuditHistory(await store.loadAudit());
    expect(history.records).toHaveLength(1);
    expect(history.records[0]?.changes.map((c) => c.kind)).toEqual(["added", "added"]);
  });

  it("keeps both admins' changes when they save at once (merge per project)", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    // Pick two projects that land in the same document, so the second write is stale.
    const a = 1;
    let b = 2;
    while (shardIdOf(guid(b)) !== shardIdOf(guid(a))) b++;
    const baseA = await store.load();
    const baseB = await store.load();
    await store.save(baseA, [add(a)], undefined, opts(avery));
    const r = await store.save(baseB, [add(b)], undefined, opts(blake));
    expect(r.conflicts).toEqual([]);
    const final = await store.load();
    expect(coverageOf(final.scope, guid(a)).kind).toBe("chosen");
    expect(coverageOf(final.scope, guid(b)).kind).toBe("chosen");
    expect(readAuditHistory(await store.loadAudit()).records).toHaveLength(2);
  });

  it("never overwrites another admin's change to the same project: it is a conflict", async () => {
    const store = new ScopeStore(new MemoryDocuments());
    const base = await store.load();
    await store.save(base, [add(7)], undefined, opts(avery));
    const remove: ProjectChange = {
      projectId: guid(7),
      name: "Project 7",
      before: undefined,
      after: choiceFor(false, []),
    };
    const r = await store.save(base, [remove], undefined, opts(blake));
    expect(r.applied).toEqual([]);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]?.theirs?.changedBy).toEqual(avery);
    expect(coverageOf((await store.load()).scope, guid(7)).kind).toBe("chosen");
  });

  it("recognises its own write when the answer was lost and the write is retried", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    const base = await store.load();
    docs.loseNextAnswer = true;
    const o = opts(avery);
    await expect(store.save(base, [add(3)], undefined, o)).rejects.toThrow("connection dropped");
    const r = await store.save(base, [add(3)], undefined, o);
    expect(r.applied).toHaveLength(1);
    expect(r.conflicts).toEqual([]);
  });

  it("selecting 10,000 projects costs one write per document plus the audit record", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    const base = await store.load();
    const changes = Array.from({ length: 10_000 }, (_, i) => add(i + 1));
    const r = await store.save(base, changes, undefined, opts(avery));
    expect(r.applied).toHaveLength(10_000);
    expect(r.writes).toBeLessThanOrEqual(10);
    expect(docs.collections.get(SCOPE_COLLECTION)?.size).toBe(SHARD_COUNT);
    const largest = Math.max(
      ...[...(docs.collections.get(SCOPE_COLLECTION)?.values() ?? [])].map(
        (d) => JSON.stringify(d).length,
      ),
    );
    expect(largest).toBeLessThan(1_000_000);
    expect(readAuditHistory(await store.loadAudit()).records[0]?.changes).toHaveLength(10_000);
  });

  it("include-new-projects covers unlisted projects, and removing one records an exclusion", async () => {
    const store = new ScopeStore(new MemoryDocuments());
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
    const history = readAuditHistory(await store.loadAudit());
    expect(history.records[0]?.changes[0]?.kind).toBe("removed");
  });

  it("reports a corrupt stored document and refuses to save over it", async () => {
    const docs = new MemoryDocuments();
    docs.put(SCOPE_COLLECTION, { id: "shard-0", schemaVersion: 1, projects: "oops" });
    const store = new ScopeStore(docs);
    const snap = await store.load();
    expect(snap.problems[0]?.message).toMatch(/not valid/);
    await expect(store.save(snap, [add(1)], undefined, opts(avery))).rejects.toBeInstanceOf(
      ScopeSaveError,
    );
    expect(docs.writes).toBe(0);
  });

  it("reports a document from a future version instead of reading it wrongly", async () => {
    const docs = new MemoryDocuments();
    docs.put(SCOPE_COLLECTION, {
      id: "settings",
      schemaVersion: 9,
      includeNewProjects: true,
      defaultDataTypes: 63,
    });
    const snap = await new ScopeStore(docs).load();
    expect(snap.problems[0]?.problem).toBe("future-version");
  });

  it("shows deleted and renamed projects for what they are", async () => {
    const store = new ScopeStore(new MemoryDocuments());
    const r = await store.save(await store.load(), [add(1), add(2)], undefined, opts(avery));
    const view = reconcile(r.snapshot.scope, [{ id: guid(1), name: "Renamed" }, project(3)]);
    expect(view.rows[0]?.renamedFrom).toBe("Project 1");
    expect(view.deleted.map((e) => e.name)).toEqual(["Project 2"]);
    expect(view.protectedCount).toBe(1);
  });

  it("keeps unreadable audit documents visible as a count", async () => {
    const docs = new MemoryDocuments();
    docs.put(AUDIT_COLLECTION, { id: "x", junk: true });
    expect(readAuditHistory(await new ScopeStore(docs).loadAudit()).unreadable).toBe(1);
  });

  // Found by the bad-input suite: a 1,000-character name of emoji (2,000 UTF-16 units) was written,
  // then refused by load, so the whole scope became unreadable and unsaveable for everyone.
  it("clips a name longer than load accepts, so a save never makes the scope unreadable", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    const name = "🙂".repeat(1000);
    const change = { ...add(4), name };
    const r = await store.save(await store.load(), [add(1), change], undefined, opts(avery));
    expect(r.applied).toHaveLength(2);
    const again = await store.load();
    expect(again.problems).toEqual([]);
    const stored = again.scope.entries.get(guid(4))?.name ?? "";
    expect(stored.length).toBeLessThanOrEqual(MAX_NAME);
    expect(name.startsWith(stored)).toBe(true);
    expect(stored.codePointAt(stored.length - 2)).toBe(0x1f642); // no half of an emoji at the end
  });

  it("refuses a change it could not read back, before writing anything", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    const bad: ProjectChange = { ...add(2), projectId: "My Project" };
    await expect(
      store.save(await store.load(), [add(1), bad], undefined, opts(avery)),
    ).rejects.toThrow(
      /The scope was not saved: a change cannot be stored as it is \(project My Project is not a project id\)\./,
    );
    expect(docs.writes).toBe(0);
    expect((await store.load()).problems).toEqual([]);
  });

  it("says why the audit record could not be written", async () => {
    const docs = new MemoryDocuments();
    const create = docs.createDocument.bind(docs);
    docs.createDocument = async (
      collection: string,
      doc: { id: string } & Record<string, unknown>,
    ): Promise<StoredDocument> => {
      if (collection === AUDIT_COLLECTION) throw new Error("Your sign-in has expired.");
      return create(collection, doc);
    };
    const store = new ScopeStore(docs);
    await expect(store.save(await store.load(), [add(1)], undefined, opts(avery))).rejects.toThrow(
      "The scope was saved, but its audit record could not be written: Your sign-in has expired.",
    );
  });
});

describe("audit documents", () => {
  it("split by size as well as count, so long names never push a part past the size limit", () => {
    const changes = Array.from({ length: 10_000 }, (_, i) => ({
      projectId: guid(i + 1),
      name: "名".repeat(200),
      kind: "added" as const,
      after: choiceFor(true, ALL_DATA_TYPES),
    }));
    const docs = auditDocuments({ opId: "op-x", by: avery, at: "2026-11-27T12:00:00Z", changes });
    expect(docs.length).toBeGreaterThan(2);
    for (const d of docs)
      expect(new TextEncoder().encode(JSON.stringify(d)).length).toBeLessThan(1_000_000);
    expect(docs.flatMap((d) => d.changes)).toHaveLength(10_000);
  });

  it("clips names without splitting a character", () => {
    const name = "a".repeat(127) + "😀";
    const [doc] = auditDocuments({
      opId: "op-y",
      by: avery,
      at: "2026-11-27T12:00:00Z",
      changes: [
        { projectId: guid(1), name, kind: "added", after: choiceFor(true, ALL_DATA_TYPES) },
      ],
    });
    expect(doc?.changes[0]?.[1]).toBe("a".repeat(127));
  });
});

describe("saving again after a failed save", () => {
  it("with the same save id, a changed choice supersedes what the failed attempt wrote", async () => {
    const docs = new MemoryDocuments();
    const store = new ScopeStore(docs);
    const base = await store.load();
    const o = opts(avery);
    docs.loseNextAnswer = true;
    await expect(store.save(base, [add(4)], undefined, o)).rejects.toThrow("connection dropped");
    const remove: ProjectChange = {
      projectId: guid(4),
      name: "Project 4",
      before: undefined,
      after: choiceFor(false, []),
    };
    const r = await store.save(base, [remove], undefined, o);
    expect(r.applied).toHaveLength(1);
    expect(coverageOf((await store.load()).scope, guid(4)).kind).toBe("excluded");
    const history = readAuditHistory(await store.loadAudit());
    expect(history.records).toHaveLength(1);
    expect(history.records[0]?.changes[0]?.after.choice).toBe("excluded");
  });
});
