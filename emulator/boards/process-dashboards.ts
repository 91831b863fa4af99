// The process a project uses (the system Agile process, and an inherited one that customises it)
// and the teams' dashboards, seeded for the emulated Boards.
import type { SeededRandom } from "../server/random";
import type { BoardsOrganization, DashboardRecord, ProcessRecord } from "./model";

/** The system Agile process's type id, as on every Azure DevOps organization. */
export const AGILE_PROCESS = "adcc42ab-9882-485e-a3ed-7678f01f66bc";

const STATE = (name: string, stateCategory: string, color: string) => ({
  name,
  stateCategory,
  color,
});

function agile(): ProcessRecord {
  const states = [
    STATE("New", "Proposed", "b2b2b2"),
    STATE("Active", "InProgress", "007acc"),
    STATE("Resolved", "Resolved", "ff9d00"),
    STATE("Closed", "Completed", "339933"),
  ];
  const type = (name: string, fields: string[]) => ({
    referenceName: `Microsoft.VSTS.WorkItemTypes.${name.replace(/ /g, "")}`,
    name,
    customization: "system" as const,
    states,
    fields: ["System.Title", "System.State", "System.Description", ...fields],
  });
  return {
    typeId: AGILE_PROCESS,
    name: "Agile",
    parentProcessTypeId: "00000000-0000-0000-0000-000000000000",
    customizationType: "system",
    workItemTypes: [
      type("User Story", ["Microsoft.VSTS.Scheduling.StoryPoints"]),
      type("Task", []),
      type("Bug", ["Microsoft.VSTS.TCM.ReproSteps"]),
      type("Feature", []),
      type("Epic", []),
    ],
  };
}

/** "Fabrikam Agile": Agile with a custom field on bugs and a "Blocked" state on tasks. */
export function inheritedProcess(org: BoardsOrganization, random: SeededRandom): ProcessRecord {
  org.processes.set(AGILE_PROCESS, agile());
  const typeId = random.guid();
  const process: ProcessRecord = {
    typeId,
    name: "Fabrikam Agile",
    parentProcessTypeId: AGILE_PROCESS,
    customizationType: "inherited",
    workItemTypes: [
      {
        referenceName: "FabrikamAgile.Bug",
        name: "Bug",
        inherits: "Microsoft.VSTS.WorkItemTypes.Bug",
        customization: "inherited",
        states: [],
        fields: ["Custom.CustomerImpact"],
      },
      {
        referenceName: "FabrikamAgile.Task",
        name: "Task",
        inherits: "Microsoft.VSTS.WorkItemTypes.Task",
        customization: "inherited",
        states: [STATE("Blocked", "InProgress", "cc293d")],
        fields: [],
      },
    ],
  };
  org.processes.set(typeId, process);
  return process;
}

export function ensureSystemProcess(org: BoardsOrganization): void {
  if (!org.processes.has(AGILE_PROCESS)) org.processes.set(AGILE_PROCESS, agile());
}

export function overviewDashboard(random: SeededRandom, queryId?: string): DashboardRecord {
  return {
    id: random.guid(),
    name: "Overview",
    description: "",
    refreshInterval: 0,
    widgets: queryId
      ? [
          {
            id: random.guid(),
            name: "Active bugs",
            contributionId:
              "ms.vss-dashboards-web.Microsoft.VisualStudioOnline.Dashboards.QueryScalarWidget",
            position: { row: 1, column: 1 },
            size: { rowSpan: 1, columnSpan: 1 },
            settings: JSON.stringify({ queryId, queryName: "Active bugs" }),
          },
          {
            id: random.guid(),
            name: "Welcome",
            contributionId:
              "ms.vss-dashboards-web.Microsoft.VisualStudioOnline.Dashboards.MarkdownWidget",
            position: { row: 1, column: 2 },
            size: { rowSpan: 2, columnSpan: 2 },
            settings: "## Fiber team\nSee the runbook before a release.",
          },
        ]
      : [],
  };
}
