// Restore from the hub through the backup service (issue 9 item 7): the organization's snapshots,
// a plan (creates nothing), applying the plan the admin confirmed, and its progress. Requests go
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

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
    const answer = await this.service.call<RestorePlanWire>("POST", SERVICE_PATHS.restorePlans, {
      runId: request.runId,
      projectId: request.projectId,
      targetProject: request.targetProject,
    });
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
      runId: request.runId,
      projectId: request.projectId,
      targetProject: request.targetProject,
      planId: request.planId,
    });
    if (!isObject(answer) || typeof answer.restoreId !== "string") throw badResponse("Restore");
    return answer;
  }

  async restore(restoreId: string): Promise<RestoreWire> {
    const answer = await this.service.call<RestoreWire>(
      "GET",
      `${SERVICE_PATHS.restores}/${encodeURIComponent(restoreId)}`,
    );
    if (!isObject(answer) || !Array.isArray(answer.created))
      throw badResponse("the request for a restore");
    return answer;
  }
}
