// The Pipelines restore as a job or the command line calls it: read the snapshot (the newest of
// the project unless one is named), plan against the target project (a dry run: nothing changes),
// and apply only when asked.
import { openDataRestore, type DataRestoreOptions } from "../data-types/data-restore";
import { PipelinesApi } from "./pipelines-api";
import type { PipelinesIndex } from "./pipelines-index";
import { applyPipelinesRestore, type PipelinesRestoreResult } from "./restore-apply";
import {
  planPipelinesRestore,
  type PipelinesMapping,
  type PipelinesRestorePlan,
} from "./restore-plan";

export async function restorePipelines(
  options: DataRestoreOptions<PipelinesMapping>,
): Promise<{ plan: PipelinesRestorePlan; apply: () => Promise<PipelinesRestoreResult> }> {
  const { content, key, snapshot, index, client } = await openDataRestore<PipelinesIndex>(
    options,
    "pipelines",
  );
  const target = new PipelinesApi(client);
  const plan = await planPipelinesRestore({
    content,
    snapshotKey: key,
    index,
    target,
    targetOrganizationUrl: options.target.organizationUrl,
    targetProject: options.target.project,
    ...(options.mapping ? { mapping: options.mapping } : {}),
  });
  return {
    plan,
    apply: () =>
      applyPipelinesRestore({ plan, index, content, target, sourceProjectId: snapshot.project.id }),
  };
}
