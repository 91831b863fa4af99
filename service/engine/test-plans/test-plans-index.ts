// What a Test Plans snapshot holds. Test cases and shared steps are work items (the Boards backup
// keeps their history); here each suite keeps the test cases it lists, with their steps, so a
// restore can put them back in their suites once their work items exist.

export interface SuiteEntry {
  id: number;
  name: string;
  suiteType: string;
  parentId?: number;
  revision: number;
  lastUpdatedDate?: string;
  /** Content object of the suite as listed. */
  object: string;
  /** Content object of the suite's test cases (static suites). */
  testCases?: string;
  testCaseIds: number[];
  /** Content object of the suite's test points (outcomes are the results', not restorable). */
  points: string;
}

export interface PlanEntry {
  id: number;
  name: string;
  revision: number;
  object: string;
  rootSuiteId: number;
  suites: SuiteEntry[];
}

export interface RunEntry {
  id: number;
  name: string;
  completedDate?: string;
  object: string;
  /** Content object of the run's results. */
  results: string;
  resultCount: number;
}

export interface TestPlansIndex {
  plans: PlanEntry[];
  configurations: { id: number; name: string; object: string }[];
  /** Shared steps (work item ids) the test cases' steps call. */
  sharedSteps: number[];
  /** Runs completed within `resultDays` days of the backup. */
  runs: RunEntry[];
  resultDays: number;
  /** Content object: the runs and results as text (what a restore cannot recreate). */
  resultsText: string;
  notes: string[];
}
