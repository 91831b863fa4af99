// The Boards part of a project's backup run: on the run's transport, from the previous snapshot's
// Boards; a failure is noted and the previous copy carried over, like any other item of a run.
import type { ProjectRef, ReposApi } from "../azure-devops/repos-api";
import type { ItemNote } from "../snapshot";
import type { ContentStore } from "../storage/content-store";
import { BoardsApi } from "./boards-api";
import { backupBoards } from "./backup-boards";
import type { BoardsSnapshot } from "./boards-snapshot";

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
