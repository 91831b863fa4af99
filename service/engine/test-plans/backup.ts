// Backs up one project's Test Plans: plans and their suite trees, each suite's test cases (with
// steps) and test points, configurations, and the runs of the last N days with their results.
// Incremental: a suite whose revision and update time are unchanged keeps its test cases without
// a read; a run already backed up keeps its results. Points are read every run (outcomes move).
import type { ContentStore } from "../storage/content-store";
import { runsAsText } from "./results-text";
import type { PlanEntry, RunEntry, SuiteEntry, TestPlansIndex } from "./test-plans-index";
import type {
  SuiteTestCaseInfo,
  TestPlansApi,
  TestResultInfo,
  TestRunInfo,
} from "./test-plans-api";

export const DEFAULT_RESULT_DAYS = 90;

/** Shared steps a test case's steps call: `<compref … ref="id">`. */
export function sharedStepsOf(testCases: SuiteTestCaseInfo[]): number[] {
  const ids = new Set<number>();
  for (const tc of testCases)
    for (const f of tc.workItem.workItemFields ?? [])
      for (const m of (f["Microsoft.VSTS.TCM.Steps"] ?? "").matchAll(
        /<compref\b[^>]*\bref="(\d+)"/g,
      ))
        ids.add(Number(m[1]));
  return [...ids];
}

export async function backupTestPlansData(
  api: TestPlansApi,
  project: string,
  content: ContentStore,
  previous: TestPlansIndex | undefined,
  options: { resultDays?: number; now?: Date } = {},
): Promise<TestPlansIndex> {
  const resultDays = options.resultDays ?? DEFAULT_RESULT_DAYS;
  const notes: string[] = [];
  const sharedSteps = new Set<number>();
  const beforeSuites = new Map(
    (previous?.plans ?? []).flatMap((p) => p.suites.map((s) => [s.id, s] as const)),
  );
  const plans: PlanEntry[] = [];
  for (const plan of await api.plans(project)) {
    const suites: SuiteEntry[] = [];
    for (const suite of await api.suites(project, plan.id)) {
      const kept = beforeSuites.get(suite.id);
      const unchanged =
        kept && kept.revision === suite.revision && kept.lastUpdatedDate === suite.lastUpdatedDate;
      let testCases = unchanged ? kept.testCases : undefined;
      let testCaseIds = unchanged ? kept.testCaseIds : [];
      if (!unchanged && suite.suiteType === "staticTestSuite") {
        const listed = await api.suiteTestCases(project, plan.id, suite.id);
        testCases = await content.putJson(listed);
        testCaseIds = listed.map((tc) => tc.workItem.id);
        for (const id of sharedStepsOf(listed)) sharedSteps.add(id);
      } else if (unchanged && testCases) {
        for (const id of sharedStepsOf(await content.getJson<SuiteTestCaseInfo[]>(testCases)))
          sharedSteps.add(id);
      }
      suites.push({
        id: suite.id,
        name: suite.name,
        suiteType: suite.suiteType,
        ...(suite.parentSuite ? { parentId: suite.parentSuite.id } : {}),
        revision: suite.revision,
        ...(suite.lastUpdatedDate ? { lastUpdatedDate: suite.lastUpdatedDate } : {}),
        object: await content.putJson(suite),
        ...(testCases ? { testCases } : {}),
        testCaseIds,
        points: await content.putJson(await api.testPoints(project, plan.id, suite.id)),
      });
    }
    plans.push({
      id: plan.id,
      name: plan.name,
      revision: plan.revision,
      object: await content.putJson(plan),
      rootSuiteId: plan.rootSuite.id,
      suites,
    });
  }
  const configurations = [];
  for (const c of await api.configurations(project))
    configurations.push({ id: c.id, name: c.name, object: await content.putJson(c) });

  const since = (options.now ?? new Date()).getTime() - resultDays * 86_400_000;
  const beforeRuns = new Map((previous?.runs ?? []).map((r) => [r.id, r]));
  const runs: RunEntry[] = [];
  const forText: { run: TestRunInfo; results: TestResultInfo[] }[] = [];
  for (const run of await api.runs(project)) {
    if (!run.completedDate || Date.parse(run.completedDate) < since) continue;
    const kept = beforeRuns.get(run.id);
    const results =
      kept && kept.completedDate === run.completedDate
        ? await content.getJson<TestResultInfo[]>(kept.results)
        : await api.results(project, run.id);
    runs.push({
      id: run.id,
      name: run.name,
      completedDate: run.completedDate,
      object: await content.putJson(run),
      results: await content.putJson(results),
      resultCount: results.length,
    });
    forText.push({ run, results });
  }
  notes.push(
    `Test cases and shared steps are work items: their history is in the Boards backup; suites keep their ids, titles and steps${sharedSteps.size > 0 ? ` (shared steps ${[...sharedSteps].sort((a, b) => a - b).join(", ")})` : ""}.`,
    `Test runs and results of the last ${resultDays} days are kept as a record (${runs.length} run(s), ${runs.reduce((n, r) => n + r.resultCount, 0)} result(s)).`,
  );
  return {
    plans,
    configurations,
    sharedSteps: [...sharedSteps].sort((a, b) => a - b),
    runs,
    resultDays,
    resultsText: await content.putJson(runsAsText(forText)),
    notes,
  };
}
