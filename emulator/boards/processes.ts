// The processes of the emulated organization: the system Agile process, present on every
// organization, and fabrikam's inherited "Fabrikam Agile" (a picklist field and a rule on bugs, a
// form group showing that field, a "Blocked" state on tasks, a custom "Customer Request" type on
// the stories backlog, and an "Initiatives" portfolio level).
import type { SeededRandom } from "../server/random";
import type { BoardsOrganization } from "./model";
import type {
  BehaviorRecord,
  PageRecord,
  ProcessRecord,
  StateRecord,
  WorkItemTypeRecord,
} from "./process-model";

/** The system Agile process's type id, as on every Azure DevOps organization. */
export const AGILE_PROCESS = "adcc42ab-9882-485e-a3ed-7678f01f66bc";
export const NO_PARENT = "00000000-0000-0000-0000-000000000000";

const backlog = (level: string): string => `${level}BacklogBehavior`;

/** Agile's backlog levels (behaviors): portfolio levels inherit the portfolio behavior. */
const BEHAVIORS = {
  portfolio: backlog("System.Portfolio"),
  epics: backlog("Microsoft.VSTS.Agile.Epic"),
  features: backlog("Microsoft.VSTS.Agile.Feature"),
  requirements: backlog("System.Requirement"),
  tasks: backlog("System.Task"),
};

function state(name: string, stateCategory: string, color: string, order: number): StateRecord {
  return { id: `${name.toLowerCase()}-state`, name, stateCategory, color, order };
}

/** The states a new type starts with (a custom type's, and every Agile type's here). */
export function startingStates(withResolved: boolean): StateRecord[] {
  return [
    state("New", "Proposed", "b2b2b2", 1),
    state("Active", "InProgress", "007acc", 2),
    ...(withResolved ? [state("Resolved", "Resolved", "ff9d00", 3)] : []),
    state("Closed", "Completed", "339933", 4),
  ];
}

/** The form a type starts with: one page of three sections. */
export function startingForm(referenceName: string, extra: string[] = []): PageRecord[] {
  const control = (id: string, label: string) => ({ id, label, visible: true });
  return [
    {
      id: `${referenceName}.Details`,
      label: "Details",
      pageType: "custom",
      visible: true,
      sections: [
        {
          id: "Section1",
          groups: [
            {
              id: `${referenceName}.Description`,
              label: "Description",
              visible: true,
              controls: [control("System.Description", "Description")],
            },
          ],
        },
        {
          id: "Section2",
          groups: [
            {
              id: `${referenceName}.Planning`,
              label: "Planning",
              visible: true,
              controls: [
                control("Microsoft.VSTS.Common.Priority", "Priority"),
                ...extra.map((f) => control(f, f.replace(/^.*\./, ""))),
              ],
            },
          ],
        },
        { id: "Section3", groups: [] },
      ],
    },
  ];
}

const SYSTEM_FIELDS = ["System.Title", "System.State", "System.Description"];

export function newType(
  fields: Omit<WorkItemTypeRecord, "states" | "hiddenStates" | "fields" | "rules" | "pages">,
  parts: Partial<WorkItemTypeRecord> = {},
): WorkItemTypeRecord {
  return {
    ...fields,
    states: [],
    hiddenStates: [],
    fields: [],
    rules: [],
    pages: [],
    ...parts,
  };
}

function agileType(name: string, behavior: string, color: string, extra: string[]) {
  const referenceName = `Microsoft.VSTS.WorkItemTypes.${name.replace(/ /g, "")}`;
  return newType(
    {
      referenceName,
      name,
      description: `The Agile ${name}.`,
      color,
      icon: "icon_clipboard",
      isDisabled: false,
      customization: "system",
      addedControls: {},
      behaviors: [{ id: behavior, isDefault: true }],
    },
    {
      states: startingStates(name !== "Task"),
      fields: [...SYSTEM_FIELDS, ...extra].map((referenceName) => ({
        referenceName,
        required: referenceName === "System.Title",
        readOnly: false,
      })),
      pages: startingForm(referenceName, extra),
    },
  );
}

function behavior(
  referenceName: string,
  name: string,
  rank: number,
  inherits?: string,
): BehaviorRecord {
  return {
    referenceName,
    name,
    color: "009ccc",
    rank,
    description: `${name} backlog`,
    customization: "system",
    ...(inherits ? { inherits } : {}),
  };
}

function agile(): ProcessRecord {
  return {
    typeId: AGILE_PROCESS,
    name: "Agile",
    referenceName: "Agile",
    description: "The Agile process.",
    parentProcessTypeId: NO_PARENT,
    customizationType: "system",
    workItemTypes: [
      agileType("User Story", BEHAVIORS.requirements, "009ccc", [
        "Microsoft.VSTS.Scheduling.StoryPoints",
      ]),
      agileType("Task", BEHAVIORS.tasks, "f2cb1d", []),
      agileType("Bug", BEHAVIORS.requirements, "cc293d", ["Microsoft.VSTS.TCM.ReproSteps"]),
      agileType("Feature", BEHAVIORS.features, "773b93", []),
      agileType("Epic", BEHAVIORS.epics, "ff7b00", []),
    ],
    behaviors: [
      behavior(BEHAVIORS.portfolio, "Portfolio", 0),
      behavior(BEHAVIORS.epics, "Epics", 30, BEHAVIORS.portfolio),
      behavior(BEHAVIORS.features, "Features", 20, BEHAVIORS.portfolio),
      behavior(BEHAVIORS.requirements, "Stories", 10),
      behavior(BEHAVIORS.tasks, "Tasks", 0),
    ],
  };
}

export function ensureSystemProcess(org: BoardsOrganization): void {
  if (!org.processes.has(AGILE_PROCESS)) org.processes.set(AGILE_PROCESS, agile());
}

/** The picklist and the organization field "Custom.CustomerImpact" that Fabrikam Agile adds to bugs. */
function customerImpactField(org: BoardsOrganization, random: SeededRandom): string {
  const picklistId = random.guid();
  org.picklists.set(picklistId, {
    id: picklistId,
    name: "picklist_customer_impact",
    type: "String",
    isSuggested: false,
    items: ["Low", "Medium", "High"],
  });
  const referenceName = "Custom.CustomerImpact";
  org.fields.set(referenceName.toLowerCase(), {
    referenceName,
    name: "Customer Impact",
    type: "string",
    description: "How much the customer is hurt.",
    isPicklist: true,
    picklistId,
  });
  return referenceName;
}

function derivedBug(random: SeededRandom, field: string): WorkItemTypeRecord {
  const bug = "Microsoft.VSTS.WorkItemTypes.Bug";
  return newType(
    {
      referenceName: "FabrikamAgile.Bug",
      name: "Bug",
      description: "A bug, with its customer impact.",
      color: "cc293d",
      icon: "icon_insect",
      isDisabled: false,
      inherits: bug,
      customization: "inherited",
      addedControls: {},
      behaviors: [],
    },
    {
      fields: [{ referenceName: field, defaultValue: "Low", required: false, readOnly: false }],
      rules: [
        {
          id: random.guid(),
          name: "Impact is required once active",
          conditions: [{ conditionType: "when", field: "System.State", value: "Active" }],
          actions: [{ actionType: "makeRequired", targetField: field, value: "" }],
          isDisabled: false,
        },
      ],
      pages: [
        {
          id: `${bug}.Details`,
          label: "Details",
          pageType: "custom",
          visible: true,
          sections: [
            {
              id: "Section3",
              groups: [
                {
                  id: random.guid(),
                  label: "Customer",
                  visible: true,
                  controls: [{ id: field, label: "Customer impact", visible: true }],
                },
              ],
            },
          ],
        },
      ],
    },
  );
}

/** "Fabrikam Agile", an inherited process of Agile; the organization's Agile comes with it. */
export function inheritedProcess(org: BoardsOrganization, random: SeededRandom): ProcessRecord {
  ensureSystemProcess(org);
  const field = customerImpactField(org, random);
  const typeId = random.guid();
  const initiatives = `Custom.${random.guid().replace(/-/g, "")}`;
  const process: ProcessRecord = {
    typeId,
    name: "Fabrikam Agile",
    referenceName: "FabrikamAgile",
    description: "Agile as Fabrikam works.",
    parentProcessTypeId: AGILE_PROCESS,
    customizationType: "inherited",
    behaviors: [
      {
        ...behavior(initiatives, "Initiatives", 40, BEHAVIORS.portfolio),
        color: "60af49",
        customization: "custom",
      },
    ],
    workItemTypes: [
      derivedBug(random, field),
      newType(
        {
          referenceName: "FabrikamAgile.Task",
          name: "Task",
          description: "A task that can be blocked.",
          color: "f2cb1d",
          icon: "icon_clipboard",
          isDisabled: false,
          inherits: "Microsoft.VSTS.WorkItemTypes.Task",
          customization: "inherited",
          addedControls: {},
          behaviors: [],
        },
        { states: [{ ...state("Blocked", "InProgress", "cc293d", 3), id: random.guid() }] },
      ),
      newType(
        {
          referenceName: "FabrikamAgile.CustomerRequest",
          name: "Customer Request",
          description: "Something a customer asked for.",
          color: "60af49",
          icon: "icon_chat_bubble",
          isDisabled: false,
          customization: "custom",
          addedControls: {},
          behaviors: [{ id: BEHAVIORS.requirements, isDefault: false }],
        },
        {
          states: startingStates(false),
          fields: [
            { referenceName: "System.Title", required: true, readOnly: false },
            { referenceName: field, defaultValue: "Medium", required: false, readOnly: false },
          ],
          pages: startingForm("FabrikamAgile.CustomerRequest", [field]),
        },
      ),
    ],
  };
  org.processes.set(typeId, process);
  return process;
}
