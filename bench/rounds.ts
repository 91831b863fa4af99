// Sequential request rounds: the longest chain of requests in which each one started only after
// the one before it had ended. Requests that overlap went out together, so they are one round;
// the chain is what latency multiplies.

export interface TimedRequest {
  /** Epoch ms (fractional) when the request arrived at the server / its answer finished. */
  startedAt: number;
  endedAt: number;
}

/**
 * Length of the longest chain of non-overlapping requests (a request that starts after another
 * ended is a later round). 0 for no requests. Requests that never ended (endedAt < startedAt) are
 * ignored: they did not finish inside the measured window.
 */
export function sequentialRounds(requests: readonly TimedRequest[]): number {
  const done = requests
    .filter((r) => r.endedAt >= r.startedAt)
    .slice()
    .sort((a, b) => a.endedAt - b.endedAt);
  // chain[i]: longest chain ending with done[i]; O(n²) is fine for the dozens of requests a page makes.
  const chain: number[] = [];
  let longest = 0;
  for (let i = 0; i < done.length; i++) {
    const current = done[i] as TimedRequest;
    let best = 0;
    for (let j = 0; j < i; j++) {
      const before = done[j] as TimedRequest;
      if (before.endedAt <= current.startedAt) best = Math.max(best, chain[j] as number);
    }
    chain[i] = best + 1;
    longest = Math.max(longest, best + 1);
  }
  return longest;
}

/** The requests inside a window: started at or after `from` and finished by `to`. */
export function requestsWithin<T extends TimedRequest>(
  requests: readonly T[],
  from: number,
  to: number,
): T[] {
  return requests.filter((r) => r.startedAt >= from && r.endedAt >= r.startedAt && r.endedAt <= to);
}

/** Median of the numbers (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface LoggedRequest extends TimedRequest {
  method: string;
  /** Path and query: a CORS preflight is for the same URL as the request it clears. */
  url: string;
}

/**
 * Each request with the CORS preflight the browser sent for it, as one span from the preflight's
 * start to the request's end; so rounds count what the page's code waited for, and a request held
 * back by its own preflight is not mistaken for one that waited on another request. A preflight
 * is matched to the first request for its URL that started once it had ended; a preflight with
 * no such request stays a span of its own.
 */
export function withPreflights<T extends LoggedRequest>(requests: readonly T[]): TimedRequest[] {
  const preflights = requests
    .filter((r) => r.method === "OPTIONS")
    .sort((a, b) => a.startedAt - b.startedAt);
  const actual = requests
    .filter((r) => r.method !== "OPTIONS")
    .sort((a, b) => a.startedAt - b.startedAt);
  const cleared = new Map<T, T>(); // request → its preflight
  for (const p of preflights) {
    const r = actual.find(
      (a) =>
        !cleared.has(a) && a.url === p.url && p.endedAt >= p.startedAt && a.startedAt >= p.endedAt,
    );
    if (r) cleared.set(r, p);
  }
  const used = new Set(cleared.values());
  return [
    ...actual.map((r) => {
      const p = cleared.get(r);
      return { startedAt: p ? p.startedAt : r.startedAt, endedAt: r.endedAt };
    }),
    ...preflights
      .filter((p) => !used.has(p))
      .map((p) => ({ startedAt: p.startedAt, endedAt: p.endedAt })),
  ];
}
