// Issue 5, part 2: admins saving the backup scope at once, through two instances of the backup
// service on one PostgreSQL database, with faults between the clients and the service and on the
// service's Azure DevOps calls, lose nothing. Small here (under a minute); RELIABILITY_SCALE=5 (or
// scripts/reliability.ts with --admins/--rounds) makes it bigger.
import { ALL_DATA_TYPES } from "../../src/core/data-types";
import { type Actor, choiceFor } from "../../src/core/scope";
import type { HistoryRecordWire, ScopeEntryWire } from "../../src/core/service-api";
import { type OperationRecord, verify } from "../reliability/checker";
import { formatReport, runConcurrency } from "../reliability/concurrency";

const scale = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? "1") || 1);
const SIZE = { admins: 4, rounds: 6 * scale, projects: 40 };

test(`${SIZE.admins} admins × ${SIZE.rounds} rounds on two service instances through 429s, 5xx, dropped connections and lost answers lose nothing`, async () => {
  const report = await runConcurrency({
    ...SIZE,
    instances: 2,
    // Higher than the CLI's defaults, so a run this small meets every kind of fault.
    clientFaults: {
      rate429: 0.05,
      retryAfterSeconds: 1,
      rate5xx: 0.08,
      rateDrop: 0.06,
      rateLostAnswer: 0.25,
    },
    faults: { rate429: 0.1, rate5xx: 0.1, rateDrop: 0.1 },
    revokeTokensEveryMs: 700,
  });
  console.log(formatReport(report));
  expect(report.verdict.violations).toEqual([]);
  // The run must have exercised what it claims to.
  const f = report.figures;
  expect(f.acknowledged).toBeGreaterThan(SIZE.admins * 2);
  expect(f.retriesRecognised).toBeGreaterThan(0);
  expect(f.clientFaults.throttled).toBeGreaterThan(0);
  expect(f.clientFaults.serverErrors).toBeGreaterThan(0);
  expect(f.clientFaults.dropped).toBeGreaterThan(0);
  expect(f.lostAnswers).toBeGreaterThan(0);
  expect(f.faults.total).toBeGreaterThan(0);
  expect(f.retries).toBeGreaterThan(0);
}, 120_000);

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
  const stored = (opId: string, after: typeof on): ScopeEntryWire[] => [
    {
      projectId: P,
      name: "P",
      ...after,
      changedBy: avery,
      changedAt: "2026-01-01T00:00:00.000Z",
      opId,
    },
  ];
  const audit = (...ops: OperationRecord[]): HistoryRecordWire[] =>
    ops.map((o) => ({
      opId: o.opId,
      by: avery,
      at: "2026-01-01T00:00:00.000Z",
      changes: o.changes.map((c) => ({
        projectId: c.projectId,
        name: "P",
        kind: "added" as const,
        after: c.after,
      })),
    }));
  const first = op("op1", undefined, on);
  const second = op("op2", "op1", off);

  it("accepts a consistent history", () => {
    expect(verify([first, second], stored("op2", off), audit(first, second)).violations).toEqual(
      [],
    );
  });
  it("finds an acknowledged change that was overwritten (a lost update)", () => {
    const rival = op("op3", "op1", on);
    const v = verify([first, second, rival], stored("op3", on), audit(first, second, rival));
    expect(v.violations.join("\n")).toMatch(/lost update: op2/);
  });
  it("finds an acknowledged change that is not stored", () => {
    expect(
      verify([first, second], stored("op1", on), audit(first, second)).violations.join(),
    ).toMatch(/lost update: op2/);
  });
  it("finds a visible write of a save that was not acknowledged, and its audit record", () => {
    const ghost = op("op3", "op2", on, "abandoned");
    const v = verify([first, second, ghost], stored("op3", on), audit(first, second, ghost));
    expect(v.violations.join("\n")).toMatch(/\(b\).*op3/);
    expect(v.violations.join("\n")).toMatch(/\(d\) audit record op3/);
  });
  it("finds a save recorded twice in the history", () => {
    const v = verify([first, second], stored("op2", off), audit(first, second, second));
    expect(v.violations.join("\n")).toMatch(/op2 has more than one history record/);
  });
  it("finds an acknowledged save without its audit record", () => {
    const v = verify([first, second], stored("op2", off), audit(first));
    expect(v.violations.join("\n")).toMatch(/\(c\) acknowledged save op2/);
  });
  it("finds stored content that differs from what was acknowledged", () => {
    const v = verify([first, second], stored("op2", on), audit(first, second));
    expect(v.violations.join("\n")).toMatch(/op2 asked for excluded/);
  });
});
