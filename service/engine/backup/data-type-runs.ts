// Pipelines, Test Plans and Artifacts in a backup run: for a project, one call of its data type's
// backup (DATA_TYPE_BACKUPS) per selected type, each writing its own manifest under the run's id;
// and the organization's feeds once per run (ORGANIZATION_SCOPE). A failed data type is recorded
// as a failed item and the run goes on; the previous snapshot's manifest is then carried over, so a
// restore of this run still finds the last good copy. What a backup could only record (secrets,
// Universal package files) is recorded as skipped, with its reason.
import type { AuthorizationSource, ProjectRef } from "../azure-devops/repos-api";
import { ORGANIZATION_SCOPE } from "../artifacts";
import { dataSnapshotKey, type SnapshotDataType } from "../pipelines/data-snapshot";
import { DATA_TYPE_BACKUPS } from "../pipelines/data-type-backups";
import { silentReporter, type EngineReporter } from "../events";
import type { ItemNote } from "../snapshot";
import type { ObjectStore } from "../storage/object-store";

/** The data types of the scope that have their own manifest, in the order a run backs them up. */
export const DATA_SNAPSHOT_TYPES: readonly SnapshotDataType[] = [
  "pipelines",
  "testPlans",
  "artifacts",
];

const LABELS: Readonly<Record<SnapshotDataType, string>> = {
  pipelines: "Pipelines",
  testPlans: "Test Plans",
  artifacts: "Artifacts",
};

/** The organization's feeds, as a run names them in its notes. */
export const ORGANIZATION_FEEDS: ProjectRef = { id: ORGANIZATION_SCOPE, name: "Organization" };

export interface DataTypeRunContext {
  organizationUrl: string;
  authorization: AuthorizationSource;
  store: ObjectStore;
  runId: string;
  report?: EngineReporter;
}

export interface DataTypeRunOutcome {
  /** Data type → its manifest key (this run's, or the previous one's when this run's failed). */
  snapshots: Partial<Record<SnapshotDataType, string>>;
  skipped: ItemNote[];
  failed: ItemNote[];
  bytesStored: number;
}

function emptyOutcome(): DataTypeRunOutcome {
  return { snapshots: {}, skipped: [], failed: [], bytesStored: 0 };
}

async function backupOne(
  ctx: DataTypeRunContext,
  project: ProjectRef,
  type: SnapshotDataType,
  previous: string | undefined,
  into: DataTypeRunOutcome,
): Promise<void> {
  const name = `${project.name} ${LABELS[type]}`;
  const key = dataSnapshotKey(type, project.id, ctx.runId);
  // Said as a line, not as an item: a project's items are its repositories (the hub counts them).
  const said = (outcome: "ok" | "failed", detail = ""): void =>
    (ctx.report ?? silentReporter)({
      type: "message",
      text: `${outcome.padEnd(7)} ${project.name} / ${LABELS[type]}${detail ? `: ${detail}` : ""}`,
    });
  // A resumed run: this data type's manifest was already committed under the run's id.
  if (await ctx.store.has(key)) {
    into.snapshots[type] = key;
    said("ok");
    return;
  }
  try {
    const result = await DATA_TYPE_BACKUPS[type]({
      organizationUrl: ctx.organizationUrl,
      authorization: ctx.authorization,
      store: ctx.store,
      project,
      runId: ctx.runId,
    });
    into.snapshots[type] = result.snapshotKey;
    into.bytesStored += result.storage.bytesWritten;
    for (const reason of result.notes)
      into.skipped.push({ kind: type, id: project.id, name, reason });
    said("ok");
  } catch (e) {
    const reason = (e as Error).message;
    into.failed.push({ kind: type, id: project.id, name, reason });
    if (previous) into.snapshots[type] = previous;
    said("failed", reason);
  }
}

/** The project's selected data types beyond Repos, Wikis and Boards, one after another. */
export async function backupProjectDataTypes(
  ctx: DataTypeRunContext,
  project: ProjectRef,
  types: readonly string[],
  previous: Partial<Record<SnapshotDataType, string>> | undefined,
): Promise<DataTypeRunOutcome> {
  const outcome = emptyOutcome();
  for (const type of DATA_SNAPSHOT_TYPES)
    if (types.includes(type)) await backupOne(ctx, project, type, previous?.[type], outcome);
  return outcome;
}

/** The organization-scoped feeds (Artifacts), once per run. */
export async function backupOrganizationFeeds(
  ctx: DataTypeRunContext,
): Promise<DataTypeRunOutcome> {
  const outcome = emptyOutcome();
  await backupOne(ctx, ORGANIZATION_FEEDS, "artifacts", undefined, outcome);
  return outcome;
}
