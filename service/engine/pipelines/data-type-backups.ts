// The backups of the data types beyond Repos and Wikis, by the scope's names
// (src/core/data-types.ts): what a run's job calls for one project and data type. Each writes its
// own manifest (data-snapshots/{dataType}/{projectId}/{runId}.json), so none waits for another.
import { backupArtifacts } from "../artifacts";
import { backupTestPlans } from "../test-plans";
import type { DataBackupOptions, DataBackupResult } from "./data-run";
import type { SnapshotDataType } from "./data-snapshot";
import { backupPipelines } from "./index";

export const DATA_TYPE_BACKUPS: Readonly<
  Record<SnapshotDataType, (options: DataBackupOptions) => Promise<DataBackupResult>>
> = {
  pipelines: backupPipelines,
  testPlans: backupTestPlans,
  artifacts: backupArtifacts,
};
