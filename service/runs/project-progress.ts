// One project's progress as the engine reports it (repositories listed, each one finished),
// written to its row one update after another: the engine's reporter is synchronous, so writes
// are chained and `flush` waits for the last before the outcome is recorded.
import type { EngineEvent, EngineReporter } from "../engine/events";
import type { Database } from "../store/database";
import { projectJobs } from "./run-store";

export class ProjectProgress {
  private jobs = { done: 0, total: 0 };
  private pending: Promise<void> = Promise.resolve();
  private problem: Error | undefined;

  constructor(
    private readonly db: Database,
    private readonly runId: string,
    private readonly projectId: string,
  ) {}

  readonly reporter: EngineReporter = (e: EngineEvent) => {
    if (e.type === "project-started") this.jobs = { done: 0, total: e.items };
    else if (e.type === "item-finished" && e.item !== "(project)")
      this.jobs = { ...this.jobs, done: Math.min(this.jobs.done + 1, this.jobs.total) };
    else return;
    const jobs = this.jobs;
    this.pending = this.pending
      .then(() => projectJobs(this.db, this.runId, this.projectId, jobs))
      .catch((err: Error) => void (this.problem ??= err));
  };

  /** Waits for the last write; rejects with the first write that failed. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.problem) throw this.problem;
  }
}
