// Boards settings: the inherited process (types, fields, states, rules, form, backlog levels,
// picklists), each team's board columns, swimlanes and card fields, and the delivery plans, backed
// up from the emulated "Fabrikam Fiber" and restored into an empty organization, compared field by
// field through the REST API; an existing process is compared, never changed; a second run with
// nothing changed stores nothing new.
import { boardsOf } from "../../emulator/boards";
import { engineTransport } from "../../service/engine/azure-devops/repos-api";
import { BoardsApi, type Fields } from "../../service/engine/boards/boards-api";
import { backupBoards, type BoardsBackupResult } from "../../service/engine/boards/backup-boards";
import type { BoardsSettings, StoredProcess } from "../../service/engine/boards/boards-snapshot";
import { BoardSettingsApi, readTeamBoards } from "../../service/engine/boards/board-settings";
import { ProcessApi } from "../../service/engine/boards/process-api";
import { readProcess, readProcessById } from "../../service/engine/boards/process-read";
import { applyBoardsRestore } from "../../service/engine/boards/restore-apply";
import {
  describeBoardsPlan,
  planBoardsRestore,
  type BoardsRestorePlan,
} from "../../service/engine/boards/restore-plan";
import { ContentStore } from "../../service/engine/storage/content-store";
import type { EmulatorHandle } from "../../emulator/server";
import { bearer, useEngineRig, RECOVERED } from "./support";

jest.setTimeout(120_000);

const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

const apiOf = (e: EmulatorHandle): BoardsApi => new BoardsApi(e.orgUrl, engineTransport(bearer(e)));

const rig = useEngineRig("boards-settings");
let first: BoardsBackupResult;

/** A plan of the settings only: the work items are the other test file's subject. */
async function settingsPlan(): Promise<BoardsRestorePlan> {
  const plan = await planBoardsRestore(
    new ContentStore(rig.store),
    first.snapshot,
    apiOf(rig.target),
    { sourceProject: FIBER.name, targetProject: RECOVERED, mapping: { users: {} } },
  );
  return { ...plan, workItems: [] };
}

async function restoreSettings(plan: BoardsRestorePlan) {
  return applyBoardsRestore(plan, {
    api: apiOf(rig.target),
    content: new ContentStore(rig.store),
    snapshot: first.snapshot,
    mapping: { users: {} },
  });
}

async function targetProcess(): Promise<StoredProcess> {
  const api = new ProcessApi(apiOf(rig.target));
  const found = (await api.processes()).find((p) => p.name === "Fabrikam Agile");
  if (!found) throw new Error("Fabrikam Agile was not created on the target");
  return readProcessById(api, String(found.typeId));
}

/** A type's parts as a user compares them: without ids the service makes, by name. */
function comparable(t: StoredProcess["workItemTypes"][number]): unknown {
  const groups = ((t.layout.pages ?? []) as Fields[]).flatMap((p) =>
    ((p.sections ?? []) as Fields[]).map((s) => ({
      page: p.label,
      section: s.id,
      groups: ((s.groups ?? []) as Fields[]).map((g) => ({
        label: g.label,
        controls: ((g.controls ?? []) as Fields[]).map((c) => `${String(c.id)} ${String(c.label)}`),
      })),
    })),
  );
  const { referenceName: _r, ...type } = t.type;
  return {
    type,
    states: t.states.map(({ id: _id, ...s }) => s),
    fields: t.fields,
    rules: t.rules.map(({ id: _id, ...r }) => r),
    groups,
    behaviors: t.behaviors.length,
  };
}

test("a backup keeps the inherited process, each team's boards and the delivery plans", async () => {
  const content = new ContentStore(rig.store);
  first = await backupBoards({ api: apiOf(rig.source), content, project: FIBER });
  const settings = await content.getJson<BoardsSettings>(first.snapshot.settings ?? "");
  const process = settings.process;
  expect(process?.process.name).toBe("Fabrikam Agile");
  expect(process?.parentName).toBe("Agile");
  expect(process?.workItemTypes.map((t) => t.type.name).sort()).toEqual([
    "Bug",
    "Customer Request",
    "Task",
  ]);
  expect(process?.behaviors.map((b) => b.name)).toEqual(["Initiatives"]);
  expect(process?.picklists[0]?.items).toEqual(["Low", "Medium", "High"]);
  const web = settings.teamBoards.find((t) => t.team === "Web Team");
  const stories = web?.boards.find((b) => b.name === "Stories");
  expect(stories?.columns.map((c) => c.name)).toEqual(["New", "Doing", "Review", "Closed"]);
  expect(stories?.rows.map((r) => r.name)).toEqual(["Expedite", null]);
  expect(settings.plans.map((p) => p.name)).toEqual(["Fiber roadmap"]);
});

test("the plan creates the process the target organization lacks and says the project stays on its own", async () => {
  const text = describeBoardsPlan(await settingsPlan()).join("\n");
  expect(text).toMatch(/create inherited process Fabrikam Agile \(from Agile\)/);
  expect(text).toMatch(/derive (Task, Bug|Bug, Task)/);
  expect(text).toMatch(/create type Customer Request/);
  expect(text).toMatch(/A restore does not move a project to another process/);
  expect(text).toMatch(
    /set board Stories of Web Team: columns New, Doing, Review, Closed; swimlanes Expedite, \(default lane\)/,
  );
  expect(text).toMatch(/create delivery plan Fiber roadmap over 2 team backlogs/);
  expect(
    [...boardsOf(rig.target.state).processes.values()].some((p) => p.name === "Fabrikam Agile"),
  ).toBe(false);
});

test("a restore into an empty organization recreates the process, boards and plan, field by field", async () => {
  const result = await restoreSettings(await settingsPlan());
  expect(result.failed).toEqual([]);

  const source = await readProcess(new ProcessApi(apiOf(rig.source)), FIBER.id);
  const target = await targetProcess();
  expect(target.parentName).toBe("Agile");
  expect(target.workItemTypes).toHaveLength(source?.workItemTypes.length ?? -1);
  for (const t of source?.workItemTypes ?? []) {
    const there = target.workItemTypes.find((x) => x.type.name === t.type.name);
    expect(comparable(there as typeof t)).toEqual(comparable(t));
  }
  const strip = (b: Fields) => ({ ...b, referenceName: undefined });
  expect(target.behaviors.map(strip)).toEqual(source?.behaviors.map(strip));
  expect(target.fieldDefinitions.map((f) => ({ ...f, picklistId: undefined }))).toEqual(
    source?.fieldDefinitions.map((f) => ({ ...f, picklistId: undefined })),
  );
  expect(target.picklists.map((p) => p.items)).toEqual(source?.picklists.map((p) => p.items));

  // The Web Team's boards: every column, lane and card field as backed up (ids are the target's).
  const withoutIds = (list: Fields[]) => list.map(({ id: _id, ...x }) => x);
  const [from, to] = await Promise.all([
    readTeamBoards(new BoardSettingsApi(apiOf(rig.source)), FIBER.id, "Web Team"),
    readTeamBoards(new BoardSettingsApi(apiOf(rig.target)), RECOVERED.id, "Web Team"),
  ]);
  expect(to.map((b) => b.name)).toEqual(from.map((b) => b.name));
  for (const b of from) {
    const there = to.find((x) => x.name === b.name);
    expect(withoutIds(there?.columns ?? [])).toEqual(withoutIds(b.columns));
    expect(withoutIds(there?.rows ?? [])).toEqual(withoutIds(b.rows));
    expect(there?.cards).toEqual(b.cards);
  }

  // The plan, over the same teams' backlogs (by name) on the target.
  const sourcePlans = new BoardSettingsApi(apiOf(rig.source));
  const targetPlans = new BoardSettingsApi(apiOf(rig.target));
  const [was] = await sourcePlans.plans(FIBER.id);
  const [is] = await targetPlans.plans(RECOVERED.id);
  const [wasFull, isFull] = await Promise.all([
    sourcePlans.plan(FIBER.id, String(was?.id)),
    targetPlans.plan(RECOVERED.id, String(is?.id)),
  ]);
  expect(isFull.name).toBe(wasFull.name);
  expect(isFull.description).toBe(wasFull.description);
  const teamNames = async (e: EmulatorHandle, project: string, p: Fields) => {
    const teams = await apiOf(e).teams(project);
    const props = p.properties as { teamBacklogMappings: Fields[] };
    return props.teamBacklogMappings.map((m) => ({
      ...m,
      teamId: teams
        .find((t) => t.id === m.teamId)
        ?.name.replace(/^(Fabrikam Fiber|Recovered) /, ""),
    }));
  };
  expect(await teamNames(rig.target, RECOVERED.id, isFull)).toEqual(
    await teamNames(rig.source, FIBER.id, wasFull),
  );
  const { teamBacklogMappings: _a, ...otherWas } = wasFull.properties as Fields;
  const { teamBacklogMappings: _b, ...otherIs } = isFull.properties as Fields;
  expect(otherIs).toEqual(otherWas);
});

test("a process of that name on the target is compared, never changed", async () => {
  // Someone removed the Blocked state from the target's Task since.
  const org = boardsOf(rig.target.state);
  const process = [...org.processes.values()].find((p) => p.name === "Fabrikam Agile");
  const task = process?.workItemTypes.find((t) => t.name === "Task");
  if (!task) throw new Error("no Task on the restored process");
  task.states = task.states.filter((s) => s.name !== "Blocked");

  const plan = await settingsPlan();
  const text = describeBoardsPlan(plan).join("\n");
  expect(text).toMatch(/use existing process Fabrikam Agile, not changed; it differs/);
  expect(text).toMatch(/Task lacks state Blocked \(InProgress\)/);
  expect(text).toMatch(/create delivery plan Fiber roadmap-restored/);
  const result = await restoreSettings(plan);
  expect(result.failed).toEqual([]);
  expect(result.created.processChanges).toBe(0);
  expect(task.states.some((s) => s.name === "Blocked")).toBe(false);
});

/** The next backup run of the source from a previous one's snapshot. */
const nextRun = (previous: BoardsBackupResult, content: ContentStore) =>
  backupBoards({ api: apiOf(rig.source), content, project: FIBER, previous: previous.snapshot });

test("a second run with nothing changed stores nothing new; a changed board is stored again", async () => {
  const api = apiOf(rig.source);
  const again = new ContentStore(rig.store);
  rig.source.clearRequestLog();
  const second = await nextRun(first, again);
  expect(second.snapshot.settings).toBe(first.snapshot.settings);
  expect(again.counters.objectsWritten).toBe(0);
  // The plan's revision has not moved: it is not read again.
  expect(rig.source.requestLog.some((r) => /\/work\/plans\/[0-9a-f-]{36}$/.test(r.path))).toBe(
    false,
  );

  const boards = new BoardSettingsApi(api);
  const [stories] = (await readTeamBoards(boards, FIBER.id, "Web Team")).filter(
    (b) => b.name === "Stories",
  );
  if (!stories) throw new Error("no Stories board");
  const rows = [{ name: "Blocked by vendor", color: "#cccccc" }, ...stories.rows];
  await boards.replace(FIBER.id, "Web Team", "Stories", "rows", rows);
  const third = await nextRun(second, new ContentStore(rig.store));
  expect(third.snapshot.settings).not.toBe(second.snapshot.settings);
  const settings = await again.getJson<BoardsSettings>(third.snapshot.settings ?? "");
  const web = settings.teamBoards.find((t) => t.team === "Web Team");
  expect(web?.boards.find((b) => b.name === "Stories")?.rows.map((r) => r.name)).toEqual([
    "Blocked by vendor",
    "Expedite",
    null,
  ]);
});
