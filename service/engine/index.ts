// The engine's public surface, for the service's workers and the command line.
export { personalAccessToken, ReposApi, type AuthorizationSource } from "./azure-devops/repos-api";
export {
  runBackup,
  inProcessExecutor,
  type BackupOptions,
  type BackupResult,
  type BackedUpData,
  type ProjectResult,
  type BackupExecutor,
} from "./backup/run";
export type { EngineEvent, EngineReporter } from "./events";
export type { JobQueue } from "./jobs/job-queue";
export { SqliteJobQueue } from "./jobs/sqlite-job-queue";
export { PgJobQueue } from "./jobs/pg-job-queue";
export { queueExecutor, workerLoop, DEFAULT_WORKER_SETTINGS } from "./jobs/queued-backup";
export { applyRestore, type RestoreResult } from "./restore/apply";
export { describePlan, planRestore, type RestorePlan } from "./restore/plan";
export { latestSnapshot, listSnapshots, newRunId, type ProjectSnapshot } from "./snapshot";
export { AzureBlobStore, type BlobDestination } from "./storage/azure-blob-store";
export { ContentStore } from "./storage/content-store";
export { LocalFolderStore } from "./storage/local-folder-store";
export type { ObjectStore } from "./storage/object-store";
export { verifyStore, type VerifyReport } from "./verify";
// Pipelines, Test Plans and Artifacts: one backup per project and data type, each its own manifest.
export { DATA_TYPE_BACKUPS } from "./pipelines/data-type-backups";
export type { DataBackupOptions, DataBackupResult } from "./pipelines/data-run";
export { verifyDataSnapshots, type DataVerifyReport } from "./pipelines/data-verify";
export { restorePipelines, describePipelinesPlan, type PipelinesMapping } from "./pipelines";
export { restoreTestPlans, describeTestPlansPlan, type TestPlansMapping } from "./test-plans";
export {
  restoreArtifacts,
  describeArtifactsPlan,
  ORGANIZATION_SCOPE,
  type ArtifactsMapping,
} from "./artifacts";
