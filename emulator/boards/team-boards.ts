// A team's boards as they start: one per backlog level the team shows (Epics, Features, Stories),
// with columns mapped to the states of that level's types, the default lane, and the default card
// fields; made the first time they are asked for. Fabrikam's Web Team has customised its Stories
// board (a "Review" column split into doing and done, an "Expedite" lane, the customer impact on
// bug cards) and the project has a delivery plan over both teams.
import { randomUUID } from "node:crypto";
import type { SeededRandom } from "../server/random";
import {
  DEFAULT_LANE,
  type BoardColumnRecord,
  type BoardRecord,
  type CardFields,
  type PlanRecord,
} from "./board-model";
import type { TeamRecord } from "./model";

/** Backlog level (board name) → its category and the types on it. */
export const LEVELS = [
  { board: "Epics", category: "Microsoft.EpicCategory", types: ["Epic"] },
  { board: "Features", category: "Microsoft.FeatureCategory", types: ["Feature"] },
  { board: "Stories", category: "Microsoft.RequirementCategory", types: ["User Story", "Bug"] },
] as const;

const guid = (random?: SeededRandom): string => (random ? random.guid() : randomUUID());

function column(
  random: SeededRandom | undefined,
  name: string,
  columnType: BoardColumnRecord["columnType"],
  types: readonly string[],
  state: string,
): BoardColumnRecord {
  return {
    id: guid(random),
    name,
    itemLimit: columnType === "inProgress" ? 5 : 0,
    stateMappings: Object.fromEntries(types.map((t) => [t, state])),
    columnType,
    isSplit: false,
    description: "",
  };
}

function defaultCards(types: readonly string[]): CardFields {
  const fields: Record<string, string>[] = [
    { fieldIdentifier: "System.Title" },
    { fieldIdentifier: "System.AssignedTo", displayFormat: "AvatarAndFullName" },
    { fieldIdentifier: "System.Tags" },
  ];
  return Object.fromEntries(types.map((t) => [t, fields.map((f) => ({ ...f }))]));
}

function defaultBoard(level: (typeof LEVELS)[number], random?: SeededRandom): BoardRecord {
  return {
    id: guid(random),
    name: level.board,
    revision: 1,
    columns: [
      column(random, "New", "incoming", level.types, "New"),
      column(random, "Active", "inProgress", level.types, "Active"),
      column(random, "Resolved", "inProgress", level.types, "Resolved"),
      column(random, "Closed", "outgoing", level.types, "Closed"),
    ],
    rows: [{ id: DEFAULT_LANE, name: null, color: null }],
    cards: defaultCards(level.types),
  };
}

function visibleLevels(team: TeamRecord): (typeof LEVELS)[number][] {
  const shown = (team.settings.backlogVisibilities ?? {}) as Record<string, boolean>;
  return LEVELS.filter((l) => shown[l.category] !== false);
}

/** The team's boards, made with their defaults on first use. */
export function boardsOfTeam(team: TeamRecord, random?: SeededRandom): BoardRecord[] {
  team.boards ??= visibleLevels(team).map((l) => defaultBoard(l, random));
  return team.boards;
}

/** The Web Team's Stories board, as fabrikam customised it. */
export function customiseWebBoard(team: TeamRecord, random: SeededRandom): void {
  const stories = boardsOfTeam(team, random).find((b) => b.name === "Stories");
  if (!stories) return;
  const types = LEVELS[2].types;
  const review = {
    ...column(random, "Review", "inProgress", types, "Resolved"),
    itemLimit: 3,
    isSplit: true,
    description: "Another developer reads the change.",
  };
  const [incoming, active, , outgoing] = stories.columns as BoardColumnRecord[];
  stories.columns = [
    incoming as BoardColumnRecord,
    { ...(active as BoardColumnRecord), name: "Doing", itemLimit: 4 },
    review,
    outgoing as BoardColumnRecord,
  ];
  stories.rows = [
    { id: random.guid(), name: "Expedite", color: "#f4cccc" },
    { id: DEFAULT_LANE, name: null, color: null },
  ];
  stories.cards = {
    ...stories.cards,
    Bug: [...(stories.cards.Bug ?? []), { fieldIdentifier: "Custom.CustomerImpact" }],
  };
  stories.revision = 3;
}

/** A delivery plan of the project over its teams' stories backlogs. */
export function seededPlan(
  random: SeededRandom,
  teams: TeamRecord[],
  createdBy: string,
): PlanRecord {
  return {
    id: random.guid(),
    name: "Fiber roadmap",
    type: "deliveryTimelineView",
    description: "What each team delivers this half year.",
    revision: 2,
    createdDate: "2024-01-02T09:00:00.000Z",
    modifiedDate: "2024-01-03T09:00:00.000Z",
    createdBy,
    properties: {
      teamBacklogMappings: teams.map((t) => ({
        teamId: t.id,
        categoryReferenceName: "Microsoft.RequirementCategory",
      })),
      criteria: [{ fieldName: "System.Tags", operator: "Contains", value: "customer" }],
      cardSettings: {
        fields: {
          showAssignedTo: true,
          assignedToDisplayFormat: "avatarAndFullName",
          showState: true,
          showTags: true,
          showParent: false,
          showEmptyFields: false,
          coreFields: [],
          additionalFields: [
            { referenceName: "Custom.CustomerImpact", displayName: "Customer Impact" },
          ],
        },
      },
      markers: [{ date: "2024-03-29T00:00:00.000Z", label: "Release 1", color: "#ffa500" }],
    },
  };
}
