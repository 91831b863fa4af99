// Faults between the product's client and the backup service: a fetch wrapper that, per request,
// answers 429 with Retry-After or 503 without reaching the service, drops the connection before
// sending, or sends a write and then loses (or replaces with a gateway's 502) the answer after the
// service committed. Seeded, so a run can be repeated.
import type { SeededRandom } from "../../emulator/server/random";

export interface ClientFaultRates {
  /** Answered 429 with Retry-After, never sent. */
  rate429: number;
  retryAfterSeconds: number;
  /** Answered 503, never sent. */
  rate5xx: number;
  /** The connection drops before the request is sent (fetch throws). */
  rateDrop: number;
  /** A write reaches the service, which commits; its answer is lost (fetch throws) or is a 502. */
  rateLostAnswer: number;
}

/** What the wrapper did; `lostAfterCommit` holds the opIds whose answer it threw away. */
export interface ClientFaultCounts {
  throttled: number;
  serverErrors: number;
  dropped: number;
  lostAnswers: number;
  lostAfterCommit: Set<string>;
}

export const noClientFaults = (): ClientFaultCounts => ({
  throttled: 0,
  serverErrors: 0,
  dropped: 0,
  lostAnswers: 0,
  lostAfterCommit: new Set(),
});

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

function opIdOf(body: RequestInit["body"]): string | undefined {
  if (typeof body !== "string") return undefined;
  try {
    const parsed = JSON.parse(body) as { opId?: unknown };
    return typeof parsed.opId === "string" ? parsed.opId : undefined;
  } catch {
    return undefined;
  }
}

export function faultyFetch(
  rates: ClientFaultRates,
  random: SeededRandom,
  counts: ClientFaultCounts,
  inner: typeof fetch = (input, init) => fetch(input, init),
): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const draw = random.next();
    if (draw < rates.rate429) {
      counts.throttled++;
      return new Response(JSON.stringify({ code: "rateLimited", message: "Too many requests" }), {
        status: 429,
        headers: {
          "Content-Type": "application/json",
          "Retry-After": String(rates.retryAfterSeconds),
        },
      });
    }
    if (draw < rates.rate429 + rates.rate5xx) {
      counts.serverErrors++;
      return new Response("<html>Service Unavailable</html>", { status: 503 });
    }
    if (draw < rates.rate429 + rates.rate5xx + rates.rateDrop) {
      counts.dropped++;
      throw new TypeError("fetch failed (connection dropped before sending; injected)");
    }
    const response = await inner(input, init);
    if (WRITE_METHODS.has(method) && response.ok && random.next() < rates.rateLostAnswer) {
      await response.body?.cancel();
      counts.lostAnswers++;
      const opId = opIdOf(init?.body);
      if (opId) counts.lostAfterCommit.add(opId);
      // Half the lost answers are a dropped connection, half a gateway's error page.
      if (random.next() < 0.5)
        throw new TypeError("fetch failed (the answer was lost after the write; injected)");
      return new Response("<html>Bad Gateway</html>", { status: 502 });
    }
    return response;
  };
}
