// Boards bench: a generated project of N work items × R revisions in the emulated organization;
// the first backup run and a second one with nothing changed, each as work items per second and
// requests per 1,000 work items, beside the floor the API allows (every revision read at the
// reporting API's largest page, every work item's relations at 200 ids a batch read).
// Writes bench/boards-results.json.
//   node scripts/run-ts.js bench/boards.ts [--work-items 25000] [--revisions 10] [--latency 0] [--out FILE]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MAX_BATCH_IDS, MAX_REPORTING_PAGE, seedBoards } from "../emulator/boards";
import { startEmulator, type EmulatorHandle } from "../emulator/server";
import { AdoTransport } from "../src/ado/transport";
import { backupBoards, type BoardsBackupResult } from "../service/engine/boards/backup-boards";
import { BoardsApi } from "../service/engine/boards/boards-api";
import type { BoardsSnapshot } from "../service/engine/boards/boards-snapshot";
import { ContentStore } from "../service/engine/storage/content-store";
import { LocalFolderStore } from "../service/engine/storage/local-folder-store";

const { values } = parseArgs({
  options: {
    "work-items": { type: "string", default: "25000" },
    revisions: { type: "string", default: "10" },
    latency: { type: "string", default: "0" },
    out: { type: "string", default: "bench/boards-results.json" },
  },
});
const WORK_ITEMS = Number(values["work-items"]);
const REVISIONS = Number(values.revisions);
const PROJECT = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

/** What kind of request a REST path is, for the breakdown. */
function kindOf(path: string): string {
  const p = path.toLowerCase();
  if (p.includes("/reporting/workitemrevisions")) return "reporting";
  if (p.endsWith("/workitemsbatch")) return "batch";
  if (p.includes("/comments")) return "comments";
  if (p.includes("/attachments/")) return "attachments";
  if (p.includes("/recyclebin")) return "recycleBin";
  return "structure";
}

interface RunFigures {
  ms: number;
  workItemsPerSecond: number;
  requests: number;
  requestsPer1000WorkItems: number;
  byKind: Record<string, number>;
  bytesStored: number;
  changedWorkItems: number;
  revisionsRead: number;
}

async function measure(
  source: EmulatorHandle,
  store: LocalFolderStore,
  previous: BoardsSnapshot | undefined,
): Promise<{ figures: RunFigures; result: BoardsBackupResult }> {
  const token = source.issueToken();
  const api = new BoardsApi(
    source.orgUrl,
    new AdoTransport({ authorizationHeader: () => Promise.resolve(`Bearer ${token}`) }),
  );
  const content = new ContentStore(store);
  source.clearRequestLog();
  const started = performance.now();
  const result = await backupBoards({
    api,
    content,
    project: PROJECT,
    ...(previous ? { previous } : {}),
  });
  const ms = Math.round(performance.now() - started);
  const byKind: Record<string, number> = {};
  for (const r of source.requestLog) byKind[kindOf(r.path)] = (byKind[kindOf(r.path)] ?? 0) + 1;
  const requests = api.transport.stats.requests;
  return {
    result,
    figures: {
      ms,
      workItemsPerSecond: Math.round((WORK_ITEMS / ms) * 1000),
      requests,
      requestsPer1000WorkItems: Number(((requests / WORK_ITEMS) * 1000).toFixed(2)),
      byKind,
      bytesStored: content.counters.bytesWritten,
      changedWorkItems: result.changed,
      revisionsRead: result.revisionsRead,
    },
  };
}

async function main(): Promise<void> {
  const source = await startEmulator({ ports: { host: 0, extension: 0, entra: 0 }, quiet: true });
  const scratch = await mkdtemp(join(tmpdir(), "bench-boards-"));
  try {
    const seedStarted = performance.now();
    seedBoards(source.state, PROJECT.name, { workItems: WORK_ITEMS, revisionsPerItem: REVISIONS });
    const seedMs = Math.round(performance.now() - seedStarted);
    source.setFaults({ latencyMs: Number(values.latency) });
    const store = new LocalFolderStore(join(scratch, "store"));
    const first = await measure(source, store, undefined);
    const second = await measure(source, store, first.result.snapshot);
    const revisions = WORK_ITEMS * REVISIONS;
    const floor = Math.ceil(revisions / MAX_REPORTING_PAGE) + Math.ceil(WORK_ITEMS / MAX_BATCH_IDS);
    const results = {
      workItems: WORK_ITEMS,
      revisionsPerItem: REVISIONS,
      latencyMs: Number(values.latency),
      generateMs: seedMs,
      first: first.figures,
      second: {
        ...second.figures,
        bytesStoredPercentOfFirst: Number(
          ((second.figures.bytesStored / first.figures.bytesStored) * 100).toFixed(4),
        ),
      },
      floor: {
        reportingPage: MAX_REPORTING_PAGE,
        batchIds: MAX_BATCH_IDS,
        requests: floor,
        requestsPer1000WorkItems: Number(((floor / WORK_ITEMS) * 1000).toFixed(2)),
        secondRunRequests: 1,
      },
      machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
    };
    await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
    const row = (name: string, f: RunFigures): string =>
      `${name.padEnd(12)} ${String(f.ms).padStart(8)} ms ${String(f.workItemsPerSecond).padStart(8)} items/s ${String(f.requests).padStart(7)} requests ${String(f.requestsPer1000WorkItems).padStart(8)} per 1,000 items ${String(f.bytesStored).padStart(11)} bytes`;
    console.log(`${WORK_ITEMS} work items × ${REVISIONS} revisions (generated in ${seedMs} ms)`);
    console.log(row("first run", first.figures), JSON.stringify(first.figures.byKind));
    console.log(row("second run", second.figures), JSON.stringify(second.figures.byKind));
    console.log(
      `floor        ${floor} requests (${results.floor.requestsPer1000WorkItems} per 1,000 items): ${revisions} revisions at ${MAX_REPORTING_PAGE} a page + ${WORK_ITEMS} items at ${MAX_BATCH_IDS} a batch; second run: 1`,
    );
  } finally {
    await source.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(2);
});
