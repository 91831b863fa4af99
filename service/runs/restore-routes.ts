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
import { registerOrganizationRoute } from "../http/organization-route";
import type { Database } from "../store/database";
import type { RestoreRunner } from "./restore-runner";
import { loadRestore } from "./restore-store";
import { applyRestoreChoiceBody, restorePlanChoiceBody } from "./restore-schemas";
import { restoreParams } from "./run-schemas";

export interface RestoreRoutesContext {
  db: Database;
  restorer: RestoreRunner;
  now: () => Date;
}

const WHAT = "restore a backup";

export function registerRestoreRoutes(app: FastifyInstance, ctx: RestoreRoutesContext): void {
  registerOrganizationRoute(
    app,
    {
      method: "GET",
      path: SERVICE_PATHS.restoreSnapshots,
      summary: "The snapshots a restore can start from, newest first (PCA)",
      adminTo: WHAT,
    },
    async (caller): Promise<RestoreSnapshotsWire> => ({
      snapshots: await ctx.restorer.snapshots(caller.organization),
    }),
  );
  registerOrganizationRoute(
    app,
    {
      method: "POST",
      path: SERVICE_PATHS.restorePlans,
      summary: "What a restore would create; creates nothing (PCA)",
      body: restorePlanChoiceBody,
      adminTo: WHAT,
    },
    (caller, request): Promise<RestorePlanWire> =>
      ctx.restorer.plan(caller.organization, request.body as RestoreRequest),
  );
  registerOrganizationRoute(
    app,
    {
      method: "POST",
      path: SERVICE_PATHS.restores,
      summary: "Apply a restore plan the admin confirmed (PCA)",
      body: applyRestoreChoiceBody,
      adminTo: WHAT,
    },
    async (caller, request, reply): Promise<StartRestoreResponse> => {
      const started = await ctx.restorer.start(
        caller.organization,
        caller.actor,
        request.body as ApplyRestoreRequest,
      );
      void reply.status(started.alreadyRunning ? 200 : 202);
      return started;
    },
  );
  registerOrganizationRoute(
    app,
    {
      method: "GET",
      path: `${SERVICE_PATHS.restores}/:restoreId`,
      summary: "A restore's progress and result (PCA)",
      params: restoreParams,
      adminTo: WHAT,
    },
    async (caller, request): Promise<RestoreWire> => {
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
