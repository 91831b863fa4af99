// The organization's feeds (Artifacts) are backed up once per run, with one of its projects; the
// service records them as part of that project's outcome, so a failed feed shows in the run's
// result (partial, with the reason) and what they stored counts in that project's bytes.
import type { BackupResult, ProjectResult } from "../engine";

export function withOrganizationFeeds(
  project: ProjectResult | undefined,
  feeds: BackupResult["organizationFeeds"],
): ProjectResult | undefined {
  if (!project || !feeds) return project;
  const failed = [...project.failed, ...feeds.failed];
  return {
    ...project,
    skipped: [...project.skipped, ...feeds.skipped],
    failed,
    outcome: project.outcome === "succeeded" && failed.length > 0 ? "partial" : project.outcome,
    bytesStored: project.bytesStored + feeds.bytesStored,
  };
}
