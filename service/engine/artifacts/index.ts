// Artifacts backup and restore: what a job calls. A project's backup covers its project-scoped
// feeds; the organization's feeds are backed up with `project: { id: ORGANIZATION_SCOPE, … }`.
import {
  runDataBackup,
  type DataBackupOptions,
  type DataBackupResult,
} from "../pipelines/data-run";
import { ArtifactsApi } from "./artifacts-api";
import type { ArtifactsIndex } from "./artifacts-index";
import { backupArtifactsData } from "./backup";

export { ORGANIZATION_SCOPE } from "./artifacts-api";
export { restoreArtifacts } from "./restore";
export {
  describeArtifactsPlan,
  type ArtifactsMapping,
  type ArtifactsRestorePlan,
} from "./restore-plan";
export type { ArtifactsRestoreResult } from "./restore-apply";
export type { ArtifactsIndex } from "./artifacts-index";

export function backupArtifacts(options: DataBackupOptions): Promise<DataBackupResult> {
  return runDataBackup<ArtifactsIndex>("artifacts", options, (client, content, previous) =>
    backupArtifactsData(new ArtifactsApi(client), options.project.id, content, previous),
  );
}
