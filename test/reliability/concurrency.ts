// The concurrency and fault suite (issue 5, part 2): many simulated admins, each with the product's
// own transport, extension-data adapter and scope store, change one organization's backup scope at
// once over real HTTP to the REST emulator while it injects latency, 429 with Retry-After, 5xx and
// dropped connections. Afterwards the stored scope and audit history are checked against what the
// admins were told (see checker.ts for the rule).
import "./nodeGlobals";
import { seededRandom, type SeededRandom } from "../../emulator/server/random";
import type { FaultSettings } from "../../emulator/server";
import { ALL_DATA_TYPES, type DataType } from "../../src/core/dataTypes";
import type { ProjectRef } from "../../src/core/scope";
import { changesOf, draftOf, setDataTypes, setProtected } from "../../src/core/scopeDraft";
import { AUDIT_COLLECTION, SCOPE_COLLECTION } from "../../src/core/scopeSchema";
import { type OperationRecord, verify, type Verdict } from "./checker";
import {
  adminSession,
  faultsIn,
  startReliabilityOrganization,
  type InjectedFaults,
} from "./organization";

export interface ConcurrencyOptions {
  admins: number;
  rounds: number;
  seed: number;
  /** Projects in the generated organization: a few hundred, so documents are shared often. */
  projects: number;
  /** Most projects one save changes. */
  maxProjectsPerSave: number;
  faults: Partial<FaultSettings>;
  /** Probability that the answer to a write is lost after the server applied it (client side). */
  rateLostAnswer: number;
  /** "Try again" after a save threw: same opId and base, as the store supports. */
  triesPerSave: number;
  /**
   * Model the hub as it is today (src/ui/scopeSession.ts): Save again mints a new opId. Off by
   * default; with it, a save that threw after writing part of its documents leaves entries no
   * audit record names (see the report of issue 5).
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
  rateLostAnswer: 0.03,
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
    staleWritesMerged: number;
    saveAttemptsThrown: number;
    abandoned: number;
    loadFailures: number;
    requests: number;
    retries: number;
    throttledMs: number;
    tokenRefreshes: number;
    tokenRevocations: number;
    lostAnswers: number;
    faults: InjectedFaults;
    durationMs: number;
  };
  errors: string[];
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

export async function runConcurrency(
  partial: Partial<ConcurrencyOptions> = {},
): Promise<ConcurrencyReport> {
  const options: ConcurrencyOptions = {
    ...DEFAULT_CONCURRENCY,
    ...partial,
    faults: { ...DEFAULT_CONCURRENCY.faults, ...partial.faults },
  };
  const log = options.log ?? (() => undefined);
  const org = await startReliabilityOrganization({
    projects: options.projects,
    seed: options.seed,
    faults: { ...options.faults, seed: options.seed },
  });
  const started = Date.now();
  const operations: OperationRecord[] = [];
  const errors: string[] = [];
  let lostAnswers = 0;
  let saveAttemptsThrown = 0;
  let loadFailures = 0;
  let alreadyEqual = 0;
  let tokenRevocations = 0;
  const projects: ProjectRef[] = org.fixture.projects.map((p) => ({ id: p.id, name: p.name }));
  const names = new Map(projects.map((p) => [p.id, p.name]));

  const sessions = Array.from({ length: options.admins }, (_, i) => {
    const user = org.administrators[i % org.administrators.length];
    if (!user) throw new Error("The fixture has no Project Collection Administrators.");
    const random = seededRandom(options.seed * 1000 + i + 1);
    // A dropped connection after the server applied a write: the emulator drops before it
    // handles a request, so this side loses the answer instead.
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const method = (init?.method ?? "GET").toUpperCase();
      if (WRITE_METHODS.has(method) && random.next() < options.rateLostAnswer) {
        await response.body?.cancel();
        lostAnswers++;
        throw new TypeError("fetch failed (the answer was lost after the write; injected)");
      }
      return response;
    };
    return {
      index: i,
      random,
      session: adminSession(org, {
        user,
        displayName: `${user.displayName} #${i + 1}`,
        fetch: losingFetch,
      }),
    };
  });

  const revoker =
    options.revokeTokensEveryMs > 0
      ? setInterval(() => {
          org.emulator.revokeTokens();
          tokenRevocations++;
        }, options.revokeTokensEveryMs)
      : undefined;

  const pick = <T>(random: SeededRandom, list: readonly T[]): T =>
    list[random.below(list.length)] as T;
  const someDataTypes = (random: SeededRandom): DataType[] => {
    const chosen = ALL_DATA_TYPES.filter(() => random.next() < 0.5);
    return chosen.length > 0 ? chosen : [pick(random, ALL_DATA_TYPES)];
  };

  const runAdmin = async ({ index, random, session }: (typeof sessions)[number]): Promise<void> => {
    for (let round = 1; round <= options.rounds; round++) {
      let base;
      try {
        base = await session.store.load();
      } catch (e) {
        loadFailures++;
        errors.push(`admin ${index + 1} round ${round}: load failed: ${(e as Error).message}`);
        continue;
      }
      if (base.problems.length > 0) {
        errors.push(
          `admin ${index + 1}: the stored scope became invalid: ${base.problems[0]?.message}`,
        );
        return;
      }
      const scope = base.scope;
      let draft = draftOf(scope);
      const count = 1 + random.below(options.maxProjectsPerSave);
      for (let k = 0; k < count; k++) {
        const project = pick(random, projects);
        const action = random.below(3);
        if (action === 0) draft = setProtected(scope, draft, [project], true);
        else if (action === 1) draft = setProtected(scope, draft, [project], false);
        else draft = setDataTypes(scope, draft, project.id, someDataTypes(random));
      }
      const changes = changesOf(scope, draft, names).projects;
      if (changes.length === 0) continue;
      let opId = `a${index + 1}r${round}-${random.guid().slice(0, 8)}`;
      let record: OperationRecord = {
        opId,
        actor: session.actor,
        changes: changes.map((c) => ({
          projectId: c.projectId,
          seen: scope.entries.get(c.projectId)?.opId,
          after: c.after,
        })),
        outcome: "abandoned",
        applied: [],
        conflicts: [],
        attempts: 0,
      };
      operations.push(record);
      for (let attempt = 1; attempt <= options.triesPerSave; attempt++) {
        if (attempt > 1 && options.retryWithNewOpId) {
          opId = `${opId.split("~")[0]}~${attempt}`;
          record = { ...record, opId, attempts: 0 };
          operations.push(record);
        }
        record.attempts = attempt;
        try {
          const result = await session.store.save(base, changes, undefined, {
            actor: session.actor,
            opId,
          });
          record.outcome = "acknowledged";
          record.applied = result.applied.map((c) => c.projectId);
          record.conflicts = result.conflicts.map((c) => c.projectId);
          alreadyEqual += changes.length - result.applied.length - result.conflicts.length;
          break;
        } catch (e) {
          saveAttemptsThrown++;
          errors.push(`${opId} attempt ${attempt}: ${(e as Error).name}: ${(e as Error).message}`);
          // The admin reads the message and presses Save again a moment later.
          await new Promise((r) => setTimeout(r, 20 + random.below(80)));
        }
      }
    }
  };

  try {
    await Promise.all(sessions.map(runAdmin));
  } finally {
    if (revoker) clearInterval(revoker);
  }
  const durationMs = Date.now() - started;
  const requestLog = org.emulator.requestLog;
  const verdict = verify(operations, org.stored(SCOPE_COLLECTION), org.stored(AUDIT_COLLECTION));
  const stats = sessions.map((s) => s.session.transport.stats);
  const report: ConcurrencyReport = {
    options,
    verdict,
    figures: {
      operations: operations.length,
      projectChanges: operations.reduce((n, o) => n + o.changes.length, 0),
      acknowledged: operations.filter((o) => o.outcome === "acknowledged").length,
      acknowledgedChanges: operations.reduce((n, o) => n + o.applied.length, 0),
      conflictsReported: operations.reduce((n, o) => n + o.conflicts.length, 0),
      alreadyEqual,
      // Azure DevOps answers a stale __etag with 400 InvalidDocumentVersionException.
      staleWritesMerged: requestLog.filter(
        (e) => e.status === 400 && (e.method === "PUT" || e.method === "PATCH"),
      ).length,
      saveAttemptsThrown,
      abandoned: operations.filter((o) => o.outcome === "abandoned").length,
      loadFailures,
      requests: stats.reduce((n, s) => n + s.requests, 0),
      retries: stats.reduce((n, s) => n + s.retries, 0),
      throttledMs: stats.reduce((n, s) => n + s.throttledMs, 0),
      tokenRefreshes: sessions.reduce((n, s) => n + s.session.tokensIssued() - 1, 0),
      tokenRevocations,
      lostAnswers,
      faults: faultsIn(requestLog),
      durationMs,
    },
    errors,
  };
  await org.stop();
  log(formatReport(report));
  return report;
}

export function formatReport(r: ConcurrencyReport): string {
  const f = r.figures;
  const o = r.options;
  const lines = [
    `Reliability: ${o.admins} admins × ${o.rounds} rounds over ${o.projects} projects (seed ${o.seed})`,
    `  faults: 429 ${o.faults.rate429 ?? 0} (Retry-After ${o.faults.retryAfterSeconds ?? 0}s), 5xx ${o.faults.rate5xx ?? 0}, dropped ${o.faults.rateDrop ?? 0}, latency ${o.faults.latencyMs ?? 0}+${o.faults.latencyJitterMs ?? 0}ms, lost answers ${o.rateLostAnswer}, tokens revoked every ${o.revokeTokensEveryMs}ms`,
    `  operations (saves)         ${f.operations}  (${f.projectChanges} project changes)`,
    `  acknowledged               ${f.acknowledged}  (${f.acknowledgedChanges} changes applied)`,
    `  conflicts reported         ${f.conflictsReported}  (another admin changed the project first)`,
    `  already equal              ${f.alreadyEqual}  (another admin made the same change first)`,
    `  stale writes merged (400)  ${f.staleWritesMerged}`,
    `  saves thrown / abandoned   ${f.saveAttemptsThrown} / ${f.abandoned}  (load failures ${f.loadFailures})`,
    `  requests / retries         ${f.requests} / ${f.retries}  (waited out Retry-After ${Math.round(f.throttledMs)}ms)`,
    `  tokens revoked / refreshed ${f.tokenRevocations} / ${f.tokenRefreshes}`,
    `  faults injected            ${f.faults.total}  (429 ${f.faults.throttled}, 5xx ${f.faults.serverErrors}, dropped ${f.faults.dropped}; latency on ${f.faults.latency}) + ${f.lostAnswers} answers lost after the write`,
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
