// Test Plans backup and restore: what a job calls.
import {
  runDataBackup,
  type DataBackupOptions,
  type DataBackupResult,
} from "../pipelines/data-run";
import { backupTestPlansData } from "./backup";
import { TestPlansApi } from "./test-plans-api";
import type { TestPlansIndex } from "./test-plans-index";

export { restoreTestPlans } from "./restore";
export {
  describeTestPlansPlan,
  type TestPlansMapping,
  type TestPlansRestorePlan,
} from "./restore-plan";
export type { TestPlansRestoreResult } from "./restore-apply";
export type { TestPlansIndex } from "./test-plans-index";
export { DEFAULT_RESULT_DAYS } from "./backup";

export function backupTestPlans(
  options: DataBackupOptions & { resultDays?: number },
): Promise<DataBackupResult> {
  return runDataBackup<TestPlansIndex>("testPlans", options, (client, content, previous) =>
    backupTestPlansData(new TestPlansApi(client), options.project.id, content, previous, {
      ...(options.resultDays !== undefined ? { resultDays: options.resultDays } : {}),
    }),
  );
}
