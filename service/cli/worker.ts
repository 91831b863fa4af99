// npm run backup-worker -- --queue FILE --dest DIR|BLOB-URL [--work-dir DIR] [--idle-exit SECONDS]
// A worker process: takes a run's jobs (repositories and data types: Boards, Pipelines, Test Plans,
// Artifacts) from the shared queue that `npm run backup -- --queue` (or the service) fills, until
// it has been idle for --idle-exit seconds (default: runs until stopped).
import { hostname } from "node:os";
import { ReposApi } from "../engine/azure-devops/repos-api";
import { backupJobExecutors } from "../engine/backup/job-executors";
import type { EngineEvent } from "../engine/events";
import { DEFAULT_WORKER_SETTINGS, workerLoop } from "../engine/jobs/worker-loop";
import { ContentStore } from "../engine/storage/content-store";
import { command, secondsAsMs } from "./arguments";
import {
  CREDENTIALS_HELP,
  authorizationFromEnvironment,
  openQueue,
  openStore,
  runCommand,
} from "./common";

export const WORKER_HELP = `Take backup jobs (repositories and data types) from a shared queue (several processes may share one).

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

/** What a worker logs: each job started and how it ended (data types end as one line). */
function workerLine(e: EngineEvent): string | undefined {
  if (e.type === "item-started") return `started ${e.project} / ${e.item}`;
  if (e.type === "item-finished") return `${e.outcome.padEnd(7)} ${e.project} / ${e.item}`;
  return e.type === "message" ? e.text : undefined;
}

export const workerMain = command(
  { help: WORKER_HELP, options: OPTIONS, required: ["queue", "dest", "work-dir"] },
  async (values, env, out): Promise<number> => {
    const authorization = authorizationFromEnvironment(env);
    const store = openStore(values.dest, env);
    const queue = openQueue(values.queue);
    const apis = new Map<string, ReposApi>();
    const idleExitMs = secondsAsMs(values["idle-exit"]) ?? Infinity;
    const workerId = `${hostname()}:${process.pid}`;
    out.write(`worker ${workerId} taking jobs from ${values.queue}\n`);
    const executors = backupJobExecutors({
      authorization,
      store,
      content: new ContentStore(store),
      workDir: values["work-dir"],
      apiFor: (url) => {
        const api = apis.get(url) ?? new ReposApi(url, authorization);
        apis.set(url, api);
        return api;
      },
      report: (e) => {
        const line = workerLine(e);
        if (line) out.write(`${line}\n`);
      },
    });
    try {
      await workerLoop(
        queue,
        {
          ...DEFAULT_WORKER_SETTINGS,
          workerId,
          ...(values.lease ? { leaseMs: secondsAsMs(values.lease) } : {}),
        },
        executors,
        (idleMs) => idleMs >= idleExitMs,
      );
    } finally {
      await queue.close();
    }
    return 0;
  },
);

if (process.argv[1] === __filename) runCommand(workerMain); // run as a program (scripts/run-ts.js), not imported
