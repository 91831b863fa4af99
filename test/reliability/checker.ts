// Checks what the backup service stores against what the simulated admins were told.
//
// The rule, and why it needs no clock: the service writes a project's entry only while the stored
// entry is still the one the admin saw (its opId, sent as seenOpId). So every stored entry names,
// through the save that wrote it, the entry it replaced: walking back from the stored entry gives
// that project's true commit order, back to "no entry". Then, per project:
//   (a) the stored entry is an acknowledged change, with the content that change asked for, and every
//       acknowledged change to the project lies on that walk (one not on it was overwritten by a
//       write that never saw it: a lost update);
//   (b) no entry is written by a save that was not acknowledged, or by no save at all;
// and for the audit history (GET /history):
//   (c) each acknowledged save that applied changes has exactly one record, naming each applied
//       project once, with the choice it stored;
//   (d) there is no record for a save that was not acknowledged, nor for a change it did not apply.
// Entries of an unacknowledged attempt that a later acknowledged change replaced (having seen them)
// are legitimate history; they are counted, not failed. So is a save whose answer was lost after
// it committed, whose retry was then told "conflict" because someone had already built on it: its
// change is on the walk, so its record naming the project is true.
import { encodeDataTypes } from "../../src/core/data-types";
import type { Actor, ScopeChoice } from "../../src/core/scope";
import type { HistoryRecordWire, ScopeEntryWire } from "../../src/core/service-api";

export interface IntendedChange {
  projectId: string;
  /** The opId of the entry the admin saw when making the change (undefined: no entry). */
  seen: string | undefined;
  after: ScopeChoice;
}

export interface OperationRecord {
  opId: string;
  actor: Actor;
  changes: IntendedChange[];
  /** Acknowledged: save resolved. Abandoned: every attempt threw; parts may have landed. */
  outcome: "acknowledged" | "abandoned";
  /** Projects the store reported as applied (only when acknowledged). */
  applied: string[];
  conflicts: string[];
  attempts: number;
}

export interface Verdict {
  violations: string[];
  projectsChecked: number;
  storedEntries: number;
  auditRecords: number;
  /** Entries an unacknowledged attempt wrote, later replaced by someone who saw them. */
  transientUnacknowledgedWrites: number;
  /** The longest commit chain of one project (how contended the run was). */
  longestHistory: number;
}

const describeChoice = (c: ScopeChoice): string =>
  c.choice === "excluded" ? "excluded" : `included(mask ${encodeDataTypes(c.dataTypes)})`;

export function verify(
  operations: readonly OperationRecord[],
  /** The scope's entries as GET /state answers them. */
  storedEntries: readonly ScopeEntryWire[],
  /** Every record GET /history answers. */
  historyRecords: readonly HistoryRecordWire[],
): Verdict {
  const violations: string[] = [];
  const byOp = new Map(operations.map((o) => [o.opId, o]));
  const changeOf = (opId: string, projectId: string): IntendedChange | undefined =>
    byOp.get(opId)?.changes.find((c) => c.projectId === projectId);

  // Each project listed once.
  const stored = new Map<string, ScopeEntryWire>();
  for (const entry of storedEntries) {
    if (stored.has(entry.projectId)) violations.push(`project ${entry.projectId} is stored twice`);
    stored.set(entry.projectId, entry);
  }

  const acknowledgedChanges = new Map<string, string[]>(); // projectId → opIds
  for (const o of operations) {
    if (o.outcome !== "acknowledged") continue;
    for (const projectId of o.applied)
      acknowledgedChanges.set(projectId, [...(acknowledgedChanges.get(projectId) ?? []), o.opId]);
  }

  let transient = 0;
  let longest = 0;
  /** Per project, the opIds of its true commit order (newest first). */
  const walks = new Map<string, string[]>();
  const projects = new Set([...stored.keys(), ...acknowledgedChanges.keys()]);
  for (const projectId of projects) {
    const entry = stored.get(projectId);
    const acked = acknowledgedChanges.get(projectId) ?? [];
    if (!entry) {
      for (const opId of acked)
        violations.push(
          `(a) lost: ${opId} was acknowledged for project ${projectId}, which has no stored entry`,
        );
      continue;
    }
    // (b), and the content of (a)
    const writer = byOp.get(entry.opId);
    const wrote = changeOf(entry.opId, projectId);
    if (!writer || !wrote) {
      violations.push(
        `(b) project ${projectId} holds an entry from ${entry.opId}, which no admin sent for it`,
      );
      continue;
    }
    if (writer.outcome !== "acknowledged" || !writer.applied.includes(projectId)) {
      violations.push(
        `(b) project ${projectId} holds ${describeChoice(entry)} from ${entry.opId}, which was not acknowledged (${writer.outcome}${writer.outcome === "acknowledged" ? ", reported as " + (writer.conflicts.includes(projectId) ? "a conflict" : "not applied") : ""})`,
      );
    }
    const expected = wrote.after;
    if (
      entry.choice !== expected.choice ||
      encodeDataTypes(entry.dataTypes) !== encodeDataTypes(expected.dataTypes)
    )
      violations.push(
        `(a) project ${projectId}: ${entry.opId} asked for ${describeChoice(expected)}, the store holds ${describeChoice(entry)}`,
      );
    if (entry.changedBy.id !== writer.actor.id)
      violations.push(
        `(a) project ${projectId}: written by ${entry.changedBy.id}, not ${writer.actor.id}`,
      );

    // The true commit order, walking back from the stored entry.
    const history: string[] = [];
    let cursor: string | undefined = entry.opId;
    while (cursor !== undefined) {
      if (history.includes(cursor) || history.length > operations.length) {
        violations.push(`project ${projectId}: its history loops at ${cursor}`);
        break;
      }
      history.push(cursor);
      const change = changeOf(cursor, projectId);
      if (!change) {
        violations.push(`project ${projectId}: history reaches ${cursor}, which no admin sent`);
        break;
      }
      cursor = change.seen;
    }
    walks.set(projectId, history);
    longest = Math.max(longest, history.length);
    for (const opId of history) {
      const o = byOp.get(opId);
      if (
        o &&
        !(o.outcome === "acknowledged" && o.applied.includes(projectId)) &&
        opId !== entry.opId
      )
        transient++;
    }
    for (const opId of acked)
      if (!history.includes(opId))
        violations.push(
          `(a) lost update: ${opId} was acknowledged for project ${projectId}, but the stored entry (${entry.opId}) descends from ${history.slice(1).join(" ← ") || "no entry"} without it`,
        );
  }

  // The audit history: one record per acknowledged opId.
  const records = new Map<string, HistoryRecordWire>();
  for (const r of historyRecords) {
    if (records.has(r.opId)) violations.push(`(c) save ${r.opId} has more than one history record`);
    records.set(r.opId, r);
  }
  const landed = (opId: string, projectId: string): boolean =>
    walks.get(projectId)?.includes(opId) ?? false;
  for (const r of historyRecords) {
    const o = byOp.get(r.opId);
    if (!o || o.outcome !== "acknowledged") {
      violations.push(`(d) audit record ${r.opId} is for a save that was not acknowledged`);
      continue;
    }
    const counts = new Map<string, number>();
    for (const c of r.changes) counts.set(c.projectId, (counts.get(c.projectId) ?? 0) + 1);
    for (const [projectId, n] of counts) {
      if (n > 1)
        violations.push(`(c) audit record ${r.opId} names project ${projectId} ${n} times`);
      if (!o.applied.includes(projectId) && !landed(r.opId, projectId))
        violations.push(
          `(d) audit record ${r.opId} names project ${projectId}, which it did not apply`,
        );
    }
    for (const c of r.changes) {
      const intended = changeOf(r.opId, c.projectId);
      if (
        intended &&
        (c.after.choice !== intended.after.choice ||
          encodeDataTypes(c.after.dataTypes) !== encodeDataTypes(intended.after.dataTypes))
      )
        violations.push(`(c) audit record ${r.opId} misstates project ${c.projectId}`);
    }
    for (const projectId of o.applied)
      if (!counts.has(projectId))
        violations.push(`(c) audit record ${r.opId} does not name applied project ${projectId}`);
    if (r.by.id !== o.actor.id)
      violations.push(`(c) audit record ${r.opId} names the wrong author`);
  }
  for (const o of operations)
    if (o.outcome === "acknowledged" && o.applied.length > 0 && !records.has(o.opId))
      violations.push(
        `(c) acknowledged save ${o.opId} (${o.applied.length} changes) has no audit record`,
      );

  return {
    violations,
    projectsChecked: projects.size,
    storedEntries: stored.size,
    auditRecords: historyRecords.length,
    transientUnacknowledgedWrites: transient,
    longestHistory: longest,
  };
}
