// The data types a restore from the hub brings back beyond Repos and Wikis: Boards, Pipelines,
// Test Plans and Artifacts, each planned by the engine's own restore (a dry run) with the admin's
// mapping (typed, or pasted in npm run restore's --mapping format and read by the same parser),
// and applied in dependency order after the repositories: test cases point to the restored work
// items. Organization feeds are left to npm run restore --organization-feeds.
import type { DataType } from "../../src/core/data-types";
import {
  DATA_TYPE_RESTORE_ORDER,
  type DataTypeRestoreWire,
  type RestoreChoiceWire,
  type RestoredDataType,
  type UnmappedWire,
} from "../../src/core/restore-data-wire";
import type { AuthorizationSource, ObjectStore, ReposApi, RestorePlan } from "../engine";
import type { BoardsRestoreResult } from "../engine/boards/restore-apply";
import {
  type DataMapping,
  mergeMappings,
  parseDataMapping,
} from "../engine/data-types/data-mapping";
import {
  type DataTypeApplied,
  planDataTypeRestores,
  selectRepositoriesAndWikis,
} from "../engine/data-types/data-type-restores";
import { planBoards } from "../engine/data-types/planned-boards";
import { ServiceError } from "../http/errors";

/** One chosen data type, planned: its words, what nothing matches, and how to apply it. */
export interface PlannedPart {
  dataType: RestoredDataType;
  lines: string[];
  unmapped: UnmappedWire[];
  /** `workItems`: source → target ids of the work items restored just before (Boards). */
  apply(workItems: ReadonlyMap<number, number>): Promise<AppliedPart>;
}

export interface AppliedPart extends DataTypeApplied {
  workItems?: ReadonlyMap<number, number>;
}

export interface DataTypesPlan {
  /** The Repos and Wikis part, kept to what the choice asks for. */
  plan: RestorePlan;
  chosen: DataType[];
  parts: PlannedPart[];
}

export interface DataTypesPlanInput {
  store: ObjectStore;
  api: ReposApi;
  authorization: AuthorizationSource;
  /** What the backup holds: restored when the request names nothing. */
  held: readonly DataType[];
  choice: RestoreChoiceWire;
}

/** The pasted mapping under the typed entries; a pasted mapping that does not read is a 400. */
export function mappingOf(choice: RestoreChoiceWire): DataMapping {
  const pasted = choice.mappingText?.trim()
    ? parseDataMapping(
        choice.mappingText,
        "The pasted mapping",
        (message) => new ServiceError(400, "badRequest", message),
      )
    : {};
  return mergeMappings(pasted, choice.mapping ?? {});
}

function boardsCreated(result: BoardsRestoreResult): string[] {
  const c = result.created;
  return [
    `${result.workItems.size} work item(s) with their history`,
    `${c.nodes} area(s) and iteration(s), ${c.teams} team(s)`,
    `${c.attachments} attachment(s), ${c.links} link(s), ${c.comments} comment(s)`,
    `${c.queries} query(ies), ${c.dashboards} dashboard(s)`,
  ];
}

const notHeld = (dataType: RestoredDataType, label: string): PlannedPart => ({
  dataType,
  lines: [`${label}: not in this backup.`],
  unmapped: [],
  apply: () => Promise.resolve({ created: [], failed: [] }),
});

async function plannedBoards(
  input: DataTypesPlanInput,
  plan: RestorePlan,
  mapping: DataMapping,
): Promise<PlannedPart> {
  const boards = await planBoards(input.store, plan, input.api, mapping.users);
  if (!boards) return notHeld("boards", "Boards");
  return {
    dataType: "boards",
    lines: boards.lines,
    unmapped: boards.unmapped,
    apply: async () => {
      const result = await boards.apply();
      return { created: boardsCreated(result), failed: result.failed, workItems: result.workItems };
    },
  };
}

/** Each chosen data type planned against the target; creates nothing. */
export async function planDataTypes(
  input: DataTypesPlanInput,
  fullPlan: RestorePlan,
): Promise<DataTypesPlan> {
  const chosen = input.choice.dataTypes ?? [...input.held];
  const data = new Set(chosen);
  const mapping = mappingOf(input.choice);
  const plan = selectRepositoriesAndWikis(fullPlan, data);
  const parts: PlannedPart[] = [];
  if (data.has("boards")) parts.push(await plannedBoards(input, plan, mapping));
  const others = await planDataTypeRestores({
    store: input.store,
    plan,
    data,
    mapping,
    authorization: input.authorization,
    organizationFeeds: false,
  });
  for (const other of others)
    if (other.dataType !== "organizationFeeds")
      parts.push({ ...other, dataType: other.dataType, apply: (w) => other.apply(w) });
  parts.sort(
    (a, b) =>
      DATA_TYPE_RESTORE_ORDER.indexOf(a.dataType) - DATA_TYPE_RESTORE_ORDER.indexOf(b.dataType),
  );
  return { plan, chosen, parts };
}

/** Each part waiting, as a restore starts. */
export const waitingParts = (parts: readonly PlannedPart[]): DataTypeRestoreWire[] =>
  parts.map((p) => ({ dataType: p.dataType, status: "waiting", created: [], failed: [] }));
