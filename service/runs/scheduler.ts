// The schedule's clock in the service process: every interval it asks, for each organization the
// service knows, whether a scheduled run is due (isScheduledRunDue, src/core) and starts it. The
// check is made again inside the organization's lock, so two instances start one run per slot.
import { isScheduledRunDue } from "../../src/core/backup-schedule";
import type { Database } from "../store/database";
import type { BackupRunner } from "./backup-runner";
import { knownOrganizations, lastScheduledRunAt, loadSchedule } from "./run-store";

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

export interface Scheduler {
  stop(): void;
}

/** Ticks every `intervalMs`; a tick still working when the next comes is not overlapped. */
export function startScheduler(deps: SchedulerDeps, intervalMs: number): Scheduler {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void startDueRuns(deps).finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
