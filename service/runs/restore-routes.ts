// Restore from the hub (PCA only): the snapshots to restore from, a plan (a dry run: creates
// nothing), applying a confirmed plan as a job, and its progress: Repos and Wikis, and the chosen
// data types beyond them (Boards, Pipelines, Test Plans, Artifacts) with the admin's mappings.
// Every route needs a PCA: a restore creates repositories in the organization, and even its plan
// lists the target's names.
import type { FastifyInstance } from "fastify";
import {
  type ApplyRestoreRequest,
  type RestorePlanWire,
  type RestoreRequest,
  type RestoreSnapshotsWire,
  type RestoreWire,
  SERVICE_PATHS,
  type StartRestoreResponse,
} from "../../src/core/service-api";
import { ServiceError } from "../http/errors";
import { organizationParams, routeSchema } from "../http/schemas";
import { ORGANIZATION_PREFIX } from "../routes/context";
import type { Database } from "../store/database";
import type { RestoreRunner } from "./restore-runner";
import { loadRestore } from "./restore-store";
import { requireAdminTo } from "./run-routes";
import { applyRestoreChoiceBody, restorePlanChoiceBody } from "./restore-schemas";
import { restoreParams } from "./run-schemas";

export interface RestoreRoutesContext {
  db: Database;
  restorer: RestoreRunner;
  now: () => Date;
}

const WHAT = "restore a backup";

export function registerRestoreRoutes(app: FastifyInstance, ctx: RestoreRoutesContext): void {
  app.get(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.restoreSnapshots}`,
    {
      schema: routeSchema("The snapshots a restore can start from, newest first (PCA)", {
        params: organizationParams,
      }),
    },
    async (request): Promise<RestoreSnapshotsWire> => {
      const caller = await requireAdminTo(request, WHAT);
      return { snapshots: await ctx.restorer.snapshots(caller.organization) };
    },
  );
  app.post(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.restorePlans}`,
    {
      schema: routeSchema("What a restore would create; creates nothing (PCA)", {
        params: organizationParams,
        body: restorePlanChoiceBody,
      }),
    },
    async (request): Promise<RestorePlanWire> => {
      const caller = await requireAdminTo(request, WHAT);
      return ctx.restorer.plan(caller.organization, request.body as RestoreRequest);
    },
  );
  app.post(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.restores}`,
    {
      schema: routeSchema("Apply a restore plan the admin confirmed (PCA)", {
        params: organizationParams,
        body: applyRestoreChoiceBody,
      }),
    },
    async (request, reply): Promise<StartRestoreResponse> => {
      const caller = await requireAdminTo(request, WHAT);
      const started = await ctx.restorer.start(
        caller.organization,
        caller.actor,
        request.body as ApplyRestoreRequest,
      );
      void reply.status(started.alreadyRunning ? 200 : 202);
      return started;
    },
  );
  app.get(
    `${ORGANIZATION_PREFIX}${SERVICE_PATHS.restores}/:restoreId`,
    { schema: routeSchema("A restore's progress and result (PCA)", { params: restoreParams }) },
    async (request): Promise<RestoreWire> => {
      const caller = await requireAdminTo(request, WHAT);
      const { restoreId } = request.params as { restoreId: string };
      const restore = await loadRestore(ctx.db, caller.organization, restoreId, ctx.now());
      if (!restore)
        throw new ServiceError(
          404,
          "notFound",
          `No restore ${restoreId} in ${caller.organization}.`,
        );
      return restore;
    },
  );
}
