// Pull requests of every status with their threads (comments), iterations and reviewers.
// Incremental: a closed pull request already in the previous snapshot and closed before its
// watermark is carried over; active ones and anything closed since are fetched again.
import type { PullRequestInfo, ReposApi } from "../azure-devops/repos-api";
import type { PullRequestsEntry } from "../snapshot";
import type { ContentStore } from "../storage/content-store";

export interface StoredPullRequest {
  pullRequest: PullRequestInfo;
  threads: Awaited<ReturnType<ReposApi["threads"]>>;
  iterations: Awaited<ReturnType<ReposApi["iterations"]>>;
}

function carriedOver(pr: PullRequestInfo, previous: PullRequestsEntry | undefined): boolean {
  const before = previous?.items[String(pr.pullRequestId)];
  if (!before || pr.status === "active" || !pr.closedDate || !previous?.watermark) return false;
  return before.status === pr.status && pr.closedDate <= previous.watermark;
}

export async function backupPullRequests(
  api: ReposApi,
  content: ContentStore,
  projectId: string,
  repositoryId: string,
  previous: PullRequestsEntry | undefined,
): Promise<PullRequestsEntry> {
  const listed = await api.pullRequests(projectId, repositoryId);
  const entry: PullRequestsEntry = { items: {} };
  let watermark = previous?.watermark;
  for (const pr of listed) {
    const key = String(pr.pullRequestId);
    if (pr.closedDate && (!watermark || pr.closedDate > watermark)) watermark = pr.closedDate;
    const kept = previous?.items[key];
    if (kept && carriedOver(pr, previous)) {
      entry.items[key] = kept;
      continue;
    }
    const stored: StoredPullRequest = {
      pullRequest: pr,
      threads: await api.threads(projectId, repositoryId, pr.pullRequestId),
      iterations: await api.iterations(projectId, repositoryId, pr.pullRequestId),
    };
    entry.items[key] = {
      object: await content.putJson(stored),
      status: pr.status,
      ...(pr.closedDate ? { closedDate: pr.closedDate } : {}),
    };
  }
  if (watermark) entry.watermark = watermark;
  return entry;
}
