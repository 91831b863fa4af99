// A restore plan worked out by the engine (planRestore: creates nothing), as the hub reads it:
// what would be created, which names are taken and what is done instead, and a planId naming the
// plan exactly, so an apply can tell that the target changed since the admin read it. Each chosen
// data type beyond Repos and Wikis adds its own plan in words (restore-data-plan.ts).
import { createHash } from "node:crypto";
import type { RestorePlanWire, RestoreSnapshotWire } from "../../src/core/service-api";
import type { RestorePlan } from "../engine";
import type { DataTypesPlan } from "./restore-data-plan";

export function planIdOf({ plan, chosen, parts }: DataTypesPlan): string {
  const exact = {
    chosen,
    // A part's words name what it creates under which name, and what it found no match for.
    parts: parts.map((p) => [p.dataType, p.lines, p.unmapped.map((u) => [u.kind, u.key])]),
    snapshot: plan.snapshotKey,
    target: plan.targetProject.id,
    repositories: plan.repositories.map((r) => [r.source.id, r.targetName]),
    wikis: plan.wikis.map((w) => [w.source.id, w.targetName]),
    policies: plan.policies.map((p) => p.name),
    skipped: plan.skipped.map((s) => s.name),
  };
  return createHash("sha256").update(JSON.stringify(exact)).digest("hex").slice(0, 32);
}

/** Names taken in the target, and what the plan does instead (the safest: a new name). */
function conflictsOf(plan: RestorePlan): string[] {
  const where = plan.targetProject.name;
  return [
    ...plan.repositories
      .filter((r) => r.targetName !== r.source.name)
      .map(
        (r) =>
          `A repository named ${r.source.name} already exists in ${where}: it is left as it is, and the restored one is created as ${r.targetName}.`,
      ),
    ...plan.wikis
      .filter((w) => w.source.type === "codeWiki" && w.targetName !== w.source.name)
      .map(
        (w) =>
          `A wiki named ${w.source.name} already exists in ${where}: the restored one is created as ${w.targetName}.`,
      ),
  ];
}

export function planWire(
  planned: DataTypesPlan,
  source: RestoreSnapshotWire,
  organization: string,
): RestorePlanWire {
  const { plan } = planned;
  return {
    planId: planIdOf(planned),
    source: {
      runId: source.runId,
      projectId: source.projectId,
      projectName: plan.snapshot.project.name,
      at: source.at,
    },
    target: {
      organization,
      projectId: plan.targetProject.id,
      projectName: plan.targetProject.name,
    },
    repositories: plan.repositories.map((r) => ({
      sourceName: r.source.name,
      targetName: r.targetName,
      refs: r.refs,
      lfsObjects: r.lfsObjects,
      pullRequests: r.pullRequests,
    })),
    wikis: plan.wikis.map((w) => ({
      sourceName: w.source.name,
      targetName: w.targetName,
      kind: w.source.type,
    })),
    policies: plan.policies.map((p) => p.name),
    conflicts: conflictsOf(plan),
    skipped: plan.skipped,
    notes: plan.caveats,
    dataTypes: planned.chosen,
    dataTypePlans: planned.parts.map((p) => ({
      dataType: p.dataType,
      lines: p.lines,
      unmapped: p.unmapped,
    })),
  };
}
