// Issue 5, part 2: admins saving the backup scope at once, through faults, lose nothing.
// Default size runs in well under a minute; RELIABILITY_SCALE=5 (or scripts/reliability.ts with
// --admins/--rounds) makes it bigger.
import { auditDocuments } from "../../src/core/audit";
import { ALL_DATA_TYPES } from "../../src/core/dataTypes";
import { type Actor, choiceFor } from "../../src/core/scope";
import {
  SCHEMA_VERSION,
  type StoredDocument,
  shardIdOf,
  storedEntry,
} from "../../src/core/scopeSchema";
import { type OperationRecord, verify } from "../reliability/checker";
import { DEFAULT_CONCURRENCY, formatReport, runConcurrency } from "../reliability/concurrency";

const scale = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? "1") || 1);

test(`${DEFAULT_CONCURRENCY.admins} admins × ${DEFAULT_CONCURRENCY.rounds * scale} rounds through 429s, 5xx, dropped connections and lost answers lose nothing`, async () => {
  const report = await runConcurrency({ rounds: DEFAULT_CONCURRENCY.rounds * scale });
  console.log(formatReport(report));
  expect(report.verdict.violations).toEqual([]);
  // The run must have exercised what it claims to.
  const f = report.figures;
  expect(f.acknowledged).toBeGreaterThan(DEFAULT_CONCURRENCY.admins * 2);
  expect(f.staleWritesMerged).toBeGreaterThan(0);
  expect(f.faults.throttled).toBeGreaterThan(0);
  expect(f.faults.serverErrors).toBeGreaterThan(0);
  expect(f.faults.dropped).toBeGreaterThan(0);
  expect(f.lostAnswers).toBeGreaterThan(0);
  expect(f.retries).toBeGreaterThan(0);
}, 180_000);

// The checker must catch what it is there to catch: each tampered history below is one a broken
// store could leave behind.
describe("the checker", () => {
  const avery: Actor = { id: "u-avery", displayName: "Avery" };
  const P = "00000000-0000-4000-8000-000000000001";
  const on = choiceFor(true, ALL_DATA_TYPES);
  const off = choiceFor(false, []);
  const op = (
    opId: string,
    seen: string | undefined,
    after: typeof on,
    outcome: OperationRecord["outcome"] = "acknowledged",
  ): OperationRecord => ({
    opId,
    actor: avery,
    changes: [{ projectId: P, seen, after }],
    outcome,
    applied: outcome === "acknowledged" ? [P] : [],
    conflicts: [],
    attempts: 1,
  });
  const shard = (opId: string, after: typeof on): StoredDocument => ({
    id: shardIdOf(P),
    __etag: 3,
    schemaVersion: SCHEMA_VERSION,
    projects: {
      [P]: storedEntry({
        projectId: P,
        name: "P",
        ...after,
        changedBy: avery,
        changedAt: "2026-01-01T00:00:00.000Z",
        opId,
      }),
    },
  });
  const audit = (...ops: OperationRecord[]): StoredDocument[] =>
    ops.flatMap((o) =>
      auditDocuments({
        opId: o.opId,
        by: avery,
        at: "2026-01-01T00:00:00.000Z",
        changes: o.changes.map((c) => ({
          projectId: c.projectId,
          name: "P",
          kind: "added",
          after: c.after,
        })),
      }).map((d) => ({ ...d, __etag: 1 })),
    );
  const first = op("op1", undefined, on);
  const second = op("op2", "op1", off);

  it("accepts a consistent history", () => {
    expect(verify([first, second], [shard("op2", off)], audit(first, second)).violations).toEqual(
      [],
    );
  });
  it("finds an acknowledged change that was overwritten (a lost update)", () => {
    const rival = op("op3", "op1", on);
    const v = verify([first, second, rival], [shard("op3", on)], audit(first, second, rival));
    expect(v.violations.join("\n")).toMatch(/lost update: op2/);
  });
  it("finds an acknowledged change that is not stored", () => {
    expect(
      verify([first, second], [shard("op1", on)], audit(first, second)).violations.join(),
    ).toMatch(/lost update: op2/);
  });
  it("finds a visible write of a save that was not acknowledged, and its audit record", () => {
    const ghost = op("op3", "op2", on, "abandoned");
    const v = verify([first, second, ghost], [shard("op3", on)], audit(first, second, ghost));
    expect(v.violations.join("\n")).toMatch(/\(b\).*op3/);
    expect(v.violations.join("\n")).toMatch(/\(d\) audit record op3/);
  });
  it("finds an acknowledged save without its audit record", () => {
    const v = verify([first, second], [shard("op2", off)], audit(first));
    expect(v.violations.join("\n")).toMatch(/\(c\) acknowledged save op2/);
  });
  it("finds stored content that differs from what was acknowledged", () => {
    const v = verify([first, second], [shard("op2", on)], audit(first, second));
    expect(v.violations.join("\n")).toMatch(/op2 asked for excluded/);
  });
});
