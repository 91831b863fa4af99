// Test Plans restore as a job or the command line calls it: read the snapshot, plan against the
// target project (a dry run: nothing changes), and apply only when asked. Test cases are work
// items: the Boards restore's work item map says which target id each has (a restore into the
// same organization keeps the ids).
import { openDataRestore, type DataRestoreOptions } from "../data-types/data-restore";
import { TestPlansRestorer, type TestPlansRestoreResult } from "./restore-apply";
import {
  planTestPlansRestore,
  type TestPlansMapping,
  type TestPlansRestorePlan,
} from "./restore-plan";
import { TestPlansApi } from "./test-plans-api";
import type { TestPlansIndex } from "./test-plans-index";

export async function restoreTestPlans(options: DataRestoreOptions<TestPlansMapping>): Promise<{
  plan: TestPlansRestorePlan;
  apply: () => Promise<TestPlansRestoreResult>;
}> {
  const { content, key, snapshot, index, client, sameOrganization } =
    await openDataRestore<TestPlansIndex>(options, "testPlans");
  const api = new TestPlansApi(client);
  const workItemOf = (id: number): number | undefined =>
    options.mapping?.workItems?.[String(id)] ?? (sameOrganization ? id : undefined);
  const plan = await planTestPlansRestore({
    content,
    index,
    snapshotKey: key,
    sourceProjectName: snapshot.project.name,
    api,
    target: { organizationUrl: options.target.organizationUrl, project: options.target.project },
    workItemOf,
  });
  return {
    plan,
    apply: () => new TestPlansRestorer(plan, index, content, api, workItemOf).run(),
  };
}
