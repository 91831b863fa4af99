// The schedule's clock in the service process: every interval it asks, for each organization the
// service knows, whether a scheduled run is due (isScheduledRunDue, src/core) and starts it. The
// check is made again inside the organization's lock, so two instances start one run per slot.
// Each tick also carries on runs whose process died (a killed service or machine): nobody has to
// resume them by hand; the one instance that takes the run over in the lock carries it on.
import { isScheduledRunDue } from "../../src/core/backup-schedule";
import type { Database } from "../store/database";
import type { BackupRunner } from "./backup-runner";
import { interruptedRuns, knownOrganizations, lastScheduledRunAt, loadSchedule } from "./run-store";

export interface SchedulerDeps {
  db: Database;
  runner: BackupRunner;
  now: () => Date;
  isConnected(organization: string): Promise<boolean>;
  warn(message: string): void;
}

async function dueNow(db: Database, organization: string, now: Date): Promise<boolean> {
  const [schedule, last] = await Promise.all([
    loadSchedule(db, organization),
    lastScheduledRunAt(db, organization),
  ]);
  return isScheduledRunDue(schedule, last, now);
}

/** One pass over the organizations; answers the ones whose scheduled run it started. */
export async function startDueRuns(deps: SchedulerDeps): Promise<string[]> {
  const started: string[] = [];
  for (const organization of await knownOrganizations(deps.db)) {
    try {
      const now = deps.now();
      if (!(await dueNow(deps.db, organization, now))) continue;
      if (!(await deps.isConnected(organization))) continue;
      const run = await deps.runner.start({ organization, trigger: "schedule" }, (tx) =>
        dueNow(tx, organization, now),
      );
      if (run && !run.alreadyRunning) started.push(organization);
    } catch (e) {
      deps.warn(`Scheduled backup of ${organization} not started: ${(e as Error).message}`);
    }
  }
  return started;
}

/** One pass over the interrupted runs; answers the ids of those this process carries on. */
export async function resumeInterruptedRuns(deps: SchedulerDeps): Promise<string[]> {
  const resumed: string[] = [];
  for (const run of await interruptedRuns(deps.db, deps.now())) {
    try {
      // Not connected: it stays interrupted until a PCA connects the organization again.
      if (!(await deps.isConnected(run.organization))) continue;
      if (await deps.runner.resume(run)) resumed.push(run.runId);
    } catch (e) {
      deps.warn(`Interrupted backup ${run.runId} not carried on: ${(e as Error).message}`);
    }
  }
  return resumed;
}

/** A tick: interrupted runs first (a due slot of their organization then finds them live). */
async function tick(deps: SchedulerDeps): Promise<void> {
  await resumeInterruptedRuns(deps).catch((e: Error) =>
    deps.warn(`Interrupted backups not looked for: ${e.message}`),
  );
  await startDueRuns(deps);
}

export interface Scheduler {
  stop(): void;
}

/** Ticks every `intervalMs`; a tick still working when the next comes is not overlapped. */
export function startScheduler(deps: SchedulerDeps, intervalMs: number): Scheduler {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void tick(deps).finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
