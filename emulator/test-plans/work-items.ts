// Test cases and shared steps are work items (of the Test Case and Shared Steps types): the Boards
// area of the same emulator owns them. The Test Plans area finds them there (their title, steps
// and other fields are the work item's), and its seed makes the ones it names when the Boards do
// not have them, through the Boards state's public members.
import { boardsOf } from "../boards";
import type { Fields, WorkItemRecord } from "../boards/model";
import { BadRequest } from "../server/http";
import type { EmulatorState } from "../server/state";

export const TEST_CASE = "Test Case";
export const SHARED_STEPS = "Shared Steps";

/** The fields a suite lists with each test case when the caller names none (`witFields`). */
export const DEFAULT_TEST_CASE_FIELDS = [
  "System.Title",
  "System.State",
  "Microsoft.VSTS.TCM.Steps",
  "Microsoft.VSTS.Common.Priority",
];

/** A live work item of the project, with its current fields; undefined when there is none. */
export function liveWorkItem(
  state: EmulatorState,
  projectId: string,
  id: number,
): { item: WorkItemRecord; fields: Fields } | undefined {
  const org = boardsOf(state);
  const item = org.items.get(id);
  if (!item || item.deleted || item.projectId !== projectId) return undefined;
  return { item, fields: org.fieldsAt(item, org.latestRev(item)) };
}

/** A work item a suite can take as a test case: live, in the project, of the Test Case type. */
export function testCaseWorkItem(state: EmulatorState, projectId: string, id: number): Fields {
  const found = liveWorkItem(state, projectId, id);
  if (!found)
    throw new BadRequest(
      `Work item ${id} does not exist in the project, or you do not have permission to read it.`,
      404,
      "TestObjectNotFoundException",
    );
  if (found.fields["System.WorkItemType"] !== TEST_CASE)
    throw new BadRequest(
      `Work item ${id} is a ${String(found.fields["System.WorkItemType"])}, not a ${TEST_CASE}: only test cases can be added to a suite.`,
      400,
      "InvalidPropertyException",
    );
  return found.fields;
}

/** The project's live work items of a type, oldest first. */
export function workItemsOfType(
  state: EmulatorState,
  projectId: string,
  type: string,
): { id: number; fields: Fields }[] {
  const org = boardsOf(state);
  const found: { id: number; fields: Fields }[] = [];
  for (const item of org.items.values()) {
    if (item.deleted || item.projectId !== projectId) continue;
    const fields = org.fieldsAt(item, org.latestRev(item));
    if (fields["System.WorkItemType"] === type) found.push({ id: item.id, fields });
  }
  return found.sort((a, b) => a.id - b.id);
}

/**
 * The id of the project's live work item with this type and title; made (with one revision)
 * when there is none, so a seed run twice on the same Boards makes each once.
 */
export function ensureWorkItem(
  state: EmulatorState,
  project: { id: string; name: string },
  change: { type: string; by: string; at: string },
  fields: Fields,
): number {
  const same = workItemsOfType(state, project.id, change.type).find(
    (w) => w.fields["System.Title"] === fields["System.Title"],
  );
  if (same) return same.id;
  const org = boardsOf(state);
  const item: WorkItemRecord = {
    id: org.nextId++,
    projectId: project.id,
    revisions: [],
    relations: [],
    comments: [],
  };
  org.items.set(item.id, item);
  org.addRevision(item, {
    "System.Id": item.id,
    "System.WorkItemType": change.type,
    "System.TeamProject": project.name,
    "System.AreaPath": project.name,
    "System.IterationPath": project.name,
    "System.Reason": "New",
    "System.CreatedBy": change.by,
    "System.CreatedDate": change.at,
    "System.ChangedBy": change.by,
    "System.ChangedDate": change.at,
    "System.CommentCount": 0,
    ...fields,
  });
  return item.id;
}
