// What the Pipelines and Test Plans areas share in their state: one record per project, made on
// first use, and ids that are collection-wide in Azure DevOps (one counter per kind for the whole
// organization, not per project).
export abstract class ProjectAreasState<P> {
  private readonly projects = new Map<string, P>();
  private readonly counters = new Map<string, number>();

  /** What a project holds before anything is written to it. */
  protected abstract newProject(): P;

  project(projectId: string): P {
    let p = this.projects.get(projectId);
    if (!p) {
      p = this.newProject();
      this.projects.set(projectId, p);
    }
    return p;
  }

  nextId(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }
}
