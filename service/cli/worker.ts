// npm run backup-worker -- --queue FILE --dest DIR|BLOB-URL [--work-dir DIR] [--idle-exit SECONDS]
// A worker process: takes repository jobs from the shared queue that `npm run backup -- --queue`
// fills, until it has been idle for --idle-exit seconds (default: runs until stopped).
import { hostname } from "node:os";
import { ReposApi } from "../engine/azure-devops/repos-api";
import { backupRepository } from "../engine/backup/repository-job";
import { DEFAULT_WORKER_SETTINGS, workerLoop } from "../engine/jobs/queued-backup";
import { ContentStore } from "../engine/storage/content-store";
import { commandOptions, requireOptions, secondsAsMs } from "./arguments";
import {
  CREDENTIALS_HELP,
  authorizationFromEnvironment,
  openQueue,
  openStore,
  runCommand,
  type Output,
} from "./common";

export const WORKER_HELP = `Take repository backup jobs from a shared queue (several processes may share one).

usage: npm run backup-worker -- --queue FILE|postgres://… --dest DIR|BLOB-URL --work-dir DIR [--idle-exit SECONDS]
  --lease SECONDS   how long a job is ours without a heartbeat; default 60
${CREDENTIALS_HELP}`;

/** The options npm run backup-worker takes (besides --help). */
const OPTIONS = {
  queue: { type: "string" },
  dest: { type: "string" },
  "work-dir": { type: "string" },
  "idle-exit": { type: "string" },
  lease: { type: "string" },
} as const;

export async function workerMain(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Output,
): Promise<number> {
  const values = commandOptions(argv, OPTIONS, WORKER_HELP, out);
  if (!values) return 0;
  requireOptions(values, ["queue", "dest", "work-dir"], WORKER_HELP);
  const authorization = authorizationFromEnvironment(env);
  const content = new ContentStore(openStore(values.dest, env));
  const queue = openQueue(values.queue);
  const workDir = values["work-dir"];
  const apis = new Map<string, ReposApi>();
  const idleExitMs = secondsAsMs(values["idle-exit"]) ?? Infinity;
  const workerId = `${hostname()}:${process.pid}`;
  out.write(`worker ${workerId} taking jobs from ${values.queue}\n`);
  try {
    await workerLoop(
      queue,
      {
        ...DEFAULT_WORKER_SETTINGS,
        workerId,
        ...(values.lease ? { leaseMs: secondsAsMs(values.lease) } : {}),
      },
      async (job) => {
        out.write(`started ${job.project.name} / ${job.repo.name}\n`);
        const api =
          apis.get(job.organizationUrl) ?? new ReposApi(job.organizationUrl, authorization);
        apis.set(job.organizationUrl, api);
        const outcome = await backupRepository(
          { api, authorization, content, workDir },
          job.project,
          job.repo,
          job.previous,
        );
        out.write(`${outcome.kind.padEnd(7)} ${job.project.name} / ${job.repo.name}\n`);
        return outcome;
      },
      (idleMs) => idleMs >= idleExitMs,
    );
  } finally {
    await queue.close();
  }
  return 0;
}

if (process.argv[1] === __filename) runCommand(workerMain); // run as a program (scripts/run-ts.js), not imported
