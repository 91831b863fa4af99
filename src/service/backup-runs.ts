// Backup runs through the backup service (issue 9): each project's last backup and the schedule,
// "Back up now", a run's progress, and changing the schedule. Requests go through the one client
// (backup-service.ts: its transport, credentials and typed errors); wire shapes in service-api.ts.
import {
  type BackupRunWire,
  type BackupScheduleWire,
  type BackupsWire,
  SERVICE_PATHS,
  type SaveScheduleRequest,
  type StartRunRequest,
  type StartRunResponse,
} from "../core/service-api";
import {
  BackupRestoreClient,
  type ReadById,
  type RestoreServices,
  isObject,
  readById,
} from "./backup-restore";
import { type BackupServiceClient, badResponse } from "./backup-service";

/** What the hub, the project panel and the popup need of backup runs. */
export interface BackupRunsServices {
  /** Each project's last backup (one project's, when given), the schedule and the live run. */
  backups(projectId?: string): Promise<BackupsWire>;
  run(runId: string): Promise<BackupRunWire>;
  /** Back up now: the whole scope, or one project (PCA). */
  startRun(projectId?: string): Promise<StartRunResponse>;
  saveSchedule(schedule: SaveScheduleRequest): Promise<BackupScheduleWire>;
  /** Restore from a snapshot (the hub's Restore part); absent where a page offers none. */
  readonly restore?: RestoreServices;
}

const RUN_READ: ReadById = {
  collection: SERVICE_PATHS.runs,
  valid: (answer) => Array.isArray(answer.projects),
  what: "the request for a run",
};

export class BackupRunsClient implements BackupRunsServices {
  readonly restore: RestoreServices;

  constructor(private readonly service: BackupServiceClient) {
    this.restore = new BackupRestoreClient(service);
  }

  async backups(projectId?: string): Promise<BackupsWire> {
    const query = projectId ? `?${new URLSearchParams({ projectId })}` : "";
    const answer = await this.service.call<BackupsWire>("GET", `${SERVICE_PATHS.backups}${query}`);
    if (!isObject(answer) || !Array.isArray(answer.backups) || !isObject(answer.schedule))
      throw badResponse("the request for the last backups");
    return answer;
  }

  run(runId: string): Promise<BackupRunWire> {
    return readById(this.service, RUN_READ, runId);
  }

  async startRun(projectId?: string): Promise<StartRunResponse> {
    const request: StartRunRequest = projectId ? { projectId } : {};
    const answer = await this.service.call<StartRunResponse>("POST", SERVICE_PATHS.runs, request);
    if (!isObject(answer) || typeof answer.runId !== "string") throw badResponse("Back up now");
    return answer;
  }

  async saveSchedule(schedule: SaveScheduleRequest): Promise<BackupScheduleWire> {
    const answer = await this.service.call<BackupScheduleWire>("PUT", SERVICE_PATHS.schedule, {
      frequency: schedule.frequency,
      hourUtc: schedule.hourUtc,
    });
    if (!isObject(answer) || typeof answer.frequency !== "string")
      throw badResponse("the schedule change");
    return answer;
  }
}
