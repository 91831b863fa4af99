// The runs' routes: "Back up now" (PCA), a run's progress, each project's last backup with the
// schedule (any member), and the schedule (PCA to change it).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { nextScheduledRun } from "../../src/core/backup-schedule";
import {
  type BackupRunWire,
  type BackupScheduleWire,
  type BackupsWire,
  SERVICE_PATHS,
  type SaveScheduleRequest,
  type StartRunRequest,
  type StartRunResponse,
} from "../../src/core/service-api";
import { ServiceError } from "../http/errors";
import { callerOf, isCollectionAdmin } from "../http/request-context";
import { organizationParams, routeSchema } from "../http/schemas";
import { ORGANIZATION_PREFIX } from "../routes/context";
import type { Database } from "../store/database";
import type { BackupRunner } from "./backup-runner";
import { backupsQuery, runParams, saveScheduleBody, startRunBody } from "./run-schemas";
import * as runs from "./run-store";

export interface RunRoutesContext {
  db: Database;
  runner: BackupRunner;
  now: () => Date;
}

/** The caller when a PCA; 403 naming the group and the action otherwise. */
export async function requireAdminTo(request: FastifyRequest, action: string) {
  const caller = callerOf(request);
  if (!(await isCollectionAdmin(request)))
    throw new ServiceError(
      403,
      "notCollectionAdmin",
      `Only members of the Project Collection Administrators group of ${caller.organization} can ${action}.`,
    );
  return caller;
}

export function scheduleWire(s: runs.StoredSchedule, now: Date): BackupScheduleWire {
  const next = nextScheduledRun(s, now);
  return {
    frequency: s.frequency,
    hourUtc: s.hourUtc,
    ...(s.changedBy ? { changedBy: s.changedBy } : {}),
    ...(s.changedAt ? { changedAt: s.changedAt } : {}),
    ...(next ? { nextRunAt: next.toISOString() } : {}),
  };
}

function registerStartRun(app: FastifyInstance, ctx: RunRoutesContext): void {
  app.post(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.runs}`,
    {
      schema: routeSchema("Back up now: the whole scope, or one project (PCA)", {
        params: organizationParams,
        body: startRunBody,
      }),
    },
    async (request, reply): Promise<StartRunResponse> => {
      const caller = await requireAdminTo(request, "start a backup");
      const { projectId } = request.body as StartRunRequest;
      const started = await ctx.runner.start({
        organization: caller.organization,
        trigger: "manual",
        requestedBy: caller.actor,
        ...(projectId ? { projectId: projectId.toLowerCase() } : {}),
      });
      if (!started) throw new ServiceError(500, "internal", "The run was not started.");
      void reply.status(started.alreadyRunning ? 200 : 202);
      return started;
    },
  );
}

function registerReads(app: FastifyInstance, ctx: RunRoutesContext): void {
  app.get(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.runs}/:runId`,
    { schema: routeSchema("A run's progress, per project", { params: runParams }) },
    async (request): Promise<BackupRunWire> => {
      const { organization } = callerOf(request);
      const { runId } = request.params as { runId: string };
      const run = await runs.loadRun(ctx.db, organization, runId, ctx.now());
      if (!run) throw new ServiceError(404, "notFound", `No run ${runId} in ${organization}.`);
      return run;
    },
  );
  app.get(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.backups}`,
    {
      schema: routeSchema("Each project's last backup, the schedule and the run in progress", {
        params: organizationParams,
        querystring: backupsQuery,
      }),
    },
    async (request): Promise<BackupsWire> => {
      const { organization } = callerOf(request);
      const { projectId } = request.query as { projectId?: string };
      const now = ctx.now();
      const [backups, schedule, activeRun] = await Promise.all([
        runs.loadLastBackups(ctx.db, organization, projectId?.toLowerCase()),
        runs.loadSchedule(ctx.db, organization),
        runs.loadActiveRun(ctx.db, organization, now),
      ]);
      return {
        backups,
        schedule: scheduleWire(schedule, now),
        ...(activeRun ? { activeRun } : {}),
      };
    },
  );
}

function registerSchedule(app: FastifyInstance, ctx: RunRoutesContext): void {
  const path = `${ORGANIZATION_PREFIX}${SERVICE_PATHS.schedule}`;
  app.get(
    path,
    { schema: routeSchema("When backups run", { params: organizationParams }) },
    async (request): Promise<BackupScheduleWire> => {
      const { organization } = callerOf(request);
      return scheduleWire(await runs.loadSchedule(ctx.db, organization), ctx.now());
    },
  );
  app.put(
    path,
    {
      schema: routeSchema("Change when backups run (PCA)", {
        params: organizationParams,
        body: saveScheduleBody,
      }),
    },
    async (request): Promise<BackupScheduleWire> => {
      const caller = await requireAdminTo(request, "change when backups run");
      const body = request.body as SaveScheduleRequest;
      const schedule = { frequency: body.frequency, hourUtc: body.hourUtc };
      await runs.saveSchedule(ctx.db, caller.organization, schedule, caller.actor, ctx.now());
      return scheduleWire(await runs.loadSchedule(ctx.db, caller.organization), ctx.now());
    },
  );
}

export function registerRunRoutes(app: FastifyInstance, ctx: RunRoutesContext): void {
  registerStartRun(app, ctx);
  registerReads(app, ctx);
  registerSchedule(app, ctx);
}
