// The seeded Test Plans data of fabrikam's "Fabrikam Fiber" project: a plan with a suite tree
// (static suites two levels deep, a requirement-based suite on one of the Boards' user stories and
// a query-based suite), eight test cases whose steps call one shared steps (Test Case and Shared
// Steps work items in the project's Boards, made there when missing), two more configurations,
// test points, and three completed test runs with their results.
import type { EmulatorState, ProjectRecord } from "../server/state";
import type { ConfigurationRecord, SuiteRecord, TestPlansState } from "./state";
import { SHARED_STEPS, TEST_CASE, ensureWorkItem, workItemsOfType } from "./work-items";

const SEEDED: Record<string, string> = { fabrikam: "Fabrikam Fiber" };

function step(id: number, type: string, action: string, expected: string): string {
  const text = (t: string): string =>
    `<parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;${t}&lt;/P&gt;&lt;/DIV&gt;</parameterizedString>`;
  return `<step id="${id}" type="${type}">${text(action)}${text(expected)}<description/></step>`;
}

/** The shared steps' own steps: sign in as the test user. */
const SHARED_STEPS_XML =
  `<steps id="0" last="2">` +
  step(1, "ActionStep", "Open the sign-in page", "The page asks for a user name") +
  step(2, "ActionStep", "Sign in as the test user", "The home page shows the user's name") +
  `</steps>`;

function steps(title: string, i: number, sharedSteps: number): string {
  // Test case steps as Azure DevOps stores them (Microsoft.VSTS.TCM.Steps): XML with a shared-steps call.
  return (
    `<steps id="0" last="4">` +
    `<compref id="2" ref="${sharedSteps}"/>` +
    `<step id="3" type="ActionStep"><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;${title}: step ${i} — open the page and act&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;The page answers as specified&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><description/></step>` +
    `<step id="4" type="ValidateStep"><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;Check the audit log has the action&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><parameterizedString isformatted="true">&lt;DIV&gt;&lt;P&gt;One entry, with the user's name&lt;/P&gt;&lt;/DIV&gt;</parameterizedString><description/></step>` +
    `</steps>`
  );
}

/** Each test case's title and the suite it is in. */
const CASES: [string, string][] = [
  ["Sign in with a password", "Sign-in"],
  ["Sign in with a passkey", "Sign-in"],
  ["Lock out after five failures", "Sign-in"],
  ["Reset a forgotten password", "Password reset"],
  ["Reset link expires after an hour", "Password reset"],
  ["Pay with a saved card", "Checkout"],
  ["Apply a discount code", "Checkout"],
  ["Refuse an expired card", "Checkout"],
];

function configuration(
  name: string,
  description: string,
  [os, browser]: [string, string],
): Omit<ConfigurationRecord, "id"> {
  const values = [
    { name: "Operating System", value: os },
    { name: "Browser", value: browser },
  ];
  return { name, description, isDefault: false, state: "active", values };
}

const CONFIGURATIONS = [
  configuration("Windows 11 + Edge", "Desktop browsers", ["Windows 11", "Edge"]),
  configuration("iOS + Safari", "Phones", ["iOS 19", "Safari"]),
];

/** The test cases' and shared steps' work items in the project's Boards (made when missing): title → id. */
function seedWorkItems(
  state: EmulatorState,
  project: ProjectRecord,
  by: string,
  at: string,
): Map<string, number> {
  const change = { by, at };
  const sharedSteps = ensureWorkItem(
    state,
    project,
    { ...change, type: SHARED_STEPS },
    {
      "System.Title": "Sign in as the test user",
      "System.State": "Active",
      "Microsoft.VSTS.TCM.Steps": SHARED_STEPS_XML,
    },
  );
  const ids = new Map<string, number>();
  for (const [i, [title]] of CASES.entries())
    ids.set(
      title,
      ensureWorkItem(
        state,
        project,
        { ...change, type: TEST_CASE },
        {
          "System.Title": title,
          "System.State": "Design",
          "Microsoft.VSTS.TCM.Steps": steps(title, i + 1, sharedSteps),
          "Microsoft.VSTS.Common.Priority": (i % 3) + 1,
        },
      ),
    );
  return ids;
}

function seedProject(
  t: TestPlansState,
  state: EmulatorState,
  p: ProjectRecord,
  userId: string,
): void {
  const pp = t.project(p.id);
  const project = p.name;
  // Dates relative to the emulator's start, so "the last N days" always holds the runs.
  const monthAgo = Date.now() - 30 * 86_400_000;
  const at = (day: number, hour = 9): string =>
    new Date(monthAgo + day * 86_400_000 + hour * 3_600_000).toISOString();
  const defaultConfig = [...pp.configurations.values()][0]?.id ?? 1;
  const [edge, safari] = CONFIGURATIONS.map((c) => t.addConfiguration(pp, c)) as [
    ConfigurationRecord,
    ConfigurationRecord,
  ];
  const user = state.user(userId);
  const workItems = seedWorkItems(
    state,
    p,
    `${user?.displayName ?? ""} <${user?.email ?? ""}>`,
    at(0),
  );
  const story = workItemsOfType(state, p.id, "User Story")[0];

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
    ...(story ? { requirementId: story.id } : {}),
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
  for (const [title, suiteName] of CASES) {
    const s = byName[suiteName] as SuiteRecord;
    t.addTestCase(
      pp,
      s,
      {
        workItemId: workItems.get(title) ?? 0,
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
      const title = [...workItems].find(([, id]) => id === pt.testCaseId)?.[0] ?? "";
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
  if (project && userId) seedProject(t, state, project, userId);
}
