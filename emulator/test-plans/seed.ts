// The seeded Test Plans data of fabrikam's "Fabrikam Fiber" project: a plan with a suite tree
// (static suites two levels deep, a requirement-based suite and a query-based suite), test cases
// (work items 501–508) whose steps call shared steps (work item 520), two more configurations,
// test points, and three completed test runs with their results.
import type { EmulatorState } from "../server/state";
import type { ProjectTestPlans, SuiteRecord, TestPlansState } from "./state";

const SEEDED: Record<string, string> = { fabrikam: "Fabrikam Fiber" };

const SHARED_STEPS = 520;

function steps(title: string, i: number): string {
  // Test case steps as Azure DevOps stores them (Microsoft.VSTS.TCM.Steps): XML with a shared-steps call.
  return (
    `<steps id="0" last="4">` +
    `<compref id="2" ref="${SHARED_STEPS}"/>` +
    `<step id="3" type="ActionStep"><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;${title}: step ${i} — open the page and act&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;The page answers as specified&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><description/></step>` +
    `<step id="4" type="ValidateStep"><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;Check the audit log has the action&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;One entry, with the user's name&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><description/></step>` +
    `</steps>`
  );
}

const CASES: [number, string, string][] = [
  [501, "Sign in with a password", "Sign-in"],
  [502, "Sign in with a passkey", "Sign-in"],
  [503, "Lock out after five failures", "Sign-in"],
  [504, "Reset a forgotten password", "Password reset"],
  [505, "Reset link expires after an hour", "Password reset"],
  [506, "Pay with a saved card", "Checkout"],
  [507, "Apply a discount code", "Checkout"],
  [508, "Refuse an expired card", "Checkout"],
];

function seedProject(
  t: TestPlansState,
  pp: ProjectTestPlans,
  project: string,
  userId: string,
): void {
  // Dates relative to the emulator's start, so "the last N days" always holds the runs.
  const monthAgo = Date.now() - 30 * 86_400_000;
  const at = (day: number, hour = 9): string =>
    new Date(monthAgo + day * 86_400_000 + hour * 3_600_000).toISOString();
  const defaultConfig = [...pp.configurations.values()][0]?.id ?? 1;
  const edge = t.addConfiguration(pp, {
    name: "Windows 11 + Edge",
    description: "Desktop browsers",
    isDefault: false,
    state: "active",
    values: [
      { name: "Operating System", value: "Windows 11" },
      { name: "Browser", value: "Edge" },
    ],
  });
  const safari = t.addConfiguration(pp, {
    name: "iOS + Safari",
    description: "Phones",
    isDefault: false,
    state: "active",
    values: [
      { name: "Operating System", value: "iOS 19" },
      { name: "Browser", value: "Safari" },
    ],
  });

  const plan = t.createPlan(pp, {
    name: "Fiber 2.0",
    description: "Acceptance tests of the 2.0 release",
    areaPath: `${project}\\Web`,
    iteration: `${project}\\Release 2.0`,
    state: "Active",
    startDate: at(1),
    endDate: at(28),
    ownerId: userId,
    updatedDate: at(1),
  });
  const suite = (name: string, parentId: number, extra: Partial<SuiteRecord> = {}): SuiteRecord => {
    const s: SuiteRecord = {
      id: t.nextId("suite"),
      planId: plan.id,
      name,
      suiteType: "staticTestSuite",
      parentId,
      revision: 1,
      lastUpdatedDate: at(2),
      testCases: [],
      ...extra,
    };
    pp.suites.set(s.id, s);
    return s;
  };
  const signIn = suite("Sign-in", plan.rootSuiteId);
  const reset = suite("Password reset", signIn.id);
  const checkout = suite("Checkout", plan.rootSuiteId);
  suite("Story 1: pay faster", plan.rootSuiteId, {
    suiteType: "requirementTestSuite",
    requirementId: 1,
  });
  suite("Open bugs", plan.rootSuiteId, {
    suiteType: "dynamicTestSuite",
    queryString:
      "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Test Case' AND [System.State] <> 'Closed'",
  });
  const byName: Record<string, SuiteRecord> = {
    "Sign-in": signIn,
    "Password reset": reset,
    Checkout: checkout,
  };
  for (const [i, [id, title, suiteName]] of CASES.entries()) {
    const s = byName[suiteName] as SuiteRecord;
    t.addTestCase(
      pp,
      s,
      {
        workItemId: id,
        title,
        fields: {
          "System.Title": title,
          "System.State": "Design",
          "Microsoft.VSTS.TCM.Steps": steps(title, i + 1),
          "Microsoft.VSTS.Common.Priority": String((i % 3) + 1),
        },
        configurationIds:
          suiteName === "Checkout" ? [edge.id, safari.id] : [defaultConfig, edge.id],
        order: s.testCases.length + 1,
      },
      at(3),
    );
  }

  // Three runs, one a day, every point executed; some fail.
  const points = [...pp.points.values()];
  for (let day = 0; day < 3; day++) {
    const runId = t.nextId("run");
    const results = points.map((pt, i) => {
      const failed = (i + day) % 5 === 0;
      const title = CASES.find(([id]) => id === pt.testCaseId)?.[1] ?? "";
      return {
        id: 100000 + i,
        testCaseId: pt.testCaseId,
        testCaseTitle: title,
        pointId: pt.id,
        configurationId: pt.configurationId,
        outcome: failed ? "Failed" : "Passed",
        durationInMs: 40_000 + i * 1_000,
        ...(failed
          ? {
              errorMessage: `Step 3 of "${title}": the page answered 500 (Internal Server Error) instead of the expected confirmation.`,
            }
          : {}),
        comment: `Run on build 2.0.${day + 14}`,
        completedDate: at(10 + day, 10),
        runById: userId,
      };
    });
    pp.runs.set(runId, {
      id: runId,
      name: `Fiber 2.0 — manual pass ${day + 1}`,
      planId: plan.id,
      state: "Completed",
      isAutomated: false,
      startedDate: at(10 + day),
      completedDate: at(10 + day, 10),
      ownerId: userId,
      results,
    });
    for (const [i, pt] of points.entries()) {
      pt.outcome = results[i]?.outcome === "Failed" ? "failed" : "passed";
      pt.lastRunId = runId;
      pt.lastUpdatedDate = at(10 + day, 10);
    }
  }
}

export function seedTestPlans(t: TestPlansState, state: EmulatorState): void {
  const projectName = SEEDED[state.organization.name.toLowerCase()];
  const project = projectName ? state.findProject(projectName) : undefined;
  const userId = state.users[0]?.id;
  if (project && userId) seedProject(t, t.project(project.id), project.name, userId);
}
