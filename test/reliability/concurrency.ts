// The concurrency and fault suite (issue 5, part 2): many simulated admins, each with the product's
// own client of the backup service (BackupServiceClient over the product's transport), change one
// organization's backup scope at once. Admins are spread over several instances of the service
// sharing one PostgreSQL database (this run's own). Between each client and the service a fetch
// wrapper injects 429 with Retry-After, 5xx, dropped connections and answers lost after the
// service committed; the emulator injects latency, 429, 5xx and drops on the Azure DevOps calls the
// service makes. Afterwards GET /state and GET /history are checked against what the admins were
// told (see checker.ts for the rule).
import "./node-globals";
import { seededRandom, type SeededRandom } from "../../emulator/server/random";
import type { FaultSettings } from "../../emulator/server";
import { ALL_DATA_TYPES, type DataType } from "../../src/core/data-types";
import type { ProjectRef } from "../../src/core/scope";
import { changesOf, draftOf, setDataTypes, setProtected } from "../../src/core/scope-draft";
import type { ScopeSnapshot } from "../../src/core/scope-store";
import { type OperationRecord, verify, type Verdict } from "./checker";
import { type ClientFaultRates, faultyFetch, noClientFaults } from "./faulty-fetch";
import {
  faultsIn,
  type InjectedFaults,
  type ServiceAdminSession,
  serviceAdminSession,
  startServiceOrganization,
} from "./service-organization";

export interface ConcurrencyOptions {
  admins: number;
  rounds: number;
  seed: number;
  /** Projects in the generated organization: a few hundred, so saves touch the same ones. */
  projects: number;
  /** Instances of the service on the one database; admins are spread over them. */
  instances: number;
  /** Most projects one save changes. */
  maxProjectsPerSave: number;
  /** The emulator's faults: on the Azure DevOps calls the service makes. */
  faults: Partial<FaultSettings>;
  /** Faults between each client and the service (lost answers: after the service committed). */
  clientFaults: ClientFaultRates;
  /** "Try again" after a save threw: same opId and base, as the hub does. */
  triesPerSave: number;
  /**
   * Retry with a new opId instead (what a client must not do): a save whose answer was lost after
   * it committed then leaves an entry and a record nobody was told about. Off by default.
   */
  retryWithNewOpId: boolean;
  /** Revoke every token this often (ms), so sessions refresh on 401 mid-save; 0 = never. */
  revokeTokensEveryMs: number;
  log?: (line: string) => void;
}

export const DEFAULT_CONCURRENCY: ConcurrencyOptions = {
  admins: 20,
  rounds: 8,
  seed: 7,
  projects: 300,
  instances: 2,
  maxProjectsPerSave: 4,
  faults: {
    latencyMs: 1,
    latencyJitterMs: 12,
    rate429: 0.02,
    retryAfterSeconds: 1,
    rate5xx: 0.03,
    status5xx: 503,
    rateDrop: 0.02,
  },
  clientFaults: {
    rate429: 0.03,
    retryAfterSeconds: 1,
    rate5xx: 0.04,
    rateDrop: 0.03,
    rateLostAnswer: 0.06,
  },
  triesPerSave: 6,
  retryWithNewOpId: false,
  revokeTokensEveryMs: 1500,
};

export interface ConcurrencyReport {
  options: ConcurrencyOptions;
  verdict: Verdict;
  figures: {
    operations: number;
    projectChanges: number;
    acknowledged: number;
    acknowledgedChanges: number;
    conflictsReported: number;
    alreadyEqual: number;
    /** Saves acknowledged after an earlier attempt committed but its answer was lost. */
    retriesRecognised: number;
    saveAttemptsThrown: number;
    abandoned: number;
    loadFailures: number;
    requests: number;
    retries: number;
    waitedMs: number;
    tokenRefreshes: number;
    tokenRevocations: number;
    /** Between the clients and the service. */
    clientFaults: { throttled: number; serverErrors: number; dropped: number; total: number };
    lostAnswers: number;
    /** The emulator's, on the service's Azure DevOps calls. */
    faults: InjectedFaults;
    durationMs: number;
  };
  errors: string[];
}

/** What one run accumulates while the admins work (named, not hidden in closures). */
interface RunLog {
  operations: OperationRecord[];
  errors: string[];
  saveAttemptsThrown: number;
  loadFailures: number;
  alreadyEqual: number;
}

interface Admin {
  index: number;
  random: SeededRandom;
  session: ServiceAdminSession;
}

const pick = <T>(random: SeededRandom, list: readonly T[]): T =>
  list[random.below(list.length)] as T;

function someDataTypes(random: SeededRandom): DataType[] {
  const chosen = ALL_DATA_TYPES.filter(() => random.next() < 0.5);
  return chosen.length > 0 ? chosen : [pick(random, ALL_DATA_TYPES)];
}

/** A few random changes against what the admin loaded. */
function plannedChanges(
  random: SeededRandom,
  base: ScopeSnapshot,
  projects: readonly ProjectRef[],
  names: ReadonlyMap<string, string>,
  maxProjects: number,
) {
  const scope = base.scope;
  let draft = draftOf(scope);
  const count = 1 + random.below(maxProjects);
  for (let k = 0; k < count; k++) {
    const project = pick(random, projects);
    const action = random.below(3);
    if (action === 0) draft = setProtected(scope, draft, [project], true);
    else if (action === 1) draft = setProtected(scope, draft, [project], false);
    else draft = setDataTypes(scope, draft, project.id, someDataTypes(random));
  }
  return changesOf(scope, draft, names).projects;
}

/** One save with its retries; the record says how it ended. */
async function saveWithRetries(
  admin: Admin,
  base: ScopeSnapshot,
  changes: ReturnType<typeof plannedChanges>,
  opIdPrefix: string,
  options: ConcurrencyOptions,
  run: RunLog,
): Promise<void> {
  const { session, random } = admin;
  let opId = `${opIdPrefix}-${random.guid().slice(0, 8)}`;
  let record: OperationRecord = {
    opId,
    actor: session.actor,
    changes: changes.map((c) => ({
      projectId: c.projectId,
      seen: base.scope.entries.get(c.projectId)?.opId,
      after: c.after,
    })),
    outcome: "abandoned",
    applied: [],
    conflicts: [],
    attempts: 0,
  };
  run.operations.push(record);
  for (let attempt = 1; attempt <= options.triesPerSave; attempt++) {
    if (attempt > 1 && options.retryWithNewOpId) {
      opId = `${opId.split("~")[0]}~${attempt}`;
      record = { ...record, opId, attempts: 0 };
      run.operations.push(record);
    }
    record.attempts = attempt;
    try {
      const result = await session.client.save(base, changes, undefined, {
        actor: session.actor,
        opId,
      });
      record.outcome = "acknowledged";
      record.applied = result.applied.map((c) => c.projectId);
      record.conflicts = result.conflicts.map((c) => c.projectId);
      run.alreadyEqual += changes.length - result.applied.length - result.conflicts.length;
      return;
    } catch (e) {
      run.saveAttemptsThrown++;
      run.errors.push(`${opId} attempt ${attempt}: ${(e as Error).name}: ${(e as Error).message}`);
      // The admin reads the message and presses Save again a moment later.
      await new Promise((r) => setTimeout(r, 20 + random.below(80)));
    }
  }
}

async function runAdmin(
  admin: Admin,
  projects: readonly ProjectRef[],
  names: ReadonlyMap<string, string>,
  options: ConcurrencyOptions,
  run: RunLog,
): Promise<void> {
  for (let round = 1; round <= options.rounds; round++) {
    let base: ScopeSnapshot;
    try {
      base = await admin.session.client.load();
    } catch (e) {
      run.loadFailures++;
      run.errors.push(
        `admin ${admin.index + 1} round ${round}: load failed: ${(e as Error).message}`,
      );
      continue;
    }
    const changes = plannedChanges(admin.random, base, projects, names, options.maxProjectsPerSave);
    if (changes.length === 0) continue;
    await saveWithRetries(admin, base, changes, `a${admin.index + 1}r${round}`, options, run);
  }
}

export async function runConcurrency(
  partial: Partial<ConcurrencyOptions> = {},
): Promise<ConcurrencyReport> {
  const options: ConcurrencyOptions = {
    ...DEFAULT_CONCURRENCY,
    ...partial,
    faults: { ...DEFAULT_CONCURRENCY.faults, ...partial.faults },
    clientFaults: { ...DEFAULT_CONCURRENCY.clientFaults, ...partial.clientFaults },
  };
  const log = options.log ?? (() => undefined);
  const org = await startServiceOrganization({
    projects: options.projects,
    seed: options.seed,
    instances: options.instances,
    faults: { ...options.faults, seed: options.seed },
  });
  try {
    const started = Date.now();
    const run: RunLog = {
      operations: [],
      errors: [],
      saveAttemptsThrown: 0,
      loadFailures: 0,
      alreadyEqual: 0,
    };
    const clientFaults = noClientFaults();
    const projects: ProjectRef[] = org.fixture.projects.map((p) => ({ id: p.id, name: p.name }));
    const names = new Map(projects.map((p) => [p.id, p.name]));
    const admins: Admin[] = Array.from({ length: options.admins }, (_, i) => {
      const user = org.administrators[i % org.administrators.length];
      if (!user) throw new Error("The fixture has no Project Collection Administrators.");
      const random = seededRandom(options.seed * 1000 + i + 1);
      const session = serviceAdminSession(org, {
        user,
        instance: org.instances[i % org.instances.length] as string,
        fetch: faultyFetch(options.clientFaults, random, clientFaults),
      });
      return { index: i, random, session };
    });

    let tokenRevocations = 0;
    const revoker =
      options.revokeTokensEveryMs > 0
        ? setInterval(() => {
            org.emulator.revokeTokens();
            tokenRevocations++;
          }, options.revokeTokensEveryMs)
        : undefined;
    try {
      await Promise.all(admins.map((a) => runAdmin(a, projects, names, options, run)));
    } finally {
      if (revoker) clearInterval(revoker);
    }
    const durationMs = Date.now() - started;
    // The checker's own reads go through no injected fault.
    org.emulator.setFaults({ rate429: 0, rate5xx: 0, rateDrop: 0, next429: 0, next5xx: 0 });
    const state = await org.readState();
    const verdict = verify(run.operations, state.scope.entries, await org.readHistory());
    const { operations } = run;
    const report: ConcurrencyReport = {
      options,
      verdict,
      figures: {
        operations: operations.length,
        projectChanges: operations.reduce((n, o) => n + o.changes.length, 0),
        acknowledged: operations.filter((o) => o.outcome === "acknowledged").length,
        acknowledgedChanges: operations.reduce((n, o) => n + o.applied.length, 0),
        conflictsReported: operations.reduce((n, o) => n + o.conflicts.length, 0),
        alreadyEqual: run.alreadyEqual,
        retriesRecognised: operations.filter(
          (o) => o.outcome === "acknowledged" && clientFaults.lostAfterCommit.has(o.opId),
        ).length,
        saveAttemptsThrown: run.saveAttemptsThrown,
        abandoned: operations.filter((o) => o.outcome === "abandoned").length,
        loadFailures: run.loadFailures,
        requests: admins.reduce((n, a) => n + a.session.stats.requests, 0),
        retries: admins.reduce((n, a) => n + a.session.stats.retries, 0),
        waitedMs: admins.reduce((n, a) => n + a.session.stats.waitedMs, 0),
        tokenRefreshes: admins.reduce((n, a) => n + a.session.refreshes(), 0),
        tokenRevocations,
        clientFaults: {
          throttled: clientFaults.throttled,
          serverErrors: clientFaults.serverErrors,
          dropped: clientFaults.dropped,
          total: clientFaults.throttled + clientFaults.serverErrors + clientFaults.dropped,
        },
        lostAnswers: clientFaults.lostAnswers,
        faults: faultsIn(org.emulator.requestLog),
        durationMs,
      },
      errors: run.errors,
    };
    log(formatReport(report));
    return report;
  } finally {
    await org.stop();
  }
}

export function formatReport(r: ConcurrencyReport): string {
  const f = r.figures;
  const o = r.options;
  const c = o.clientFaults;
  const lines = [
    `Reliability: ${o.admins} admins × ${o.rounds} rounds over ${o.projects} projects (seed ${o.seed}), ${o.instances} service instances on one PostgreSQL database`,
    `  client↔service faults: 429 ${c.rate429} (Retry-After ${c.retryAfterSeconds}s), 5xx ${c.rate5xx}, dropped ${c.rateDrop}, answers lost after commit ${c.rateLostAnswer}`,
    `  service↔Azure DevOps (emulator) faults: 429 ${o.faults.rate429 ?? 0} (Retry-After ${o.faults.retryAfterSeconds ?? 0}s), 5xx ${o.faults.rate5xx ?? 0}, dropped ${o.faults.rateDrop ?? 0}, latency ${o.faults.latencyMs ?? 0}+${o.faults.latencyJitterMs ?? 0}ms; tokens revoked every ${o.revokeTokensEveryMs}ms`,
    `  operations (saves)         ${f.operations}  (${f.projectChanges} project changes)`,
    `  acknowledged               ${f.acknowledged}  (${f.acknowledgedChanges} changes applied)`,
    `  conflicts reported         ${f.conflictsReported}  (another admin changed the project first)`,
    `  already equal              ${f.alreadyEqual}  (another admin made the same change first)`,
    `  retries recognised         ${f.retriesRecognised}  (same opId, after the answer was lost)`,
    `  saves thrown / abandoned   ${f.saveAttemptsThrown} / ${f.abandoned}  (load failures ${f.loadFailures})`,
    `  requests / retries         ${f.requests} / ${f.retries}  (waited ${Math.round(f.waitedMs)}ms before retrying)`,
    `  tokens revoked / refreshed ${f.tokenRevocations} / ${f.tokenRefreshes}`,
    `  faults client↔service      ${f.clientFaults.total}  (429 ${f.clientFaults.throttled}, 5xx ${f.clientFaults.serverErrors}, dropped ${f.clientFaults.dropped}) + ${f.lostAnswers} answers lost after the commit`,
    `  faults service↔emulator    ${f.faults.total}  (429 ${f.faults.throttled}, 5xx ${f.faults.serverErrors}, dropped ${f.faults.dropped}; latency on ${f.faults.latency})`,
    `  checked                    ${r.verdict.projectsChecked} projects, ${r.verdict.storedEntries} stored entries, ${r.verdict.auditRecords} audit records, longest history ${r.verdict.longestHistory}, ${r.verdict.transientUnacknowledgedWrites} transient unacknowledged writes`,
    `  duration                   ${(f.durationMs / 1000).toFixed(1)}s`,
    r.verdict.violations.length === 0
      ? "  result                     no loss"
      : `  result                     ${r.verdict.violations.length} VIOLATIONS:\n${r.verdict.violations
          .slice(0, 50)
          .map((v) => `    - ${v}`)
          .join("\n")}`,
  ];
  return lines.join("\n");
}
