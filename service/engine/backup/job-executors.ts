// How a run's jobs are carried out, wherever they run (the coordinating process or a worker
// process): a repository through backupRepository, a data type through backupDataType. Only the
// place differs: the store, the credentials, the kept mirrors and who hears about progress.
import { silentReporter } from "../events";
import type { JobExecutors } from "../jobs/backup-jobs";
import type { ContentStore } from "../storage/content-store";
import { backupDataType, type DataTypeJobContext } from "./data-type-runs";
import { backupRepository } from "./repository-job";

export interface BackupJobContext extends DataTypeJobContext {
  /** Where repositories store their content (its counters count what they wrote). */
  content: ContentStore;
  /** Holds the kept mirrors (mirrors/{repositoryId}.git) and scratch files. */
  workDir: string;
}

export function backupJobExecutors(ctx: BackupJobContext): JobExecutors {
  const report = ctx.report ?? silentReporter;
  return {
    repository: async (job) => {
      const project = job.project.name;
      report({ type: "item-started", project, item: job.repo.name });
      const outcome = await backupRepository(
        {
          api: ctx.apiFor(job.organizationUrl),
          authorization: ctx.authorization,
          content: ctx.content,
          workDir: ctx.workDir,
        },
        job.project,
        job.repo,
        job.previous,
      );
      const detail = outcome.kind === "ok" ? undefined : outcome.note.reason;
      report({
        type: "item-finished",
        project,
        item: job.repo.name,
        outcome: outcome.kind,
        ...(detail ? { detail } : {}),
      });
      return outcome;
    },
    dataType: (job) => backupDataType(ctx, job),
  };
}
