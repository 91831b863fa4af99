// The Test Plans REST calls: plans, suites, a suite's test cases and test points, configurations
// (testplan area) and test runs with their results (test area), paged as the service pages them.
import type { AreaClient } from "../pipelines/area-client";

export type Json = Record<string, unknown>;

export interface PlanInfo extends Json {
  id: number;
  name: string;
  revision: number;
  rootSuite: { id: number; name?: string };
  areaPath?: string;
  iteration?: string;
}

export interface SuiteInfo extends Json {
  id: number;
  name: string;
  suiteType: "staticTestSuite" | "dynamicTestSuite" | "requirementTestSuite";
  parentSuite?: { id: number; name?: string };
  revision: number;
  lastUpdatedDate?: string;
  queryString?: string;
  requirementId?: number;
}

export interface SuiteTestCaseInfo extends Json {
  workItem: { id: number; name: string; workItemFields?: Record<string, string>[] };
  pointAssignments?: { id: number; configurationId: number; configurationName?: string }[];
}

export interface ConfigurationInfo extends Json {
  id: number;
  name: string;
}

export interface TestRunInfo extends Json {
  id: number;
  name: string;
  state?: string;
  completedDate?: string;
}

export interface TestResultInfo extends Json {
  id: number;
  testCaseTitle?: string;
  testCase?: { id: string; name?: string };
  configuration?: { id: string; name?: string };
  outcome?: string;
  durationInMs?: number;
  errorMessage?: string;
  comment?: string;
  completedDate?: string;
  runBy?: { displayName?: string };
}

/** A test case's steps: XML, `<compref ref="id">` calling shared steps. */
export const STEPS = "Microsoft.VSTS.TCM.Steps";

/** The work item fields a suite lists with each test case: enough to say what a case tests. */
export const TEST_CASE_FIELDS = [
  "System.Title",
  "System.State",
  STEPS,
  "Microsoft.VSTS.TCM.Parameters",
  "Microsoft.VSTS.Common.Priority",
];

const RUNS_PAGE = 100;
const RESULTS_PAGE = 1000;

/** Lists of the testplan area continue through the x-ms-continuationtoken header. */
export class TestPlansApi {
  constructor(readonly client: AreaClient) {}

  private base(project: string): string {
    return `${this.client.p(project)}/_apis`;
  }

  plans(project: string): Promise<PlanInfo[]> {
    return this.client.getAll(`${this.base(project)}/testplan/plans`);
  }
  suites(project: string, planId: number): Promise<SuiteInfo[]> {
    return this.client.getAll(`${this.base(project)}/testplan/Plans/${planId}/suites`);
  }
  suiteTestCases(project: string, planId: number, suiteId: number): Promise<SuiteTestCaseInfo[]> {
    return this.client.getAll(
      `${this.base(project)}/testplan/Plans/${planId}/Suites/${suiteId}/TestCase`,
      {
        witFields: TEST_CASE_FIELDS.join(","),
      },
    );
  }
  testPoints(project: string, planId: number, suiteId: number): Promise<Json[]> {
    return this.client.getAll(
      `${this.base(project)}/testplan/Plans/${planId}/Suites/${suiteId}/TestPoint`,
    );
  }
  configurations(project: string): Promise<ConfigurationInfo[]> {
    return this.client.getAll(`${this.base(project)}/testplan/configurations`);
  }
  async runs(project: string): Promise<TestRunInfo[]> {
    const all: TestRunInfo[] = [];
    for (let skip = 0; ; skip += RUNS_PAGE) {
      const page = await this.client.get<TestRunInfo[]>(`${this.base(project)}/test/runs`, {
        $top: RUNS_PAGE,
        $skip: skip,
      });
      all.push(...page);
      if (page.length < RUNS_PAGE) return all;
    }
  }
  async results(project: string, runId: number): Promise<TestResultInfo[]> {
    const all: TestResultInfo[] = [];
    for (let skip = 0; ; skip += RESULTS_PAGE) {
      const page = await this.client.get<TestResultInfo[]>(
        `${this.base(project)}/test/Runs/${runId}/results`,
        { $top: RESULTS_PAGE, $skip: skip },
      );
      all.push(...page);
      if (page.length < RESULTS_PAGE) return all;
    }
  }

  createPlan(project: string, body: Json): Promise<PlanInfo> {
    return this.client.send("POST", `${this.base(project)}/testplan/plans`, body);
  }
  createSuite(project: string, planId: number, body: Json): Promise<SuiteInfo> {
    return this.client.send("POST", `${this.base(project)}/testplan/Plans/${planId}/suites`, body);
  }
  addTestCases(project: string, planId: number, suiteId: number, body: Json[]): Promise<unknown> {
    return this.client.send(
      "POST",
      `${this.base(project)}/testplan/Plans/${planId}/Suites/${suiteId}/TestCase`,
      body,
    );
  }
  createConfiguration(project: string, body: Json): Promise<ConfigurationInfo> {
    return this.client.send("POST", `${this.base(project)}/testplan/configurations`, body);
  }

  /** A test case work item's steps now (Work Items: Get Work Item with `fields`). */
  async testCaseSteps(id: number): Promise<string | undefined> {
    const item = await this.client.get<{ fields?: Record<string, unknown> }>(
      `_apis/wit/workitems/${id}`,
      { fields: STEPS },
    );
    const steps = item.fields?.[STEPS];
    return typeof steps === "string" ? steps : undefined;
  }
  /** Work Items: Update, one JSON patch operation on the steps. */
  setTestCaseSteps(id: number, steps: string): Promise<unknown> {
    return this.client.send(
      "PATCH",
      `_apis/wit/workitems/${id}`,
      [{ op: "add", path: `/fields/${STEPS}`, value: steps }],
      undefined,
      "application/json-patch+json",
    );
  }
}
