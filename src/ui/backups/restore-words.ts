// How a restore plan and a restore's progress read, in words: what would be created, what is
// renamed because a name is taken, what is left out, and how the restore went, data type by data
// type (Boards, Pipelines, Test Plans, Artifacts: the engine's own words for each plan).
import { DATA_TYPE_LABELS } from "../../core/data-types";
import type { DataTypeRestoreWire, MappingKind } from "../../core/restore-data-wire";
import type { RestorePlanWire, RestoreWire } from "../../core/service-api";
import { formatWhen, plural } from "../format";

export function describePlanTitle(plan: RestorePlanWire): string {
  return `Restore ${plan.source.projectName} as backed up ${formatWhen(plan.source.at)} into ${plan.target.projectName}`;
}

/** One line per thing the restore would create. */
export function describePlanItems(plan: RestorePlanWire): string[] {
  const repositories = plan.repositories.map((r) => {
    const prs =
      r.pullRequests > 0
        ? `, ${plural(r.pullRequests, "pull request", "pull requests")} with their comment threads (each comment names its original author and time)`
        : "";
    const lfs = r.lfsObjects > 0 ? `, ${plural(r.lfsObjects, "LFS file", "LFS files")}` : "";
    const content =
      r.refs === 0
        ? "empty"
        : `${plural(r.refs, "ref", "refs")} (branches, tags, notes) at the same commit ids`;
    return `New repository ${r.targetName}${r.targetName === r.sourceName ? "" : ` (from ${r.sourceName})`}: ${content}${lfs}${prs}`;
  });
  const wikis = plan.wikis.map((w) =>
    w.kind === "projectWiki"
      ? `New project wiki ${w.targetName} with the pages of ${w.sourceName}`
      : `New code wiki ${w.targetName} publishing its restored repository, as ${w.sourceName} did`,
  );
  return [...repositories, ...wikis];
}

export const MAPPING_WORDS: Readonly<Record<MappingKind, string>> = {
  users: "Person",
  agentQueues: "Agent queue",
  serviceConnections: "Service connection",
};

/** One data type's plan as the engine says it: its heading, then each line without its indent. */
export function planLines(lines: readonly string[]): { heading: string; items: string[] } {
  const [heading = "", ...rest] = lines;
  return {
    heading,
    items: rest.map((l) => l.trim().replace(/^- /, "")).filter((l) => l !== ""),
  };
}

/** Whether applying the plan would do anything at all. */
export const planCreates = (plan: RestorePlanWire): boolean =>
  plan.repositories.length + plan.wikis.length + (plan.dataTypePlans?.length ?? 0) > 0;

/** The confirmation's question: how much is created where. */
export function describePlanSize(plan: RestorePlanWire): string {
  const parts = [
    ...(plan.repositories.length > 0 || !plan.dataTypePlans?.length
      ? [plural(plan.repositories.length, "repository", "repositories")]
      : []),
    ...(plan.wikis.length > 0 ? [plural(plan.wikis.length, "wiki", "wikis")] : []),
    ...(plan.dataTypePlans ?? []).map((p) => DATA_TYPE_LABELS[p.dataType]),
  ];
  const listed =
    parts.length > 1
      ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1] ?? ""}`
      : parts[0];
  return `${listed ?? ""} in ${plan.target.projectName}`;
}

/** A data type's progress, then its result. */
export function describeDataTypeRestore(d: DataTypeRestoreWire): string {
  const label = DATA_TYPE_LABELS[d.dataType];
  if (d.status === "waiting") return `${label}: waiting.`;
  if (d.status === "restoring") return `${label}: restoring…`;
  const failed = d.failed.length > 0 ? `; ${d.failed.length} could not be restored` : "";
  return `${label}: done${d.created.length > 0 ? `, created ${d.created.join(", ")}` : ""}${failed}.`;
}

/** The live region's words while a restore goes, then how it ended. */
export function describeRestore(
  restore: RestoreWire | undefined,
  starting = false,
): string | undefined {
  if (!restore) return starting ? "Starting the restore…" : undefined;
  const current = restore.dataTypes?.find((d) => d.status === "restoring");
  if (restore.status === "running" && current)
    return `Restoring ${DATA_TYPE_LABELS[current.dataType]} into ${restore.target.projectName}…`;
  if (restore.status === "running")
    return `Restoring into ${restore.target.projectName}: ${restore.itemsDone} of ${plural(restore.itemsTotal, "item", "items")} done…`;
  if (restore.status === "interrupted")
    return "The restore was interrupted (the service stopped). What it created stays; nothing was overwritten.";
  if (restore.failure) return `The restore stopped: ${restore.failure}`;
  const made = (kind: string) => restore.created.filter((c) => c.kind === kind).length;
  const created = [
    plural(made("repository"), "repository", "repositories"),
    plural(made("wiki"), "wiki", "wikis"),
    plural(made("pullRequest"), "pull request", "pull requests"),
  ].join(", ");
  const failed =
    restore.failed.length + (restore.dataTypes ?? []).reduce((n, d) => n + d.failed.length, 0);
  const restored = (restore.dataTypes ?? []).map((d) => DATA_TYPE_LABELS[d.dataType]);
  const also = restored.length > 0 ? `, and restored ${restored.join(", ")}` : "";
  return `Restore finished: created ${created} in ${restore.target.projectName}${also}${failed ? `; ${failed} could not be restored` : ""}.`;
}
