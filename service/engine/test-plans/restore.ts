// Test Plans restore: a plan first (dry run), then apply in dependency order: configurations
// (matched by name, created when missing), plans, suites parent before child, then each static
// suite's test cases, whose work items come from the Boards restore (a mapping of work item ids).
// Test points come back with the test cases; results and point outcomes cannot be recreated and
// are kept as text. Nothing on the target is overwritten: a taken plan name gets " (restored)".
import type { ProjectRef } from "../azure-devops/repos-api";
import { AreaClient } from "../pipelines/area-client";
import { loadDataSnapshot, type DataRestoreOptions } from "../pipelines/restore";
import { ContentStore } from "../storage/content-store";
import type { TestPlansIndex, SuiteEntry } from "./test-plans-index";
import {
  TestPlansApi,
  type Json,
  type PlanInfo,
  type SuiteInfo,
  type SuiteTestCaseInfo,
} from "./test-plans-api";

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
  items: PlannedTestPlansItem[];
  notRestored: string[];
  /** The runs and results, as text: compared and kept, never recreated. */
  resultsText: string;
}

export interface TestPlansRestoreResult {
  created: { kind: string; sourceId: number; targetId: number; name: string }[];
  failed: { kind: string; name: string; reason: string }[];
}

function freeName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 1; taken.has(candidate.toLowerCase()); n++)
    candidate = n === 1 ? `${name} (restored)` : `${name} (restored ${n})`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Parents before children, from the root. */
function treeOrder(suites: SuiteEntry[], rootId: number): SuiteEntry[] {
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

/** Area and iteration paths start with the project's name: the target project's in a restore. */
function reroot(path: unknown, from: string, to: string): unknown {
  if (typeof path !== "string") return path;
  return path === from || path.startsWith(`${from}\\`) ? `${to}${path.slice(from.length)}` : path;
}

export async function restoreTestPlans(options: DataRestoreOptions<TestPlansMapping>): Promise<{
  plan: TestPlansRestorePlan;
  apply: () => Promise<TestPlansRestoreResult>;
}> {
  const content = new ContentStore(options.store);
  const { key, snapshot } = await loadDataSnapshot(
    options.store,
    "testPlans",
    options.sourceProjectId,
    options.snapshotKey,
  );
  const index = await content.getJson<TestPlansIndex>(snapshot.index);
  const api = new TestPlansApi(
    new AreaClient(options.target.organizationUrl, options.target.authorization),
  );
  const project = options.target.project;
  const sameOrganization =
    options.target.organizationUrl.replace(/\/$/, "") ===
    snapshot.organizationUrl.replace(/\/$/, "");
  const workItemOf = (id: number): number | undefined =>
    options.mapping?.workItems?.[String(id)] ?? (sameOrganization ? id : undefined);

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
      name: freeName(p.name, takenPlans),
      action: "create",
    });
    for (const s of treeOrder(p.suites, p.rootSuiteId)) {
      const requirement =
        s.suiteType === "requirementTestSuite"
          ? (await content.getJson<SuiteInfo>(s.object)).requirementId
          : undefined;
      const unmappedRequirement =
        requirement !== undefined && workItemOf(requirement) === undefined;
      items.push({
        kind: "suite",
        sourceId: s.id,
        name: s.name,
        action: unmappedRequirement ? "skip" : "create",
        detail: unmappedRequirement
          ? `requirement ${requirement ?? ""} has no work item in the target: map it, or recreate the suite by hand`
          : s.suiteType,
      });
      if (unmappedRequirement)
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
  const resultsText = await content.getJson<string>(index.resultsText);
  const resultCount = index.runs.reduce((n, r) => n + r.resultCount, 0);
  notRestored.push(
    `Test runs and results cannot be recreated (a result belongs to its execution): ${index.runs.length} run(s) with ${resultCount} result(s) of the last ${index.resultDays} days are kept as text.`,
    "Test points come back with their test cases and configurations; their outcomes (from the results) start again as not run.",
    ...(index.sharedSteps.length > 0
      ? [
          `Shared steps ${index.sharedSteps.join(", ")} are work items: the Boards restore brings them back.`,
        ]
      : []),
  );
  const plan: TestPlansRestorePlan = {
    snapshotKey: key,
    target: { organizationUrl: options.target.organizationUrl, project },
    items,
    notRestored,
    resultsText,
  };

  async function apply(): Promise<TestPlansRestoreResult> {
    const result: TestPlansRestoreResult = { created: [], failed: [] };
    const configIds = new Map<number, number>();
    const suiteIds = new Map<number, number>();
    const attempt = async (
      kind: string,
      name: string,
      work: () => Promise<void>,
    ): Promise<void> => {
      try {
        await work();
      } catch (e) {
        result.failed.push({ kind, name, reason: (e as Error).message });
      }
    };
    const configs = await api.configurations(project.id);
    for (const item of items.filter((i) => i.kind === "configuration")) {
      const entry = index.configurations.find((c) => c.id === item.sourceId);
      if (!entry) continue;
      await attempt("configuration", item.name, async () => {
        const existing = configs.find((t) => t.name.toLowerCase() === item.name.toLowerCase());
        if (existing) return void configIds.set(entry.id, existing.id);
        const body = await content.getJson<Json>(entry.object);
        const made = await api.createConfiguration(project.id, {
          name: body.name,
          description: body.description,
          values: body.values,
          state: body.state,
          isDefault: false,
        });
        configIds.set(entry.id, made.id);
        result.created.push({
          kind: "configuration",
          sourceId: entry.id,
          targetId: made.id,
          name: made.name,
        });
      });
    }
    for (const p of index.plans) {
      const planItem = items.find((i) => i.kind === "plan" && i.sourceId === p.id);
      if (!planItem) continue;
      let made: PlanInfo | undefined;
      await attempt("plan", planItem.name, async () => {
        const body = await content.getJson<PlanInfo>(p.object);
        made = await api.createPlan(project.id, {
          name: planItem.name,
          description: body.description,
          areaPath: reroot(body.areaPath, snapshot.project.name, project.name),
          iteration: reroot(body.iteration, snapshot.project.name, project.name),
          startDate: body.startDate,
          endDate: body.endDate,
          state: body.state,
        });
        suiteIds.set(p.rootSuiteId, made.rootSuite.id);
        result.created.push({ kind: "plan", sourceId: p.id, targetId: made.id, name: made.name });
      });
      if (!made) continue;
      const planId = made.id;
      for (const s of treeOrder(p.suites, p.rootSuiteId)) {
        const item = items.find((i) => i.kind === "suite" && i.sourceId === s.id);
        const parent = s.parentId !== undefined ? suiteIds.get(s.parentId) : undefined;
        if (item?.action !== "create" || parent === undefined) continue;
        await attempt("suite", s.name, async () => {
          const body = await content.getJson<SuiteInfo>(s.object);
          const requirement =
            body.requirementId !== undefined ? workItemOf(body.requirementId) : undefined;
          const created = await api.createSuite(project.id, planId, {
            name: s.name,
            suiteType: s.suiteType,
            parentSuite: { id: parent },
            ...(body.queryString ? { queryString: body.queryString } : {}),
            ...(requirement !== undefined ? { requirementId: requirement } : {}),
          });
          suiteIds.set(s.id, created.id);
          result.created.push({
            kind: "suite",
            sourceId: s.id,
            targetId: created.id,
            name: created.name,
          });
        });
      }
      for (const s of p.suites) {
        const target = suiteIds.get(s.id);
        if (!s.testCases || target === undefined) continue;
        await attempt("testCases", s.name, async () => {
          const listed = await content.getJson<SuiteTestCaseInfo[]>(s.testCases as string);
          const add = listed.flatMap((tc) => {
            const id = workItemOf(tc.workItem.id);
            if (id === undefined) return [];
            const configurations = [
              ...new Set((tc.pointAssignments ?? []).map((a) => configIds.get(a.configurationId))),
            ].filter((c): c is number => c !== undefined);
            return [
              {
                workItem: {
                  id,
                  name: tc.workItem.name,
                  workItemFields: tc.workItem.workItemFields,
                },
                pointAssignments: configurations.map((configurationId) => ({ configurationId })),
              },
            ];
          });
          if (add.length === 0) return;
          await api.addTestCases(project.id, planId, target, add);
          result.created.push({
            kind: "testCases",
            sourceId: s.id,
            targetId: target,
            name: `${add.length} test case(s) in ${s.name}`,
          });
        });
      }
    }
    return result;
  }
  return { plan, apply };
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
