// npm run backup -- --organization URL --dest DIR|BLOB-URL [--project NAME ...]
import { hostname } from "node:os";
import { DEFAULT_WORKER_SETTINGS, queueExecutor } from "../engine/jobs/queued-backup";
import { newRunId } from "../engine/snapshot";
import { runBackup, type BackedUpData } from "../engine/backup/run";
import { command, secondsAsMs } from "./arguments";
import {
  CLI_DATA_TYPES,
  CREDENTIALS_HELP,
  UsageError,
  authorizationFromEnvironment,
  openQueue,
  defaultWorkDir,
  formatBytes,
  openStore,
  progressReporter,
  runCommand,
} from "./common";

export const BACKUP_HELP = `Back up the projects of an Azure DevOps organization, incrementally: Repos and
Wikis by default; Boards, Pipelines, Test Plans and Artifacts when --data names them.

usage: npm run backup -- --organization URL --dest DIR|BLOB-URL [options]
  --organization URL   e.g. https://dev.azure.com/fabrikam
  --dest DIR|URL       a folder, or a Blob container URL (https://account.blob.core.windows.net/backups)
  --project NAME       a project to back up (repeatable); default every project
  --data LIST          what to back up, comma-separated: repos, wiki, boards, pipelines,
                       testPlans, artifacts (with the organization's feeds); default repos,wiki
  --work-dir DIR       where the kept mirrors live between runs; default ~/.cache/ado-backup/…
  --concurrency N      jobs at once in this process; default 3
  --queue FILE|PG-URL  share the run's jobs (repositories and data types) through a SQLite (or
                       PostgreSQL) queue with worker processes (npm run backup-worker --
                       --queue FILE ...); --concurrency 0 makes this process only coordinate
  --lease SECONDS      how long a job stays ours without a heartbeat; default 60
  --resume RUN         carry on a run whose coordinating process stopped (with its --queue):
                       finished jobs and committed projects are kept
${CREDENTIALS_HELP}
Exit status: 0 when every item was backed up or recorded as disabled/empty/missing, 1 when any failed.`;

const BACKED_UP_DATA: readonly BackedUpData[] = CLI_DATA_TYPES;

/** The options npm run backup takes (besides --help). */
const OPTIONS = {
  organization: { type: "string" },
  dest: { type: "string" },
  project: { type: "string", multiple: true },
  data: { type: "string" },
  "work-dir": { type: "string" },
  concurrency: { type: "string" },
  queue: { type: "string" },
  resume: { type: "string" },
  lease: { type: "string" },
} as const;

export const backupMain = command(
  { help: BACKUP_HELP, options: OPTIONS, required: ["organization", "dest"] },
  async (values, env, out) => {
    const data = (values.data ?? "repos,wiki").split(",").map((d) => d.trim()) as BackedUpData[];
    if (data.some((d) => !BACKED_UP_DATA.includes(d)))
      throw new UsageError(`--data takes ${BACKED_UP_DATA.join(", ")} or several of them.`);
    const progress = progressReporter(out);
    const organizationUrl = values.organization.replace(/\/$/, "");
    const concurrency = values.concurrency === undefined ? 3 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 0)
      throw new UsageError("--concurrency takes a whole number.");
    if (values.resume && !values.queue) throw new UsageError("--resume needs the run's --queue.");
    const runId = values.resume ?? newRunId();
    const queue = values.queue ? openQueue(values.queue) : undefined;
    const executor = queue
      ? queueExecutor(queue, runId, {
          ...DEFAULT_WORKER_SETTINGS,
          ...(values.lease ? { leaseMs: secondsAsMs(values.lease) } : {}),
          workerId: `${hostname()}:${process.pid}`,
          lanes: concurrency,
          maxAttempts: 3,
        })
      : undefined;
    const result = await runBackup(
      {
        runId,
        organizationUrl,
        authorization: authorizationFromEnvironment(env),
        store: openStore(values.dest, env),
        workDir: values["work-dir"] ?? defaultWorkDir(values.organization),
        ...(values.project ? { projects: values.project } : {}),
        data,
        concurrency: Math.max(1, concurrency),
        report: progress,
      },
      executor,
    ).finally(() => queue?.close());
    progress.done();
    const feeds = result.organizationFeeds;
    for (const f of feeds?.failed ?? []) out.write(`failed  ${f.name}: ${f.reason}\n`);
    const skipped =
      result.projects.reduce((n, p) => n + p.skipped.length, 0) + (feeds?.skipped.length ?? 0);
    out.write(
      `run ${result.runId}: ${result.projects.length} projects, ${result.projects.reduce((n, p) => n + p.repositories, 0)} repositories, ${skipped} recorded as skipped, ${result.failedCount} failed; stored ${formatBytes(result.storage.bytesWritten)} in ${result.storage.objectsWritten} new objects (${result.storage.objectsReused} already there)\n`,
    );
    return result.failedCount > 0 ? 1 : 0;
  },
);

if (process.argv[1] === __filename) runCommand(backupMain); // run as a program (scripts/run-ts.js), not imported
