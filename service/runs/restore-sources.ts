// Which snapshots a restore from the hub may start from: those this organization's own runs
// committed (a project's backup that succeeded or partly succeeded, recorded by the service) and
// whose manifest is in the organization's destination. A Blob container may be shared by
// organizations (snapshots are keyed by project id), so the recorded run is what makes a snapshot
// this organization's: nobody restores another organization's backup by naming its ids.
import type { DataType } from "../../src/core/data-types";
import type { BackupOutcome, RestoreSnapshotWire } from "../../src/core/service-api";
import { type ObjectStore, listSnapshots } from "../engine";
import { ServiceError } from "../http/errors";
import type { Database } from "../store/database";

/** Enough for a year of daily runs of a few projects; older ones stay restorable by the CLI. */
const MAX_LISTED = 500;

interface SourceRow {
  run_id: string;
  project_id: string;
  name: string;
  finished_at: string;
  state: BackupOutcome;
  data_types: string;
}

async function recordedSnapshots(
  db: Database,
  organization: string,
  source?: { runId: string; projectId: string },
): Promise<SourceRow[]> {
  return db.query<SourceRow>(
    `SELECT run_id, project_id, name, finished_at, state, data_types FROM backup_run_projects
     WHERE organization = $1 AND state IN ('succeeded', 'partial') AND finished_at IS NOT NULL
       AND ($2 = '' OR (run_id = $2 AND project_id = $3))
     ORDER BY finished_at DESC LIMIT ${MAX_LISTED}`,
    [organization, source?.runId ?? "", source?.projectId.toLowerCase() ?? ""],
  );
}

const wire = (r: SourceRow): RestoreSnapshotWire => ({
  runId: r.run_id,
  projectId: r.project_id,
  projectName: r.name,
  at: r.finished_at,
  outcome: r.state,
  dataTypes: JSON.parse(r.data_types) as DataType[],
});

/** The organization's restorable snapshots, newest first. */
export async function restorableSnapshots(
  db: Database,
  store: ObjectStore,
  organization: string,
): Promise<RestoreSnapshotWire[]> {
  const rows = await recordedSnapshots(db, organization);
  const present = new Set((await listSnapshots(store)).map((s) => `${s.projectId}/${s.runId}`));
  return rows.filter((r) => present.has(`${r.project_id}/${r.run_id}`)).map(wire);
}

/** The one snapshot asked for, when it is this organization's; 404 in words otherwise. */
export async function restorableSnapshot(
  db: Database,
  organization: string,
  source: { runId: string; projectId: string },
): Promise<RestoreSnapshotWire> {
  const [row] = await recordedSnapshots(db, organization, source);
  if (!row)
    throw new ServiceError(
      404,
      "notFound",
      `${organization} has no backup of project ${source.projectId} from run ${source.runId} to restore from. Choose one of the listed snapshots.`,
    );
  return wire(row);
}
