// What the Test Plans areas hold per project: plans, the suite tree, each static suite's test
// cases (ids of Test Case work items, whose fields the Boards area holds), test points (a test case × a
// configuration), configurations, and test runs with their results.
import { ProjectAreasState } from "../server/project-areas-state";

export type Json = Record<string, unknown>;

/** A test case in a static suite: its work item (a Test Case in the Boards area) and configurations. */
export interface SuiteTestCase {
  workItemId: number;
  configurationIds: number[];
  order: number;
}

export interface TestPointRecord {
  id: number;
  suiteId: number;
  testCaseId: number;
  configurationId: number;
  outcome: string;
  lastRunId?: number;
  lastUpdatedDate: string;
}

export interface SuiteRecord {
  id: number;
  planId: number;
  name: string;
  suiteType: "staticTestSuite" | "dynamicTestSuite" | "requirementTestSuite";
  parentId?: number;
  queryString?: string;
  requirementId?: number;
  revision: number;
  lastUpdatedDate: string;
  testCases: SuiteTestCase[];
}

export interface PlanRecord {
  id: number;
  name: string;
  description: string;
  areaPath: string;
  iteration: string;
  state: string;
  startDate: string;
  endDate: string;
  ownerId: string;
  rootSuiteId: number;
  revision: number;
  updatedDate: string;
}

export interface ConfigurationRecord {
  id: number;
  name: string;
  description: string;
  isDefault: boolean;
  state: "active" | "inactive";
  values: { name: string; value: string }[];
}

export interface TestRunRecord {
  id: number;
  name: string;
  planId: number;
  state: "Completed" | "InProgress";
  isAutomated: boolean;
  startedDate: string;
  completedDate: string;
  ownerId: string;
  results: TestResultRecord[];
}

export interface TestResultRecord {
  id: number;
  testCaseId: number;
  testCaseTitle: string;
  pointId?: number;
  configurationId: number;
  outcome: string;
  durationInMs: number;
  errorMessage?: string;
  comment?: string;
  completedDate: string;
  runById: string;
}

export interface ProjectTestPlans {
  plans: Map<number, PlanRecord>;
  suites: Map<number, SuiteRecord>;
  points: Map<number, TestPointRecord>;
  configurations: Map<number, ConfigurationRecord>;
  runs: Map<number, TestRunRecord>;
}

/** Ids are collection-wide: one counter per kind for the organization. */
export class TestPlansState extends ProjectAreasState<ProjectTestPlans> {
  protected newProject(): ProjectTestPlans {
    const p: ProjectTestPlans = {
      plans: new Map(),
      suites: new Map(),
      points: new Map(),
      configurations: new Map(),
      runs: new Map(),
    };
    // Every project starts with the default configuration.
    this.addConfiguration(p, {
      name: "Windows 10",
      description: "Default operating system for testing",
      isDefault: true,
      state: "active",
      values: [{ name: "Operating System", value: "Windows 10" }],
    });
    return p;
  }

  /** A new test configuration with the next collection-wide id. */
  addConfiguration(
    pp: ProjectTestPlans,
    fields: Omit<ConfigurationRecord, "id">,
  ): ConfigurationRecord {
    const c: ConfigurationRecord = { id: this.nextId("configuration"), ...fields };
    pp.configurations.set(c.id, c);
    return c;
  }

  /** Points follow a suite's test cases × their configurations (created as cases are added). */
  addTestCase(pp: ProjectTestPlans, suite: SuiteRecord, testCase: SuiteTestCase, at: string): void {
    suite.testCases.push(testCase);
    suite.revision += 1;
    suite.lastUpdatedDate = at;
    for (const configurationId of testCase.configurationIds) {
      const id = this.nextId("point");
      pp.points.set(id, {
        id,
        suiteId: suite.id,
        testCaseId: testCase.workItemId,
        configurationId,
        outcome: "unspecified",
        lastUpdatedDate: at,
      });
    }
  }

  createPlan(
    pp: ProjectTestPlans,
    fields: Omit<PlanRecord, "id" | "rootSuiteId" | "revision">,
  ): PlanRecord {
    const id = this.nextId("plan");
    const rootSuiteId = this.nextId("suite");
    const plan: PlanRecord = { ...fields, id, rootSuiteId, revision: 1 };
    pp.plans.set(id, plan);
    pp.suites.set(rootSuiteId, {
      id: rootSuiteId,
      planId: id,
      name: fields.name,
      suiteType: "staticTestSuite",
      revision: 1,
      lastUpdatedDate: fields.updatedDate,
      testCases: [],
    });
    return plan;
  }
}
