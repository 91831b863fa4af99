// Repository jobs through a JobQueue: the process running the backup enqueues a project's
// repositories, works on them itself (`lanes`) while other worker processes help, and collects
// the outcomes before it commits the project's snapshot. A job whose worker died is claimed again
// when its lease runs out.
import type { GitRepositoryInfo, ProjectRef } from "../azure-devops/repos-api";
import type { RepositoryExecutor } from "../backup/run";
import type { RepositoryOutcome } from "../backup/repository-job";
import type { RepositorySnapshot } from "../snapshot";
import type { JobQueue, QueuedJob } from "./job-queue";

export interface RepositoryJobPayload {
  organizationUrl: string;
  project: ProjectRef;
  repo: GitRepositoryInfo;
  previous?: RepositorySnapshot;
}

export interface WorkerSettings {
  workerId: string;
  leaseMs: number;
  pollMs: number;
}

export const DEFAULT_WORKER_SETTINGS: Omit<WorkerSettings, "workerId"> = {
  leaseMs: 60_000,
  pollMs: 500,
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Works one job, renewing its lease meanwhile; false when there was nothing to take. */
export async function workOneJob(
  queue: JobQueue,
  settings: WorkerSettings,
  execute: (payload: RepositoryJobPayload) => Promise<RepositoryOutcome>,
  runId?: string,
): Promise<boolean> {
  const job = (await queue.claim(settings.workerId, settings.leaseMs, runId)) as
    QueuedJob<RepositoryJobPayload> | undefined;
  if (!job) return false;
  const heartbeat = setInterval(
    () => void queue.renew(job.id, settings.workerId, settings.leaseMs).catch(() => false),
    settings.leaseMs / 3,
  );
  try {
    await queue.complete(job.id, settings.workerId, await execute(job.payload));
  } catch (e) {
    await queue.fail(job.id, settings.workerId, (e as Error).message);
  } finally {
    clearInterval(heartbeat);
  }
  return true;
}

/** A worker process's loop: take jobs until `stop()` says so (e.g. idle for a while). */
export async function workerLoop(
  queue: JobQueue,
  settings: WorkerSettings,
  execute: (payload: RepositoryJobPayload) => Promise<RepositoryOutcome>,
  stop: (idleMs: number) => boolean,
): Promise<void> {
  let idleSince = Date.now();
  for (;;) {
    if (await workOneJob(queue, settings, execute)) idleSince = Date.now();
    else {
      if (stop(Date.now() - idleSince)) return;
      await sleep(settings.pollMs);
    }
  }
}

function jobKey(project: ProjectRef, repo: GitRepositoryInfo): string {
  return `${project.id}/${repo.id}`;
}

export function queueExecutor(
  queue: JobQueue,
  runId: string,
  organizationUrl: string,
  settings: WorkerSettings & { lanes: number; maxAttempts: number },
): RepositoryExecutor {
  return async (jobs, run) => {
    const keys = jobs.map((j) => jobKey(j.project, j.repo));
    await queue.enqueue(
      runId,
      jobs.map((j, i) => ({
        key: keys[i] as string,
        payload: {
          organizationUrl,
          project: j.project,
          repo: j.repo,
          ...(j.previous ? { previous: j.previous } : {}),
        } satisfies RepositoryJobPayload,
      })),
      settings.maxAttempts,
    );
    const finished = async (): Promise<
      Map<string, Awaited<ReturnType<JobQueue["results"]>>[number]>
    > => {
      const wanted = new Set(keys);
      return new Map(
        (await queue.results(runId)).filter((r) => wanted.has(r.key)).map((r) => [r.key, r]),
      );
    };
    // lanes = 0: this process only coordinates and waits for the worker processes.
    const works = settings.lanes > 0;
    const lane = async (): Promise<void> => {
      while ((await finished()).size < keys.length) {
        const execute = (p: RepositoryJobPayload): Promise<RepositoryOutcome> =>
          run({ project: p.project, repo: p.repo, previous: p.previous });
        const worked = works && (await workOneJob(queue, settings, execute, runId));
        if (!worked) await sleep(settings.pollMs); // the rest is leased by other workers
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, settings.lanes) }, lane));
    const results = await finished();
    return jobs.map((j, i): RepositoryOutcome => {
      const r = results.get(keys[i] as string);
      if (r?.state === "done") return r.result as RepositoryOutcome;
      return {
        kind: "failed",
        note: {
          kind: "repository",
          id: j.repo.id,
          name: j.repo.name,
          reason: r?.error ?? "the job did not finish",
        },
        ...(j.previous ? { carried: j.previous } : {}),
      };
    });
  };
}
