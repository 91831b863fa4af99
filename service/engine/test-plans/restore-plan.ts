// The Test Plans restore plan (the dry run): configurations (matched by name, created when
// missing), plans (a taken name gets " (restored)"), suites parent before child, and each static
// suite's test cases whose work items the mapping names. What cannot come back (results, point
// outcomes, unmapped test cases and requirements) is said, and the results are carried as text.
import type { ProjectRef } from "../azure-devops/repos-api";
import type { ContentStore } from "../storage/content-store";
import type { SuiteInfo, TestPlansApi } from "./test-plans-api";
import type { SuiteEntry, TestPlansIndex } from "./test-plans-index";
import { freeName } from "../restore/free-name";

export interface TestPlansMapping {
  /** Source work item id → target work item id (what the Boards restore created). */
  workItems?: Record<string, number>;
}

export interface PlannedTestPlansItem {
  kind: "configuration" | "plan" | "suite" | "testCases";
  sourceId: number;
  name: string;
  action: "create" | "use existing" | "skip";
  detail?: string;
}

export interface TestPlansRestorePlan {
  snapshotKey: string;
  target: { organizationUrl: string; project: ProjectRef };
  /** The source project's name: area and iteration paths start with it. */
  sourceProjectName: string;
  items: PlannedTestPlansItem[];
  notRestored: string[];
  /** The runs and results, as text: compared and kept, never recreated. */
  resultsText: string;
}

/** Source work item id → target id, or undefined when the work item is not in the target. */
export type WorkItemMap = (id: number) => number | undefined;

/** Parents before children, from the root. */
export function treeOrder(suites: SuiteEntry[], rootId: number): SuiteEntry[] {
  const out: SuiteEntry[] = [];
  const visit = (parent: number): void => {
    for (const s of suites.filter((x) => x.parentId === parent)) {
      out.push(s);
      visit(s.id);
    }
  };
  visit(rootId);
  return out;
}

export async function planTestPlansRestore(input: {
  content: ContentStore;
  index: TestPlansIndex;
  snapshotKey: string;
  sourceProjectName: string;
  api: TestPlansApi;
  target: { organizationUrl: string; project: ProjectRef };
  workItemOf: WorkItemMap;
}): Promise<TestPlansRestorePlan> {
  const { content, index, api, workItemOf } = input;
  const project = input.target.project;
  const [targetConfigs, targetPlans] = await Promise.all([
    api.configurations(project.id),
    api.plans(project.id),
  ]);
  const items: PlannedTestPlansItem[] = [];
  const notRestored: string[] = [];
  for (const c of index.configurations) {
    const existing = targetConfigs.find((t) => t.name.toLowerCase() === c.name.toLowerCase());
    items.push({
      kind: "configuration",
      sourceId: c.id,
      name: c.name,
      action: existing ? "use existing" : "create",
    });
  }
  const takenPlans = new Set(targetPlans.map((p) => p.name.toLowerCase()));
  for (const p of index.plans) {
    items.push({
      kind: "plan",
      sourceId: p.id,
      name: freeName(p.name, takenPlans, "parentheses"),
      action: "create",
    });
    for (const s of treeOrder(p.suites, p.rootSuiteId)) {
      const requirement =
        s.suiteType === "requirementTestSuite"
          ? (await content.getJson<SuiteInfo>(s.object)).requirementId
          : undefined;
      const unmapped = requirement !== undefined && workItemOf(requirement) === undefined;
      items.push({
        kind: "suite",
        sourceId: s.id,
        name: s.name,
        action: unmapped ? "skip" : "create",
        detail: unmapped
          ? `requirement ${requirement ?? ""} has no work item in the target: map it, or recreate the suite by hand`
          : s.suiteType,
      });
      if (unmapped)
        notRestored.push(
          `Requirement-based suite "${s.name}" of plan "${p.name}" is not created: work item ${requirement ?? ""} is not mapped.`,
        );
    }
    for (const s of p.suites) {
      if (s.testCaseIds.length === 0) continue;
      const unmapped = s.testCaseIds.filter((id) => workItemOf(id) === undefined);
      items.push({
        kind: "testCases",
        sourceId: s.id,
        name: s.name,
        action: unmapped.length === s.testCaseIds.length ? "skip" : "create",
        detail: `${s.testCaseIds.length - unmapped.length} of ${s.testCaseIds.length} test case(s)`,
      });
      if (unmapped.length > 0)
        notRestored.push(
          `Suite "${s.name}": test case(s) ${unmapped.join(", ")} are not added: their work items are not mapped (restore Boards first and pass its work item map).`,
        );
    }
  }
  const resultCount = index.runs.reduce((n, r) => n + r.resultCount, 0);
  notRestored.push(
    `Test runs and results cannot be recreated (a result belongs to its execution): ${index.runs.length} run(s) with ${resultCount} result(s) of the last ${index.resultDays} days are kept as text.`,
    "Test points come back with their test cases and configurations; their outcomes (from the results) start again as not run.",
    ...(index.sharedSteps.length > 0
      ? [
          `Shared steps ${index.sharedSteps.join(", ")} are work items: the Boards restore brings them back, and the steps of the test cases that call them are pointed at their ids in the target.`,
        ]
      : []),
  );
  return {
    snapshotKey: input.snapshotKey,
    target: input.target,
    sourceProjectName: input.sourceProjectName,
    items,
    notRestored,
    resultsText: await content.getJson<string>(index.resultsText),
  };
}

export function describeTestPlansPlan(plan: TestPlansRestorePlan): string {
  const lines = [
    `Restore Test Plans from ${plan.snapshotKey} into ${plan.target.project.name} (nothing is overwritten):`,
  ];
  for (const i of plan.items)
    lines.push(`  ${i.action} ${i.kind} "${i.name}"${i.detail ? ` — ${i.detail}` : ""}`);
  lines.push("Not restored or restored differently:", ...plan.notRestored.map((n) => `  - ${n}`));
  lines.push("Test runs and results (kept as text):", plan.resultsText);
  return lines.join("\n");
}
