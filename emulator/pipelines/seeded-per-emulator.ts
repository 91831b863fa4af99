// How the Pipelines, Test Plans and Artifacts areas make their state: new for a running emulator,
// seeded from its fixture, made again after a reset (server/project-areas-state.ts perEmulator).
import { perEmulator } from "../server/project-areas-state";
import type { EmulatorState } from "../server/state";

/** An area's state for a running emulator: made and seeded on first use, and again after a reset. */
export function seededPerEmulator<T>(
  make: () => T,
  seed: (made: T, state: EmulatorState) => void,
): (state: EmulatorState) => T {
  return perEmulator((state) => {
    const made = make();
    seed(made, state);
    return made;
  });
}
