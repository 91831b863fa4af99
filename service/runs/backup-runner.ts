// Starts runs (from "Back up now" and from the scheduler) and keeps the ones this process is
// carrying out, so closing the service waits for them to record where they stopped. A run needs
// a connected organization: the backups act as the account that connected it.
import { newRunId, ReposApi } from "../engine";
import { ServiceError } from "../http/errors";
import type { Database } from "../store/database";
import { loadScope } from "../store/scope-repository";
import { executeRun, type RunDeps, type RunRequest } from "./run-executor";
import { createRun, type InterruptedRun, type NewRun, takeOverRun } from "./run-store";

export class BackupRunner {
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly deps: RunDeps) {}

  /** 409 connectionRequired, in words for the admin, when the organization is not connected. */
  async requireConnection(organization: string): Promise<void> {
    const c = await this.deps.identity.connectionOf(organization);
    if (c.status === "connected") return;
    throw new ServiceError(
      409,
      "connectionRequired",
      c.status === "renewalNeeded"
        ? `Backups act as the account that connected ${organization}, and that connection needs renewal (${c.reason}). A Project Collection Administrator connects the organization again in the hub.`
        : `Backups act as the account that connected ${organization}, and it is not connected yet. A Project Collection Administrator connects the organization in the hub first.`,
    );
  }

  /**
   * Records and starts a run, or answers the organization's live run. `admit` runs inside the
   * organization's lock (the scheduler's re-check); undefined when it refused.
   */
  async start(
    run: Omit<NewRun, "runId">,
    admit?: (tx: Database) => Promise<boolean>,
  ): Promise<{ runId: string; alreadyRunning: boolean } | undefined> {
    if (this.closed) throw new ServiceError(503, "internal", "The service is stopping.");
    await this.requireConnection(run.organization);
    const projectName = run.projectId
      ? (run.projectName ?? (await this.projectName(run.organization, run.projectId)))
      : undefined;
    const now = this.deps.now();
    const created = await createRun(
      this.deps.db,
      { ...run, ...(projectName ? { projectName } : {}), runId: newRunId(now) },
      now,
      admit,
    );
    if (!created || created.alreadyRunning) return created;
    this.carryOut({
      runId: created.runId,
      organization: run.organization,
      ...(run.projectId ? { projectId: run.projectId } : {}),
    });
    return created;
  }

  /**
   * Carries on a run whose process died, unless another instance took it first: false then. Its
   * finished projects, the queue's finished jobs and its committed snapshots are kept.
   */
  async resume(run: InterruptedRun): Promise<boolean> {
    if (this.closed) return false;
    if (!(await takeOverRun(this.deps.db, run, this.deps.now()))) return false;
    this.carryOut({ ...run, resume: true });
    return true;
  }

  private carryOut(request: RunRequest): void {
    const work = executeRun(this.deps, request).finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /**
   * The project's name for the history: the scope's, else Azure DevOps' (as the connected account);
   * undefined when neither answers (the run itself then says what went wrong).
   */
  private async projectName(organization: string, projectId: string) {
    const entry = (await loadScope(this.deps.db, organization)).entries.get(projectId);
    if (entry) return entry.name;
    const url = `${this.deps.azureDevOpsUrl}/${organization}`;
    const authorization = this.deps.identity.organizationAuthorization(organization);
    return new ReposApi(url, authorization)
      .project(projectId)
      .then((p) => p.name)
      .catch(() => undefined);
  }

  /** Waits for this process's runs to end (the service is closing). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running]);
  }
}
