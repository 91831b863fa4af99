// The backup service on its own, as the hub calls it: saving a select-all of every project, then
// reading the organization's state (every project's entry, the app profile, connection and
// consent), timed from Node over HTTP with the tokens the marketplace extension sends. The first
// call of each is a warm-up (it imports the old extension data once and fills the service's
// caches of what Azure DevOps said about the caller); the rest are the figures.
import type { FixtureProject } from "../emulator/fixtures/types";
import type { EmulatorHandle } from "../emulator/server/index";
import { DATA_TYPES } from "../src/core/data-types";
import {
  AZURE_DEVOPS_TOKEN_HEADER,
  type ProjectChangeWire,
  type SaveScopeRequest,
  type SaveScopeResponse,
} from "../src/core/service-api";

export interface Percentiles {
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ServiceFigures {
  readState: Percentiles;
  saveSelectAll: Percentiles & { changes: number; requestBytes: number };
}

export interface ServiceBenchOptions {
  emulator: EmulatorHandle;
  serviceUrl: string;
  userId: string;
  projects: readonly FixtureProject[];
  reads: number;
  saves: number;
}

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function percentiles(samples: readonly number[]): Percentiles {
  return {
    samples: samples.length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
  };
}

async function timedCall(
  options: ServiceBenchOptions,
  method: string,
  path: string,
  body?: string,
): Promise<{ ms: number; json: unknown }> {
  const { emulator, serviceUrl, userId } = options;
  const headers: Record<string, string> = {
    Authorization: `Bearer ${emulator.issueAppToken(userId)}`,
    [AZURE_DEVOPS_TOKEN_HEADER]: emulator.issueToken(userId),
  };
  if (body) headers["Content-Type"] = "application/json";
  const started = performance.now();
  const response = await fetch(
    `${serviceUrl}/api/v1/organizations/${emulator.organization.name}${path}`,
    { method, headers, ...(body ? { body } : {}) },
  );
  const json = (await response.json()) as unknown;
  const ms = performance.now() - started;
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return { ms, json };
}

export async function measureService(options: ServiceBenchOptions): Promise<ServiceFigures> {
  // Select all, then alternate between every data type and Repos only: each save changes every
  // project, against the opIds the previous save stored (as the hub would send them).
  const saves: number[] = [];
  let seen = new Map<string, ProjectChangeWire["before"] & { opId?: string }>();
  let requestBytes = 0;
  for (let i = 0; i <= options.saves; i++) {
    const dataTypes = i % 2 === 0 ? [...DATA_TYPES] : ["repos" as const];
    const opId = `bench-save-${Date.now()}-${i}`;
    const request: SaveScopeRequest = {
      opId,
      changes: options.projects.map((p) => {
        const before = seen.get(p.id);
        return {
          projectId: p.id,
          name: p.name,
          ...(before?.opId ? { seenOpId: before.opId } : {}),
          ...(before ? { before: { choice: before.choice, dataTypes: before.dataTypes } } : {}),
          after: { choice: "included" as const, dataTypes },
        };
      }),
    };
    const body = JSON.stringify(request);
    requestBytes = Buffer.byteLength(body);
    const { ms, json } = await timedCall(options, "POST", "/scope/changes", body);
    const answer = json as SaveScopeResponse;
    if (answer.conflicts.length > 0)
      throw new Error(`The bench's save ${i} conflicted on ${answer.conflicts.length} projects.`);
    seen = new Map(answer.scope.entries.map((e) => [e.projectId, e]));
    if (i > 0) saves.push(ms);
  }
  // Then read the state with every project in the scope (what the hub reads after such a save).
  const reads: number[] = [];
  for (let i = 0; i <= options.reads; i++) {
    const { ms } = await timedCall(options, "GET", "/state");
    if (i > 0) reads.push(ms);
  }
  return {
    readState: percentiles(reads),
    saveSelectAll: { ...percentiles(saves), changes: options.projects.length, requestBytes },
  };
}
