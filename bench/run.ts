// `npm run bench`: the packaged extension in an emulated organization of many projects, with a
// fixed latency per request, and the backup service it was built for, in headless Chromium.
// Writes bench/results.json and a table, and exits 1 naming every speed target missed.
//
//   node scripts/run-ts.js bench/run.ts [--runs 3] [--latency 50] [--projects 10000]
//                                       [--seed 1] [--timeout 120] [--out bench/results.json]
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem, type as osType, release } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { generateOrganization } from "../emulator/fixtures/generate";
import { startLocalService, withServiceApp } from "../emulator/local-service";
import type { RunningService } from "../service/app";
import {
  MAX_PROJECTS_TOP,
  repositoryRoot,
  startEmulator,
  type EmulatorHandle,
} from "../emulator/server/index";
import { chromiumArgsTrusting } from "../emulator/server/browser-trust";
import { runHub, type HubRunFigures } from "./hub-run";
import { measureService, type ServiceFigures } from "./service";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/chromium";
import { median } from "./rounds";

const CHROMIUM = CHROMIUM_PATH;
const BENCH_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  // performance.memory is coarse without it (the fallback when the frame has no CDP target).
  "--enable-precise-memory-info",
];
const KB = 1024;

interface Options {
  runs: number;
  latencyMs: number;
  projects: number;
  seed: number;
  timeoutMs: number;
  out: string;
}

function usage(problem: string): never {
  console.error(`${problem}
usage: node scripts/run-ts.js bench/run.ts [--runs N] [--latency MS] [--projects N] [--seed N] [--timeout SECONDS] [--out FILE]`);
  process.exit(2);
}

/** The command line's options; the numbers are whole numbers, checked in parseOptions. */
const OPTIONS = {
  runs: { type: "string" },
  latency: { type: "string" },
  projects: { type: "string" },
  seed: { type: "string" },
  timeout: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(argv: readonly string[]): Options {
  const values = (() => {
    try {
      return parseArgs({ args: [...argv], options: OPTIONS }).values;
    } catch (e) {
      return usage((e as Error).message);
    }
  })();
  if (values.help) usage("Benchmarks the Backup hub in the emulated organization.");
  /** The option as a whole number of at least `min`, or `otherwise` when it is not given. */
  const wholeNumber = (
    name: "runs" | "latency" | "projects" | "seed" | "timeout",
    min: number,
    otherwise: number,
  ): number => {
    const v = values[name];
    if (v === undefined) return otherwise;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`--${name} ${v}: expected a whole number ≥ ${min}.`);
    return n;
  };
  return {
    runs: wholeNumber("runs", 1, 3),
    latencyMs: wholeNumber("latency", 0, 50),
    projects: wholeNumber("projects", 1, 10_000),
    seed: wholeNumber("seed", 0, 1),
    timeoutMs: wholeNumber("timeout", 1, 120) * 1000,
    out: values.out ?? join(repositoryRoot, "bench", "results.json"),
  };
}

interface FileSize {
  file: string;
  raw: number;
  gzip?: number;
}

function newest(dir: string, suffix: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

function packageSize(dir: string, suffix: string): FileSize | undefined {
  const file = newest(dir, suffix);
  return file ? { file: relative(repositoryRoot, file), raw: statSync(file).size } : undefined;
}

/** Code split off the entry bundles (MSAL, the consent flow): what the hub may load later. */
function lazyChunks(): FileSize[] {
  const dir = join(repositoryRoot, "dist", "ext", "chunks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".js") || f.endsWith(".css"))
    .map((f) => {
      const body = readFileSync(join(dir, f));
      return {
        file: relative(repositoryRoot, join(dir, f)),
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
      };
    });
}

interface Target {
  id: string;
  issue: "hub" | "project-action";
  what: string;
  value: number;
  limit: number;
  unit: string;
  pass: boolean;
}

function target(
  id: string,
  issue: Target["issue"],
  what: string,
  value: number,
  limit: number,
  unit: string,
): Target {
  return { id, issue, what, value, limit, unit, pass: Number.isFinite(value) && value <= limit };
}

function medians(runs: readonly HubRunFigures[]): Record<string, number> {
  const first = runs[0] as HubRunFigures;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(first))
    if (typeof value === "number")
      out[key] = median(runs.map((r) => (r as unknown as Record<string, number>)[key] as number));
  for (const part of ["beforeInteractive", "later"] as const)
    for (const key of ["jsRaw", "jsGzip", "cssRaw", "cssGzip"] as const)
      out[`${part}.${key}`] = median(runs.map((r) => r[part][key]));
  return out;
}

const kb = (bytes: number): string => `${(bytes / KB).toFixed(1)} KB`;
const ms = (value: number): string => `${Math.round(value)} ms`;
const mb = (bytes: number): string => `${(bytes / KB / KB).toFixed(1)} MB`;

function table(rows: readonly [string, string, string?][]): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows
    .map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `  ${c}` : ""}`)
    .join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium).`,
    );
  if (!newest(join(repositoryRoot, "out"), ".vsix"))
    throw new Error("No out/*.vsix: run `npm run package` first (npm run bench does).");

  const log = (line: string): void => console.log(line);
  log(
    `Bench: ${options.projects.toLocaleString("en-US")} projects, ${options.latencyMs} ms per request, ${options.runs} run(s)`,
  );
  const fixture = generateOrganization({ projects: options.projects, seed: options.seed });
  const pca = fixture.users.find((u) => u.roles.includes("ProjectCollectionAdministrator"));
  if (!pca) throw new Error("The generated organization has no Project Collection Administrator.");

  let emulator: EmulatorHandle | undefined;
  let service: RunningService | undefined;
  let browser: Browser | undefined;
  const runs: HubRunFigures[] = [];
  try {
    emulator = await startEmulator({
      fixture: withServiceApp(fixture),
      ports: { host: 0, extension: 0, entra: 0 },
      quiet: true,
      faults: { latencyMs: options.latencyMs },
      // Azure DevOps's origins as dev.azure.com serves them: HTTPS, HTTP/2 by ALPN.
      https: true,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...BENCH_CHROMIUM_ARGS, ...chromiumArgsTrusting(emulator.certificate)],
      headless: true,
      timeout: options.timeoutMs,
    });
    for (let i = 0; i < options.runs; i++) {
      const started = Date.now();
      // A fresh service per run, as the emulator's reset is a fresh organization.
      await service?.stop();
      service = await startLocalService(emulator, { quiet: true });
      const figures = await runHub({
        emulator,
        serviceUrl: service.url,
        browser,
        latencyMs: options.latencyMs,
        userId: pca.id,
        timeoutMs: options.timeoutMs,
        log,
      });
      runs.push(figures);
      log(
        `  run ${i + 1}/${options.runs}: overview ${ms(figures.overviewMs)} in ${figures.overviewRounds} round(s), ` +
          `listed in ${ms(figures.listMs)} (${figures.listRequests} requests), ` +
          `saved ${figures.savedChanges} in ${ms(figures.saveMs)} (${figures.saveWrites} writes) — ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const chromiumVersion = browser.version();
    await browser.close();
    browser = undefined;

    // The service alone (no latency: its own time plus local calls to Azure DevOps it caches).
    emulator.reset();
    emulator.setFaults({ latencyMs: 0 });
    await service?.stop();
    service = await startLocalService(emulator, { quiet: true });
    log("  service: reading the state and saving a select-all…");
    const serviceFigures: ServiceFigures = await measureService({
      emulator,
      serviceUrl: service.url,
      userId: pca.id,
      projects: fixture.projects,
      reads: 30,
      saves: 6,
    });
    await service.stop();
    service = undefined;
    await emulator.stop();
    emulator = undefined;

    const m = medians(runs) as Record<string, number>;
    const get = (key: string): number => m[key] ?? Number.NaN;
    const vsix = packageSize(join(repositoryRoot, "out"), ".vsix");
    const browserZip = packageSize(join(repositoryRoot, "out"), ".zip");
    // Split-off code that no run loaded at all (loaded chunks are counted under "later").
    const loaded = new Set(
      runs
        .flatMap((r) => [...r.beforeInteractive.files, ...r.later.files])
        .map((f) => f.split("/").pop()),
    );
    const chunks = lazyChunks().filter((c) => !loaded.has(c.file.split("/").pop()));
    const minimumListRequests = Math.ceil(options.projects / MAX_PROJECTS_TOP);

    const targets: Target[] = [
      target(
        "hub.initialJavaScript",
        "hub",
        "JavaScript the hub loads before it is interactive (gzipped)",
        get("beforeInteractive.jsGzip"),
        40 * KB,
        "bytes",
      ),
      target(
        "hub.initialJavaScriptAndCss",
        "hub",
        "JavaScript and CSS the hub loads before it is interactive (gzipped)",
        get("beforeInteractive.jsGzip") + get("beforeInteractive.cssGzip"),
        25 * KB,
        "bytes",
      ),
      target(
        "hub.roundsBeforeOverview",
        "hub",
        "sequential request rounds after the handshake before the overview shows",
        get("overviewRounds"),
        1,
        "rounds",
      ),
      target(
        "hub.listRounds",
        "hub",
        "sequential rounds (each request with its CORS preflight) to list every project",
        get("listRounds"),
        2,
        "rounds",
      ),
      target(
        "hub.listRequests",
        "hub",
        `requests to list ${options.projects.toLocaleString("en-US")} projects ($top ≤ ${MAX_PROJECTS_TOP})`,
        get("listRequests"),
        minimumListRequests,
        "requests",
      ),
      target(
        "hub.saveWrites",
        "hub",
        "write requests to select all projects and save",
        get("saveWrites"),
        10,
        "requests",
      ),
    ];
    // A save that did not cover every project measured something else: say so rather than pass.
    const problems: string[] = [];
    for (const [i, r] of runs.entries())
      if (r.savedChanges !== options.projects)
        problems.push(
          `run ${i + 1}: the hub saved ${r.savedChanges} changes, expected ${options.projects} (every project selected)`,
        );

    const results = {
      date: new Date().toISOString(),
      options: {
        runs: options.runs,
        latencyMs: options.latencyMs,
        projects: options.projects,
        seed: options.seed,
      },
      machine: {
        os: `${osType()} ${release()}`,
        cpu: cpus()[0]?.model ?? "unknown",
        cores: cpus().length,
        memoryBytes: totalmem(),
        node: process.version,
        chromium: chromiumVersion,
      },
      units: "bytes and milliseconds; figures are medians of the runs; KB = 1024 bytes",
      hub: {
        beforeInteractive: {
          jsRaw: get("beforeInteractive.jsRaw"),
          jsGzip: get("beforeInteractive.jsGzip"),
          cssRaw: get("beforeInteractive.cssRaw"),
          cssGzip: get("beforeInteractive.cssGzip"),
          files: runs[0]?.beforeInteractive.files ?? [],
        },
        later: {
          jsRaw: get("later.jsRaw"),
          jsGzip: get("later.jsGzip"),
          cssRaw: get("later.cssRaw"),
          cssGzip: get("later.cssGzip"),
          files: runs[0]?.later.files ?? [],
          lazyChunksNotLoaded: chunks,
        },
        overview: {
          ms: get("overviewMs"),
          rounds: get("overviewRounds"),
          roundsWithPreflights: get("overviewRoundsWithPreflights"),
          lowerBoundMs: get("overviewRounds") * options.latencyMs,
          lowerBoundWithPreflightsMs: get("overviewRoundsWithPreflights") * options.latencyMs,
          requests: get("overviewRequests"),
          preflights: get("overviewPreflights"),
          assetsLoadedMs: get("assetsLoadedMs"),
          firstRequestMs: get("firstRequestMs"),
        },
        listAllProjects: {
          ms: get("listMs"),
          requests: get("listRequests"),
          preflights: get("listPreflights"),
          rounds: get("listRounds"),
          roundsWithPreflights: get("listRoundsWithPreflights"),
          requestsOverHttp2: get("listRequestsOverHttp2"),
          minimumRequests: minimumListRequests,
          heapAfterListBytes: get("heapAfterListBytes"),
          heapSource: runs[0]?.heapSource,
        },
        selectAllAndSave: {
          ms: get("saveMs"),
          writes: get("saveWrites"),
          reads: get("saveReads"),
          changes: get("savedChanges"),
        },
      },
      service: serviceFigures,
      packages: { vsix, browserZip },
      targets,
      problems,
      passed: targets.every((t) => t.pass) && problems.length === 0,
      runs,
    };
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);

    const h = results.hub;
    const rows: [string, string, string?][] = [
      [
        "JS before interactive (raw / gzip)",
        `${kb(h.beforeInteractive.jsRaw)} / ${kb(h.beforeInteractive.jsGzip)}`,
        "target ≤ 40 KB gzip",
      ],
      [
        "CSS before interactive (raw / gzip)",
        `${kb(h.beforeInteractive.cssRaw)} / ${kb(h.beforeInteractive.cssGzip)}`,
      ],
      [
        "JS + CSS loaded later (raw / gzip)",
        `${kb(h.later.jsRaw + h.later.cssRaw)} / ${kb(h.later.jsGzip + h.later.cssGzip)}`,
      ],
      [
        "lazy chunks not loaded (raw / gzip)",
        `${kb(chunks.reduce((n, c) => n + c.raw, 0))} / ${kb(chunks.reduce((n, c) => n + (c.gzip ?? 0), 0))}`,
        `${chunks.length} file(s) in dist/ext/chunks`,
      ],
      ["iframe → overview shown", ms(h.overview.ms)],
      ["  iframe → hub's JS and CSS arriving", ms(h.overview.assetsLoadedMs)],
      [
        "  iframe → hub's first request",
        ms(h.overview.firstRequestMs),
        "load, SDK handshake, token",
      ],
      [
        "  sequential rounds (with preflights)",
        `${h.overview.rounds} (${h.overview.roundsWithPreflights})`,
        `≥ ${ms(h.overview.lowerBoundMs)} (${ms(h.overview.lowerBoundWithPreflightsMs)}); target ≤ 1 round`,
      ],
      ["  requests (+ preflights)", `${h.overview.requests} (+${h.overview.preflights})`],
      ["iframe → all projects listed", ms(h.listAllProjects.ms)],
      [
        "  project list requests (+ preflights)",
        `${h.listAllProjects.requests} (+${h.listAllProjects.preflights})`,
        `target ≤ ${minimumListRequests}; rounds ${h.listAllProjects.rounds} (${h.listAllProjects.roundsWithPreflights} with preflights), target ≤ 2`,
      ],
      ["    of which over HTTP/2", String(h.listAllProjects.requestsOverHttp2)],
      [
        "  JS heap of the hub after listing",
        mb(h.listAllProjects.heapAfterListBytes),
        String(h.listAllProjects.heapSource),
      ],
      [
        "select all + save (confirm → saved)",
        ms(h.selectAllAndSave.ms),
        `${h.selectAllAndSave.changes} changes`,
      ],
      [
        "  write requests (reads)",
        `${h.selectAllAndSave.writes} (${h.selectAllAndSave.reads})`,
        "target ≤ 10 writes",
      ],
      [
        `service: read the state (${options.projects.toLocaleString("en-US")} projects), p50 / p99`,
        `${ms(serviceFigures.readState.p50Ms)} / ${ms(serviceFigures.readState.p99Ms)}`,
        `${serviceFigures.readState.samples} reads`,
      ],
      [
        "service: save a select-all, p50 / p99",
        `${ms(serviceFigures.saveSelectAll.p50Ms)} / ${ms(serviceFigures.saveSelectAll.p99Ms)}`,
        `${serviceFigures.saveSelectAll.samples} saves of ${serviceFigures.saveSelectAll.changes} changes, ${kb(serviceFigures.saveSelectAll.requestBytes)} each`,
      ],
      [".vsix", vsix ? kb(vsix.raw) : "missing", vsix?.file],
      ["browser zip", browserZip ? kb(browserZip.raw) : "missing", browserZip?.file],
    ];
    log(
      `\nMedians of ${runs.length} run(s), ${options.latencyMs} ms per request, ${options.projects.toLocaleString("en-US")} projects:`,
    );
    log(table(rows));
    log("");
    for (const t of targets)
      log(
        `  ${t.pass ? "PASS" : "FAIL"}  ${t.what}: ${t.unit === "bytes" ? kb(t.value) : t.value} (limit ${t.unit === "bytes" ? kb(t.limit) : t.limit})`,
      );
    for (const p of problems) log(`  FAIL  ${p}`);
    log(`\nWrote ${relative(process.cwd(), options.out) || options.out}`);

    const missed = targets.filter((t) => !t.pass);
    if (missed.length > 0 || problems.length > 0) {
      console.error(
        `\nMissed: ${[...missed.map((t) => `${t.id} (${t.issue} issue)`), ...problems].join("; ")}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await service?.stop().catch(() => undefined);
    await emulator?.stop().catch(() => undefined);
  }
}

/** A bench of its own (its defaults; see bench/README.md) after the hub's, in its own process. */
function benchProcess(title: string, file: string): Promise<number> {
  console.log(`\n${title} (bench/${file}, defaults; see bench/README.md):`);
  const child = spawn(
    process.execPath,
    [join(__dirname, "..", "scripts", "run-ts.js"), join(__dirname, file)],
    { stdio: "inherit" },
  );
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 2)));
}

main()
  .then(async () => {
    // The engine (Repos and Wikis), then Boards: each exits non-zero on a missed target or no figure.
    const engine = await benchProcess("Engine bench", "engine.ts");
    const boards = await benchProcess("Boards bench", "boards.ts");
    process.exitCode = Math.max(Number(process.exitCode ?? 0), engine, boards);
  })
  .catch((e: unknown) => {
    console.error(`Bench failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
