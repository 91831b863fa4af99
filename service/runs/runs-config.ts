// Where the service's backup runs write (the organization's destination), where the kept mirrors
// and the engine's job queue live, and whether this process runs the schedule. Read from the
// environment by configFromEnv (service/config.ts); absent parts take the defaults below, and the
// scheduler stays off unless a configuration turns it on (tests and npm start control it).
import { join } from "node:path";

export interface BackupRunsConfig {
  /** A folder (one sub-folder per organization) or an Azure Blob container URL. */
  destination: string;
  /** Kept mirrors between runs (what makes fetches incremental), one sub-folder per organization. */
  workDir: string;
  /**
   * The engine's job queue, which worker processes (npm run backup-worker) may share: a SQLite
   * file, or postgres://… (the engine's PostgreSQL queue, for workers on several machines).
   */
  queue: string;
  /**
   * Jobs (repositories, data types) carried out at once by this process over a whole run, and
   * projects of a run handled at once (their jobs share those lanes).
   */
  concurrency: number;
  scheduler: { enabled: boolean; intervalMs: number };
}

export const DEFAULT_BACKUP_RUNS: BackupRunsConfig = {
  destination: join(".data", "backups"),
  workDir: join(".data", "mirrors"),
  queue: join(".data", "backup-jobs.db"),
  concurrency: 3,
  scheduler: { enabled: false, intervalMs: 60_000 },
};

export function backupRunsConfig(partial: Partial<BackupRunsConfig> | undefined): BackupRunsConfig {
  return {
    ...DEFAULT_BACKUP_RUNS,
    ...partial,
    scheduler: { ...DEFAULT_BACKUP_RUNS.scheduler, ...partial?.scheduler },
  };
}

type Env = Record<string, string | undefined>;

/**
 * BACKUP_DESTINATION, BACKUP_WORK_DIR, BACKUP_QUEUE, BACKUP_CONCURRENCY and BACKUP_SCHEDULER
 * (on|off, default on: a deployed service runs the daily schedule). Problems go to `problems`.
 */
export function backupRunsConfigFromEnv(env: Env, problems: string[]): BackupRunsConfig {
  const read = (name: string): string | undefined => env[name]?.trim() || undefined;
  const scheduler = read("BACKUP_SCHEDULER") ?? "on";
  if (scheduler !== "on" && scheduler !== "off")
    problems.push(`BACKUP_SCHEDULER must be on or off (got ${scheduler})`);
  const concurrency = Number(read("BACKUP_CONCURRENCY") ?? DEFAULT_BACKUP_RUNS.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    problems.push(`BACKUP_CONCURRENCY must be a positive whole number`);
  const destination = read("BACKUP_DESTINATION") ?? DEFAULT_BACKUP_RUNS.destination;
  if (/^https?:\/\//i.test(destination) && destination.includes("?"))
    problems.push("BACKUP_DESTINATION must not carry a SAS token: set AZURE_STORAGE_SAS instead");
  return backupRunsConfig({
    destination,
    workDir: read("BACKUP_WORK_DIR") ?? DEFAULT_BACKUP_RUNS.workDir,
    queue: read("BACKUP_QUEUE") ?? DEFAULT_BACKUP_RUNS.queue,
    concurrency,
    scheduler: {
      enabled: scheduler === "on",
      intervalMs: DEFAULT_BACKUP_RUNS.scheduler.intervalMs,
    },
  });
}
