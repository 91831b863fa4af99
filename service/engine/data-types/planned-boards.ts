// The Boards part of a restore whose people mapping is given as it is (the hub's restore: typed or
// pasted, not a file), with the people no entry maps listed one by one so each can be given a
// target. Planned and applied by the Boards restore itself; nothing here re-implements it.
import type { ReposApi } from "../azure-devops/repos-api";
import { BoardsApi } from "../boards/boards-api";
import { applyBoardsRestore, type BoardsRestoreResult } from "../boards/restore-apply";
import { describeBoardsPlan, planBoardsRestore } from "../boards/restore-plan";
import type { RestorePlan } from "../restore/plan";
import { ContentStore } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import type { UnmappedItem } from "./data-mapping";

export interface PlannedBoards {
  lines: string[];
  /** People written as they were (no entry maps them): the key is their e-mail. */
  unmapped: UnmappedItem[];
  apply(): Promise<BoardsRestoreResult>;
}

const EMAIL = /<([^<>@\s]+@[^<>\s]+)>$/;

/** The snapshot's Boards planned into the plan's target, or undefined when it holds none. */
export async function planBoards(
  store: ObjectStore,
  plan: RestorePlan,
  api: ReposApi,
  people: Readonly<Record<string, string>> = {},
): Promise<PlannedBoards | undefined> {
  const snapshot = plan.snapshot.boards;
  if (!snapshot) return undefined;
  const boards = new BoardsApi(api.organizationUrl, api.transport);
  const content = new ContentStore(store);
  // The Boards restore looks people up by their e-mail in lower case (as its mapping file reads).
  const mapping = {
    users: Object.fromEntries(Object.entries(people).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const boardsPlan = await planBoardsRestore(content, snapshot, boards, {
    sourceProject: plan.snapshot.project.name,
    targetProject: plan.targetProject,
    mapping,
  });
  return {
    lines: describeBoardsPlan(boardsPlan),
    unmapped: boardsPlan.unmappedIdentities.map((source) => ({
      kind: "users",
      source,
      key: (EMAIL.exec(source)?.[1] ?? source).toLowerCase(),
    })),
    apply: () => applyBoardsRestore(boardsPlan, { api: boards, content, snapshot, mapping }),
  };
}
