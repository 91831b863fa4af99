// The runs' routes: "Back up now" (PCA), a run's progress, each project's last backup with the
// schedule (any member), and the schedule (PCA to change it).
import type { FastifyInstance } from "fastify";
import { nextScheduledRun } from "../../src/core/backup-schedule";
import {
  type BackupRunsRoutes as Routes,
  type BackupScheduleWire,
  SERVICE_PATHS,
} from "../../src/core/service-api";
import { ServiceError } from "../http/errors";
import { registerOrganizationRoute } from "../http/organization-route";
import type { Database } from "../store/database";
import type { BackupRunner } from "./backup-runner";
import { backupsQuery, runParams, saveScheduleBody, startRunBody } from "./run-schemas";
import * as runs from "./run-store";

export interface RunRoutesContext {
  db: Database;
  runner: BackupRunner;
  now: () => Date;
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
  registerOrganizationRoute(
    app,
    {
      method: "POST",
      path: SERVICE_PATHS.runs,
      summary: "Back up now: the whole scope, or one project (PCA)",
      body: startRunBody,
      adminTo: "start a backup",
    },
    async (caller, request, reply): Promise<Routes["startRun"]["answer"]> => {
      const { projectId } = request.body as Routes["startRun"]["body"];
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
  registerOrganizationRoute(
    app,
    {
      method: "GET",
      path: `${SERVICE_PATHS.runs}/:runId`,
      summary: "A run's progress, per project",
      params: runParams,
    },
    async ({ organization }, request): Promise<Routes["run"]["answer"]> => {
      const { runId } = request.params as { runId: string };
      const run = await runs.loadRun(ctx.db, organization, runId, ctx.now());
      if (!run) throw new ServiceError(404, "notFound", `No run ${runId} in ${organization}.`);
      return run;
    },
  );
  registerOrganizationRoute(
    app,
    {
      method: "GET",
      path: SERVICE_PATHS.backups,
      summary: "Each project's last backup, the schedule and the run in progress",
      querystring: backupsQuery,
    },
    async ({ organization }, request): Promise<Routes["backups"]["answer"]> => {
      const { projectId } = request.query as Routes["backups"]["query"];
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
  const path = SERVICE_PATHS.schedule;
  registerOrganizationRoute(
    app,
    { method: "GET", path, summary: "When backups run" },
    async ({ organization }): Promise<Routes["schedule"]["answer"]> =>
      scheduleWire(await runs.loadSchedule(ctx.db, organization), ctx.now()),
  );
  registerOrganizationRoute(
    app,
    {
      method: "PUT",
      path,
      summary: "Change when backups run (PCA)",
      body: saveScheduleBody,
      adminTo: "change when backups run",
    },
    async (caller, request): Promise<Routes["saveSchedule"]["answer"]> => {
      const body = request.body as Routes["saveSchedule"]["body"];
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
