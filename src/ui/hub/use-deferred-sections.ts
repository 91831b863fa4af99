// Loads the hub's later sections (deferredSections.ts) after the first screen: once the overview
// shows every fact, or after LATEST_MS if it is slow (the sections must not wait on the network).
import { useCallback, useEffect, useState } from "preact/hooks";
import { type Problem, describeProblem } from "../problems";

export type DeferredSections = typeof import("./deferred-sections");

/** Loaded sections, a failed load, or neither yet. */
export interface DeferredSectionsState {
  sections: DeferredSections | undefined;
  problem: Problem | undefined;
  retry: () => void;
}

const LATEST_MS = 3000;

export function useDeferredSections(overviewShown: boolean): DeferredSectionsState {
  const [sections, setSections] = useState<DeferredSections>();
  const [problem, setProblem] = useState<Problem>();
  const [wanted, setWanted] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (overviewShown) setWanted(true);
  }, [overviewShown]);

  useEffect(() => {
    const timer = setTimeout(() => setWanted(true), LATEST_MS);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (!wanted || sections) return;
    let live = true;
    import("./deferred-sections").then(
      (loaded) => {
        if (live) setSections(loaded);
      },
      (e: unknown) => {
        if (live) setProblem(describeProblem(e, "loading this page"));
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, attempt, sections]);

  const retry = useCallback(() => {
    setProblem(undefined);
    setAttempt((n) => n + 1);
  }, []);

  return { sections, problem, retry };
}
