// What the Pipelines, Test Plans and Artifacts areas share in their state: it is made per running
// emulator and made again after a reset; Pipelines and Test Plans keep one record per project,
// made on first use, and ids that are collection-wide in Azure DevOps (one counter per kind for
// the whole organization, not per project).
import type { EmulatorState } from "./state";

/**
 * An area's state for a running emulator, made (and seeded) on first use and made again after a
 * reset, which gives the emulator a new projects map.
 */
export function perEmulator<T>(make: (state: EmulatorState) => T): (state: EmulatorState) => T {
  const made = new WeakMap<EmulatorState, { value: T; madeFor: EmulatorState["projects"] }>();
  return (state) => {
    const kept = made.get(state);
    if (kept && kept.madeFor === state.projects) return kept.value;
    const value = make(state);
    made.set(state, { value, madeFor: state.projects });
    return value;
  };
}

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
