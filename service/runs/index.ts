// Backup runs in the service (issue 9 item 4): "Back up now", each project's last backup, a run's
// progress and the schedule; and restore from the hub (item 7). buildService registers this; the scheduler starts only when the
// service listens (startService) and its configuration turns it on, and stops when it closes.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../routes/context";
import { BackupRunner } from "./backup-runner";
import { RestoreRunner } from "./restore-runner";
import { registerRestoreRoutes } from "./restore-routes";
import { registerRunRoutes } from "./run-routes";
import { backupRunsConfig } from "./runs-config";
import { type Scheduler, startScheduler } from "./scheduler";

export function registerBackupRuns(app: FastifyInstance, ctx: ServiceContext): void {
  const config = backupRunsConfig(ctx.config.backups);
  // Backups and restores run the same way: as the connected account, with the same store and clock.
  const runnerDeps = {
    db: ctx.db,
    identity: ctx.identity,
    azureDevOpsUrl: ctx.config.azureDevOpsUrl,
    runs: config,
    now: ctx.now,
    warn: (message: string) => app.log.warn(message),
  };
  const runner = new BackupRunner(runnerDeps);
  registerRunRoutes(app, { db: ctx.db, runner, now: ctx.now });
  const restorer = new RestoreRunner({
    ...runnerDeps,
    requireConnection: (organization) => runner.requireConnection(organization),
  });
  registerRestoreRoutes(app, { db: ctx.db, restorer, now: ctx.now });
  let scheduler: Scheduler | undefined;
  app.addHook("onListen", async () => {
    if (!config.scheduler.enabled) return;
    scheduler = startScheduler(
      {
        db: ctx.db,
        runner,
        now: ctx.now,
        isConnected: async (org) => (await ctx.identity.connectionOf(org)).status === "connected",
        warn: runnerDeps.warn,
      },
      config.scheduler.intervalMs,
    );
  });
  // Before the store closes (hooks run in order; the app's own onClose closes the db after).
  app.addHook("preClose", async () => {
    scheduler?.stop();
    await Promise.all([runner.close(), restorer.close()]);
  });
}
