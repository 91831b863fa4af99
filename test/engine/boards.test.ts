// Boards: back up the emulated "Fabrikam Fiber" (hundreds of work items, many revisions, comments,
// attachments, an inline image, links, deleted items), restore into an empty organization and
// compare field by field; incremental runs; 429s with Retry-After during a run; 25,000 work items
// enumerated through the reporting API without WIQL.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { boardsOf, seedBoards, ORG_URL } from "../../emulator/boards";
import { AdoTransport } from "../../src/ado/transport";
import { restoreMain } from "../../service/cli/restore";
import { runBackup } from "../../service/engine/backup/run";
import { BoardsApi } from "../../service/engine/boards/boards-api";
import { backupBoards, type BoardsBackupResult } from "../../service/engine/boards/backup-boards";
import { applyBoardsRestore } from "../../service/engine/boards/restore-apply";
import { describeBoardsPlan, planBoardsRestore } from "../../service/engine/boards/restore-plan";
import { latestSnapshot } from "../../service/engine/snapshot";
import { ContentStore } from "../../service/engine/storage/content-store";
import { contentKey } from "../../service/engine/storage/object-store";
import { verifyStore } from "../../service/engine/verify";
import type { EmulatorHandle } from "../../emulator/server";
import { LocalFolderStore } from "../../service/engine/storage/local-folder-store";
import { bearer, useEngineRig, RECOVERED } from "./support";

jest.setTimeout(240_000);

const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

function apiOf(e: EmulatorHandle): BoardsApi {
  const token = e.issueToken();
  return new BoardsApi(
    e.orgUrl,
    new AdoTransport({ authorizationHeader: () => Promise.resolve(`Bearer ${token}`) }),
  );
}

const rig = useEngineRig("boards");

let first: BoardsBackupResult;
let firstBytes = 0;

test("a first run keeps every revision, comment, attachment and inline image, through the reporting API only", async () => {
  const content = new ContentStore(rig.store);
  const api = apiOf(rig.source);
  rig.source.clearRequestLog();
  first = await backupBoards({ api, content, project: FIBER });
  firstBytes = content.counters.bytesWritten;
  const org = boardsOf(rig.source.state);
  const items = [...org.items.values()].filter((w) => w.projectId === FIBER.id);
  expect(items.length).toBeGreaterThanOrEqual(200);
  expect(first.snapshot.counts.workItems).toBe(items.length);
  expect(first.snapshot.counts.revisions).toBe(items.reduce((n, w) => n + w.revisions.length, 0));
  expect(first.snapshot.counts.comments).toBe(items.reduce((n, w) => n + w.comments.length, 0));
  expect(first.snapshot.counts.attachments).toBe(org.attachments.size);
  expect(first.snapshot.deleted.map((d) => d.id)).toEqual(
    items.filter((w) => w.deleted).map((w) => w.id),
  );
  const paths = rig.source.requestLog.map((r) => r.path.toLowerCase());
  expect(paths.some((p) => p.includes("/wiql"))).toBe(false);
  expect(paths.some((p) => p.endsWith("/_apis/wit/reporting/workitemrevisions"))).toBe(true);
  const batches = rig.source.requestLog.filter((r) =>
    r.path.toLowerCase().endsWith("/workitemsbatch"),
  );
  expect(batches.length).toBe(Math.ceil(items.filter((w) => !w.deleted).length / 200));
});

test("the restore plan is a dry run that names what it cannot restore faithfully", async () => {
  const plan = await planBoardsRestore(
    new ContentStore(rig.store),
    first.snapshot,
    apiOf(rig.target),
    {
      sourceProject: FIBER.name,
      targetProject: RECOVERED,
      mapping: { users: {} },
    },
  );
  expect(boardsOf(rig.target.state).items.size).toBe(0);
  const text = describeBoardsPlan(plan).join("\n");
  expect(text).toMatch(/create area Recovered\\Billing\\Invoices/);
  expect(text).toMatch(/in the recycle bin at backup time/);
  expect(text).toMatch(/Comment authors and times cannot be set/);
  // The inherited process is created on the target, which lacks it; the project is not moved to it,
  // and the plan says so. A dashboard name the team has is not reused.
  expect(text).toMatch(/create inherited process Fabrikam Agile \(from Agile\)/);
  expect(text).toMatch(
    /Recovered uses the process Agile, the backed-up project used Fabrikam Agile/,
  );
  expect(text).toMatch(/create dashboard Overview-restored of Recovered Team with 2 widgets/);
  expect(text).toMatch(/create dashboard Overview of Web Team with 0 widgets/);
  expect(plan.deleted).toHaveLength(2);
});

test("a restore into an empty project recreates every work item, revision by revision, with links, attachments and comments", async () => {
  const content = new ContentStore(rig.store);
  const api = apiOf(rig.target);
  const mapping = {
    users: { "avery@fabrikam.onmicrosoft.com": "Avery Admin <avery@fabrikam.onmicrosoft.com>" },
  };
  const plan = await planBoardsRestore(content, first.snapshot, api, {
    sourceProject: FIBER.name,
    targetProject: RECOVERED,
    mapping,
  });
  const result = await applyBoardsRestore(plan, {
    api,
    content,
    snapshot: first.snapshot,
    mapping,
  });
  expect(result.failed).toEqual([]);

  const from = boardsOf(rig.source.state);
  const to = boardsOf(rig.target.state);
  const sourceUrl = rig.source.orgUrl;
  let compared = 0;
  for (const item of from.items.values()) {
    if (item.projectId !== FIBER.id || item.deleted) continue;
    const restored = to.items.get(result.workItems.get(item.id) ?? -1);
    if (!restored) throw new Error(`work item ${item.id} was not restored`);
    for (const r of item.revisions) {
      const was = from.fieldsAt(item, r.rev);
      const is = to.fieldsAt(restored, r.rev);
      for (const [field, value] of Object.entries(was)) {
        if (/^System\.(Id|Rev|Watermark|History|CommentCount|TeamProject)$/.test(field)) continue;
        let expected = value;
        if (field === "System.AreaPath" || field === "System.IterationPath")
          expected = String(value).replace(/^Fabrikam Fiber/, "Recovered");
        if (typeof expected === "string" && expected.includes(ORG_URL)) {
          // An inline image: re-uploaded, its URL rewritten, the same bytes behind it.
          const id = /attachments\/([0-9a-f-]{36})/.exec(String(is[field]))?.[1] ?? "";
          const oldId = /attachments\/([0-9a-f-]{36})/.exec(expected)?.[1] ?? "";
          expect(to.attachments.get(id)?.content).toEqual(from.attachments.get(oldId)?.content);
          expect(String(is[field]).includes(sourceUrl)).toBe(false);
          continue;
        }
        if (is[field] !== expected)
          throw new Error(
            `${item.id} rev ${r.rev} ${field}: ${String(is[field])} ≠ ${String(expected)}`,
          );
      }
      compared++;
    }
    const links = (w: typeof item): string[] =>
      w.relations.map((x) => `${x.rel} ${x.url.replace(/.*\/(workItems|attachments)\//, "$1/")}`);
    expect(restored.relations).toHaveLength(
      item.relations.filter((x) => {
        const other = /workItems\/(\d+)$/.exec(x.url)?.[1];
        return !other || !from.items.get(Number(other))?.deleted;
      }).length,
    );
    for (const x of restored.relations.filter((x) => x.rel === "AttachedFile")) {
      const id = /attachments\/([0-9a-f-]{36})/.exec(x.url)?.[1] ?? "";
      expect(to.attachments.get(id)?.content.length).toBe(x.attributes.resourceSize);
    }
    expect(links(restored).filter((l) => l.startsWith("System.LinkTypes")).length).toBe(
      links(item).filter(
        (l) =>
          l.startsWith("System.LinkTypes") &&
          !from.items.get(Number(/(\d+)$/.exec(l)?.[1]))?.deleted,
      ).length,
    );
    const live = item.comments.filter((c) => !c.isDeleted);
    expect(restored.comments).toHaveLength(live.length);
    for (const [i, c] of live.entries()) {
      expect(restored.comments[i]?.text).toContain(c.text);
      expect(restored.comments[i]?.text).toContain(c.createdBy.replace(/ <.*$/, ""));
    }
  }
  expect(compared).toBe(plan.revisions);
  const queries = JSON.stringify(to.projects.get(RECOVERED.id)?.sharedQueries);
  expect(queries).toContain("Untriaged");
  expect(queries).toContain("UNDER 'Recovered\\\\Release 1'");
  expect(to.projects.get(RECOVERED.id)?.teams.map((t) => t.name)).toContain("Web Team");
  // The query widget of the restored dashboard shows the restored query.
  const recovered = to.projects.get(RECOVERED.id);
  const defaultTeam = recovered?.teams.find((t) => t.name === "Recovered Team")?.id ?? "";
  const dashboard = recovered?.dashboards[defaultTeam]?.find((d) => d.name === "Overview-restored");
  const activeBugs = recovered?.sharedQueries.children.find((q) => q.name === "Active bugs");
  expect(dashboard?.widgets[0]?.settings).toContain(activeBugs?.id ?? "none");
});

test("an incremental run starts at the watermark, reads little and stores under 1 %", async () => {
  const api = apiOf(rig.source);
  const org = boardsOf(rig.source.state);
  const some = [...org.items.values()].filter((w) => w.projectId === FIBER.id && !w.deleted);
  const changed = some.slice(0, 3);
  for (const w of changed)
    await api.updateWorkItem(FIBER.name, w.id, [
      { op: "add", path: "/fields/System.Title", value: `Renamed ${w.id}` },
    ]);
  await api.addComment(FIBER.name, changed[0]!.id, "<div>A new comment</div>");

  const content = new ContentStore(rig.store);
  rig.source.clearRequestLog();
  const second = await backupBoards({ api, content, project: FIBER, previous: first.snapshot });
  expect(second.changed).toBe(3);
  expect(second.snapshot.counts.revisions).toBe(first.snapshot.counts.revisions + 4);
  expect(second.snapshot.counts.comments).toBe(first.snapshot.counts.comments + 1);
  // About 20 requests for the changes and the structure, 24 for the process, boards and plans:
  // the same however many work items the project has.
  expect(rig.source.requestLog.length).toBeLessThan(50);
  // Comments are read again only where a new revision added one.
  expect(rig.source.requestLog.filter((r) => r.path.endsWith("/comments")).length).toBe(1);

  const third = new ContentStore(rig.store);
  rig.source.clearRequestLog();
  const again = await backupBoards({
    api,
    content: third,
    project: FIBER,
    previous: second.snapshot,
  });
  expect(again.changed).toBe(0);
  expect(third.counters.bytesWritten).toBeLessThan(firstBytes / 100);
  expect(rig.source.requestLog.filter((r) => r.path.includes("reporting")).length).toBe(1);
});

test("429s with Retry-After during a run are waited out and nothing is lost", async () => {
  rig.source.setFaults({
    next429: 3,
    retryAfterSeconds: 1,
    pathPattern: "/_apis/wit/(reporting|workitemsbatch|recyclebin)",
  });
  const api = apiOf(rig.source);
  const fresh = new LocalFolderStore(join(rig.dir.path, "throttled"));
  const result = await backupBoards({ api, content: new ContentStore(fresh), project: FIBER });
  rig.source.setFaults({ next429: 0, pathPattern: undefined });
  expect(api.transport.stats.retries).toBeGreaterThanOrEqual(3);
  expect(api.transport.stats.throttledMs).toBeGreaterThan(0);
  expect(rig.source.requestLog.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
  expect(result.snapshot.counts.workItems).toBe(first.snapshot.counts.workItems);
});

test("a backup run with Boards in its data writes them into the project's snapshot, and the next run starts from its watermark", async () => {
  const runStore = new LocalFolderStore(join(rig.dir.path, "run"));
  const options = {
    organizationUrl: rig.source.orgUrl,
    authorization: bearer(rig.source),
    store: runStore,
    workDir: join(rig.dir.path, "run-work"),
    projects: [FIBER.name],
    data: ["boards" as const],
  };
  const one = await runBackup(options);
  expect(one.failedCount).toBe(0);
  const snapshot = await latestSnapshot(runStore, FIBER.id);
  expect(snapshot?.boards?.counts.workItems).toBe(
    [...boardsOf(rig.source.state).items.values()].filter((w) => w.projectId === FIBER.id).length,
  );
  rig.source.clearRequestLog();
  const two = await runBackup(options);
  expect(two.storage.bytesWritten).toBeLessThan(one.storage.bytesWritten / 100);
  expect(rig.source.requestLog.filter((r) => r.path.includes("reporting")).length).toBe(1);

  // Verify re-reads the Boards objects too, and names a missing one.
  const boards = snapshot?.boards;
  if (!boards) throw new Error("no Boards in the snapshot");
  const healthy = await verifyStore(runStore);
  expect(healthy.problems).toEqual([]);
  expect(healthy.objectsChecked).toBeGreaterThanOrEqual(Object.keys(boards.buckets).length + 1);
  const lost = Object.values(boards.buckets)[0] as string;
  const file = join(rig.dir.path, "run", contentKey(lost));
  const kept = await readFile(file);
  await rm(file);
  expect((await verifyStore(runStore)).problems.map((p) => p.sha256)).toContain(lost);
  await writeFile(file, kept);
});

test("npm run restore plans the snapshot's Boards beside its repositories, and --apply creates them without overwriting", async () => {
  const args = [
    "--dest",
    join(rig.dir.path, "run"),
    "--snapshot",
    "latest",
    "--target-organization",
    rig.target.orgUrl,
    "--target-project",
    RECOVERED.name,
  ];
  const env = { AZURE_DEVOPS_TOKEN: rig.target.issueToken() };
  let printed = "";
  const out = { write: (t: string) => void (printed += t), isTTY: false };
  const before = boardsOf(rig.target.state).items.size;
  expect(await restoreMain(["--plan", ...args], env, out)).toBe(0);
  expect(printed).toMatch(/Restore Boards of Fabrikam Fiber into Recovered/);
  // The first restore made these queries already: taken names get "-restored", nothing is replaced.
  expect(printed).toMatch(/create query Shared Queries\/Active bugs-restored/);
  expect(printed).toMatch(/Dry run: nothing was created/);
  expect(boardsOf(rig.target.state).items.size).toBe(before);
  printed = "";
  expect(await restoreMain(["--apply", ...args], env, out)).toBe(0);
  expect(printed).toMatch(/created Boards: \d+ work items/);
  expect(boardsOf(rig.target.state).items.size).toBeGreaterThan(before);
});

test("25,000 work items are enumerated through the reporting API, without WIQL", async () => {
  seedBoards(rig.source.state, FIBER.name, {
    workItems: 25_000,
    revisionsPerItem: 2,
    paragraphs: 1,
  });
  rig.source.clearRequestLog();
  const fresh = new LocalFolderStore(join(rig.dir.path, "large"));
  const result = await backupBoards({
    api: apiOf(rig.source),
    content: new ContentStore(fresh),
    project: FIBER,
  });
  expect(result.snapshot.counts.workItems).toBe(25_000);
  expect(result.snapshot.counts.revisions).toBe(50_000);
  const paths = rig.source.requestLog.map((r) => r.path.toLowerCase());
  expect(paths.some((p) => p.includes("/wiql"))).toBe(false);
  expect(paths.filter((p) => p.endsWith("/reporting/workitemrevisions")).length).toBe(50);
});

test("the emulator's reset brings back the seeded Boards", () => {
  rig.source.reset();
  const org = boardsOf(rig.source.state);
  // 240 generated, and the Test Plans seed's 8 test cases and 1 shared steps.
  expect([...org.items.values()].filter((w) => w.projectId === FIBER.id)).toHaveLength(249);
});
