// The Boards part of a project's backup run and of its restore: on the run's transport, from the
// previous snapshot's Boards; a failure is noted and the previous copy carried over, like any other
// item of a run. A restore of a snapshot with Boards plans them beside its repositories.
import type { ProjectRef, ReposApi } from "../azure-devops/repos-api";
import type { RestorePlan } from "../restore/plan";
import type { ItemNote } from "../snapshot";
import { planBoards, type PlannedBoards } from "../data-types/planned-boards";
import type { ContentStore } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import { BoardsApi } from "./boards-api";
import { backupBoards } from "./backup-boards";
import type { BoardsSnapshot } from "./boards-snapshot";
import { readUserMapping } from "./rewrite";

export async function backupProjectBoards(
  api: ReposApi,
  content: ContentStore,
  project: ProjectRef,
  previous: BoardsSnapshot | undefined,
  failed: ItemNote[],
): Promise<BoardsSnapshot | undefined> {
  try {
    const boards = new BoardsApi(api.organizationUrl, api.transport);
    return (
      await backupBoards({ api: boards, content, project, ...(previous ? { previous } : {}) })
    ).snapshot;
  } catch (e) {
    failed.push({
      kind: "boards",
      id: project.id,
      name: `${project.name} Boards`,
      reason: (e as Error).message,
    });
    return previous;
  }
}

/** The Boards part of a restore plan with the people mapping read from a file (`npm run restore`). */
export async function planProjectBoardsRestore(
  store: ObjectStore,
  plan: RestorePlan,
  api: ReposApi,
  userMappingFile: string | undefined,
): Promise<PlannedBoards | undefined> {
  return planBoards(store, plan, api, (await readUserMapping(userMappingFile)).users);
}
