// How a restore plan and a restore's progress read, in words: what would be created, what is
// renamed because a name is taken, what is left out, and how the restore went.
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

/** The confirmation's question: how much is created where. */
export function describePlanSize(plan: RestorePlanWire): string {
  const parts = [
    plural(plan.repositories.length, "repository", "repositories"),
    ...(plan.wikis.length > 0 ? [plural(plan.wikis.length, "wiki", "wikis")] : []),
  ];
  return `${parts.join(" and ")} in ${plan.target.projectName}`;
}

/** The live region's words while a restore goes, then how it ended. */
export function describeRestore(
  restore: RestoreWire | undefined,
  starting = false,
): string | undefined {
  if (!restore) return starting ? "Starting the restore…" : undefined;
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
  const failed = restore.failed.length;
  return `Restore finished: created ${created} in ${restore.target.projectName}${failed ? `; ${failed} could not be restored` : ""}.`;
}
