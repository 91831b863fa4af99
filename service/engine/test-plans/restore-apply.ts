// Applies a Test Plans restore plan: configurations, then each plan with its suites parent before
// child, then the static suites' test cases (through the work item map) with their configurations,
// and the steps of those that call shared steps pointed at the shared steps' restored ids.
// The ids created so far (configurations, suites) are the restorer's named state. A failed item is
// recorded and the rest goes on; nothing on the target is changed but what is created.
import type { ContentStore } from "../storage/content-store";
import type {
  ConfigurationInfo,
  Json,
  PlanInfo,
  SuiteInfo,
  SuiteTestCaseInfo,
  TestPlansApi,
} from "./test-plans-api";
import { STEPS } from "./test-plans-api";
import type { PlanEntry, SuiteEntry, TestPlansIndex } from "./test-plans-index";
import { treeOrder, type TestPlansRestorePlan, type WorkItemMap } from "./restore-plan";

export interface TestPlansRestoreResult {
  created: { kind: string; sourceId: number; targetId: number; name: string }[];
  failed: { kind: string; name: string; reason: string }[];
}

/** Area and iteration paths start with the project's name: the target project's in a restore. */
function reroot(path: unknown, from: string, to: string): unknown {
  if (typeof path !== "string") return path;
  return path === from || path.startsWith(`${from}\\`) ? `${to}${path.slice(from.length)}` : path;
}

/** A listed test case's steps (Microsoft.VSTS.TCM.Steps), as the suite listed them. */
function stepsOf(tc: SuiteTestCaseInfo): string | undefined {
  return tc.workItem.workItemFields?.find((f) => f[STEPS] !== undefined)?.[STEPS];
}

/** Steps whose shared-steps calls (`<compref … ref="id">`) name the ids the work item map gives. */
export function callingSharedSteps(steps: string, workItemOf: WorkItemMap): string {
  return steps.replace(
    /(<compref\b[^>]*\bref=")(\d+)(")/g,
    (_all, before: string, id: string, after: string) =>
      `${before}${workItemOf(Number(id)) ?? id}${after}`,
  );
}

export class TestPlansRestorer {
  private readonly configIds = new Map<number, number>();
  private readonly suiteIds = new Map<number, number>();
  /** Target test cases whose steps now call the restored shared steps (a case may be in two suites). */
  private readonly stepsPointed = new Set<number>();
  private readonly result: TestPlansRestoreResult = { created: [], failed: [] };
  private readonly project: string;

  constructor(
    private readonly plan: TestPlansRestorePlan,
    private readonly index: TestPlansIndex,
    private readonly content: ContentStore,
    private readonly api: TestPlansApi,
    private readonly workItemOf: WorkItemMap,
  ) {
    this.project = plan.target.project.id;
  }

  async run(): Promise<TestPlansRestoreResult> {
    const existing = await this.api.configurations(this.project);
    for (const item of this.plan.items.filter((i) => i.kind === "configuration"))
      await this.attempt("configuration", item.name, () =>
        this.configuration(item.sourceId, existing),
      );
    for (const p of this.index.plans) {
      const item = this.plan.items.find((i) => i.kind === "plan" && i.sourceId === p.id);
      if (!item) continue;
      let made: PlanInfo | undefined;
      await this.attempt("plan", item.name, async () => {
        made = await this.testPlan(p, item.name);
      });
      if (!made) continue;
      for (const s of treeOrder(p.suites, p.rootSuiteId)) await this.suite(made.id, s);
      for (const s of p.suites) await this.testCases(made.id, s);
    }
    return this.result;
  }

  private async attempt(kind: string, name: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.result.failed.push({ kind, name, reason: (e as Error).message });
    }
  }

  private async configuration(sourceId: number, existing: ConfigurationInfo[]): Promise<void> {
    const entry = this.index.configurations.find((c) => c.id === sourceId);
    if (!entry) return;
    const same = existing.find((t) => t.name.toLowerCase() === entry.name.toLowerCase());
    if (same) {
      this.configIds.set(entry.id, same.id);
      return;
    }
    const body = await this.content.getJson<Json>(entry.object);
    const made = await this.api.createConfiguration(this.project, {
      name: body.name,
      description: body.description,
      values: body.values,
      state: body.state,
      isDefault: false,
    });
    this.configIds.set(entry.id, made.id);
    this.created("configuration", entry.id, made.id, made.name);
  }

  private async testPlan(p: PlanEntry, name: string): Promise<PlanInfo> {
    const body = await this.content.getJson<PlanInfo>(p.object);
    const { sourceProjectName } = this.plan;
    const targetName = this.plan.target.project.name;
    const made = await this.api.createPlan(this.project, {
      name,
      description: body.description,
      areaPath: reroot(body.areaPath, sourceProjectName, targetName),
      iteration: reroot(body.iteration, sourceProjectName, targetName),
      startDate: body.startDate,
      endDate: body.endDate,
      state: body.state,
    });
    this.suiteIds.set(p.rootSuiteId, made.rootSuite.id);
    this.created("plan", p.id, made.id, made.name);
    return made;
  }

  private async suite(planId: number, s: SuiteEntry): Promise<void> {
    const item = this.plan.items.find((i) => i.kind === "suite" && i.sourceId === s.id);
    const parent = s.parentId !== undefined ? this.suiteIds.get(s.parentId) : undefined;
    if (item?.action !== "create" || parent === undefined) return;
    await this.attempt("suite", s.name, async () => {
      const body = await this.content.getJson<SuiteInfo>(s.object);
      const requirement =
        body.requirementId !== undefined ? this.workItemOf(body.requirementId) : undefined;
      const created = await this.api.createSuite(this.project, planId, {
        name: s.name,
        suiteType: s.suiteType,
        parentSuite: { id: parent },
        ...(body.queryString ? { queryString: body.queryString } : {}),
        ...(requirement !== undefined ? { requirementId: requirement } : {}),
      });
      this.suiteIds.set(s.id, created.id);
      this.created("suite", s.id, created.id, created.name);
    });
  }

  private async testCases(planId: number, s: SuiteEntry): Promise<void> {
    const suiteId = this.suiteIds.get(s.id);
    if (!s.testCases || suiteId === undefined) return;
    const object = s.testCases;
    await this.attempt("testCases", s.name, async () => {
      const listed = await this.content.getJson<SuiteTestCaseInfo[]>(object);
      // The work item is the test case (title, steps): the suite takes its id and configurations.
      const add = listed.flatMap((tc) => {
        const id = this.workItemOf(tc.workItem.id);
        if (id === undefined) return [];
        const configurations = [
          ...new Set((tc.pointAssignments ?? []).map((a) => this.configIds.get(a.configurationId))),
        ].filter((c): c is number => c !== undefined);
        return [
          {
            workItem: { id },
            pointAssignments: configurations.map((configurationId) => ({ configurationId })),
          },
        ];
      });
      if (add.length === 0) return;
      await this.api.addTestCases(this.project, planId, suiteId, add);
      this.created("testCases", s.id, suiteId, `${add.length} test case(s) in ${s.name}`);
      for (const tc of listed) await this.stepsCallingRestoredSharedSteps(tc);
    });
  }

  /**
   * A test case's steps call shared steps by work item id. When the Boards restore gave the shared
   * steps a new id, the restored test case still calls the old one: its steps are pointed at the
   * new id, only while they are exactly what the source had (nothing on the target is overwritten).
   */
  private async stepsCallingRestoredSharedSteps(tc: SuiteTestCaseInfo): Promise<void> {
    const target = this.workItemOf(tc.workItem.id);
    const source = stepsOf(tc);
    if (target === undefined || source === undefined || this.stepsPointed.has(target)) return;
    const pointed = callingSharedSteps(source, this.workItemOf);
    if (pointed === source) return;
    await this.attempt("steps", tc.workItem.name, async () => {
      if ((await this.api.testCaseSteps(target)) !== source) return;
      await this.api.setTestCaseSteps(target, pointed);
      this.stepsPointed.add(target);
      this.created("steps", tc.workItem.id, target, `steps of ${tc.workItem.name}`);
    });
  }

  private created(kind: string, sourceId: number, targetId: number, name: string): void {
    this.result.created.push({ kind, sourceId, targetId, name });
  }
}
