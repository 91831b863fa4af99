// Pipelines backup and restore: what a job calls.
import { backupPipelinesData } from "./backup";
import { runDataBackup, type DataBackupOptions, type DataBackupResult } from "./data-run";
import type { PipelinesIndex } from "./pipelines-index";
import { PipelinesApi } from "./pipelines-api";

export {
  planPipelinesRestore,
  describePipelinesPlan,
  type PipelinesRestorePlan,
} from "./restore-plan";
export { applyPipelinesRestore, type PipelinesRestoreResult } from "./restore-apply";
export type { PipelinesIndex } from "./pipelines-index";

export function backupPipelines(options: DataBackupOptions): Promise<DataBackupResult> {
  return runDataBackup<PipelinesIndex>("pipelines", options, (client, content, previous) =>
    backupPipelinesData(new PipelinesApi(client), options.project.id, content, previous),
  );
}
export { restorePipelines } from "./restore";
export type { RestoreTarget, DataRestoreOptions } from "../data-types/data-restore";
export type { PipelinesMapping } from "./restore-plan";
