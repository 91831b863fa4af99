// Restore from the hub through the backup service (issue 9 item 7): the organization's snapshots,
// a plan (creates nothing) of the chosen data types with the admin's mappings, applying the plan
// the admin confirmed, and its progress. Requests go
// through the one client (backup-service.ts); wire shapes in core/service-api.ts.
import {
  type ApplyRestoreRequest,
  type RestorePlanWire,
  type RestoreRequest,
  type RestoreSnapshotWire,
  type RestoreSnapshotsWire,
  type RestoreWire,
  SERVICE_PATHS,
  type StartRestoreResponse,
} from "../core/service-api";
import { type BackupServiceClient, badResponse } from "./backup-service";

/** What the hub's Restore part needs (PCA only: the service refuses anyone else, 403). */
export interface RestoreServices {
  snapshots(): Promise<RestoreSnapshotWire[]>;
  plan(request: RestoreRequest): Promise<RestorePlanWire>;
  apply(request: ApplyRestoreRequest): Promise<StartRestoreResponse>;
  restore(restoreId: string): Promise<RestoreWire>;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null;

/** What one run or restore is read from, and how its answer is told apart from another's. */
export interface ReadById {
  collection: string;
  valid: (answer: Record<string, unknown>) => boolean;
  /** Names the request in the error when the answer is not one. */
  what: string;
}

/** GET `{collection}/{id}`: a run's or a restore's progress. */
export async function readById<T>(
  service: BackupServiceClient,
  read: ReadById,
  id: string,
): Promise<T> {
  const answer = await service.call<T>("GET", `${read.collection}/${encodeURIComponent(id)}`);
  if (!isObject(answer) || !read.valid(answer)) throw badResponse(read.what);
  return answer;
}

const RESTORE_READ: ReadById = {
  collection: SERVICE_PATHS.restores,
  valid: (answer) => Array.isArray(answer.created),
  what: "the request for a restore",
};

/** The choice as the service reads it: the snapshot, the target, what to restore and the mappings. */
const requestBody = (request: RestoreRequest) => ({
  runId: request.runId,
  projectId: request.projectId,
  targetProject: request.targetProject,
  ...(request.dataTypes ? { dataTypes: request.dataTypes } : {}),
  ...(request.mapping ? { mapping: request.mapping } : {}),
  ...(request.mappingText?.trim() ? { mappingText: request.mappingText } : {}),
});

export class BackupRestoreClient implements RestoreServices {
  constructor(private readonly service: BackupServiceClient) {}

  async snapshots(): Promise<RestoreSnapshotWire[]> {
    const answer = await this.service.call<RestoreSnapshotsWire>(
      "GET",
      SERVICE_PATHS.restoreSnapshots,
    );
    if (!isObject(answer) || !Array.isArray(answer.snapshots))
      throw badResponse("the request for the backups to restore");
    return answer.snapshots;
  }

  async plan(request: RestoreRequest): Promise<RestorePlanWire> {
    const answer = await this.service.call<RestorePlanWire>(
      "POST",
      SERVICE_PATHS.restorePlans,
      requestBody(request),
    );
    if (
      !isObject(answer) ||
      typeof answer.planId !== "string" ||
      !Array.isArray(answer.repositories)
    )
      throw badResponse("the request for a restore plan");
    return answer;
  }

  async apply(request: ApplyRestoreRequest): Promise<StartRestoreResponse> {
    const answer = await this.service.call<StartRestoreResponse>("POST", SERVICE_PATHS.restores, {
      ...requestBody(request),
      planId: request.planId,
    });
    if (!isObject(answer) || typeof answer.restoreId !== "string") throw badResponse("Restore");
    return answer;
  }

  restore(restoreId: string): Promise<RestoreWire> {
    return readById(this.service, RESTORE_READ, restoreId);
  }
}
