// Loads the hub's later sections (deferred-sections.ts) and their stylesheet after the first
// screen: once the overview shows every fact, or after LATEST_MS if it is slow (the sections must
// not wait on the network).
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

/** Adds a stylesheet to the page; settles once the browser has applied it (or could not load it). */
function loadStylesheet(href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = () => resolve();
    link.onerror = () => {
      link.remove();
      reject(new Error(`The page's stylesheet ${href} did not load.`));
    };
    document.head.appendChild(link);
  });
}

/**
 * `stylesheet`: the sections' own styles, shown together with them (no unstyled flash); absent
 * where no styles apply (unit tests).
 */
export function useDeferredSections(
  overviewShown: boolean,
  stylesheet?: string,
): DeferredSectionsState {
  const [sections, setSections] = useState<DeferredSections>();
  const [styled, setStyled] = useState(!stylesheet);
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

  // The code and the stylesheet load side by side; each effect follows its own.
  useEffect(() => {
    if (!wanted || sections) return;
    let live = true;
    // A named chunk: what the entry point makes lazily (the backup runs' client, the consent
    // page's signals) is imported under the same name, so it arrives in this one file.
    import(/* webpackChunkName: "hub-sections" */ "./deferred-sections").then(
      (loaded) => live && setSections(loaded),
      (e: unknown) => live && setProblem(describeProblem(e, "loading this page")),
    );
    return () => {
      live = false;
    };
  }, [wanted, attempt, sections]);

  useEffect(() => {
    if (!wanted || styled || !stylesheet) return;
    let live = true;
    loadStylesheet(stylesheet).then(
      () => live && setStyled(true),
      (e: unknown) => live && setProblem(describeProblem(e, "loading this page")),
    );
    return () => {
      live = false;
    };
  }, [wanted, attempt, styled, stylesheet]);

  const retry = useCallback(() => {
    setProblem(undefined);
    setAttempt((n) => n + 1);
  }, []);

  return { sections: styled ? sections : undefined, problem, retry };
}
