// Azure DevOps' per-identity rate limit, as its "Rate and usage limits" page describes it: usage in
// a sliding window (200 TSTU per 5 minutes; here one request is one TSTU). Past the limit a request
// is first delayed, and answered with how long (`X-RateLimit-Delay`, the delay already served); past
// more, it is blocked with 429 and `Retry-After`. The `X-RateLimit-Resource/Limit/Remaining/Reset`
// headers come only once usage nears the limit. See CONTRACT.md "Rate limits".

export interface RateLimitSettings {
  /** TSTUs (here: requests) per identity in the window before requests are delayed. */
  limit: number;
  windowSeconds: number;
  /** false: usage is only reported in headers; true: requests past the limit are delayed, then blocked. */
  enforce: boolean;
  /** Usage from which the X-RateLimit-* headers come, as a fraction of the limit (default 0.8). */
  reportFrom: number;
  /** How long a request past the limit is held before it is answered (ms). */
  delayMs: number;
  /** Usage (requests in the window) past which requests are answered 429 instead of delayed. */
  blockAbove: number;
}

export function defaultRateLimit(): RateLimitSettings {
  return {
    limit: 200,
    windowSeconds: 300,
    enforce: false,
    reportFrom: 0.8,
    delayMs: 500,
    blockAbove: 300,
  };
}

export type RateDecision =
  | { kind: "answer"; headers: Record<string, string | number> }
  | { kind: "delay"; delayMs: number; headers: Record<string, string | number> }
  | { kind: "block"; retryAfterSeconds: number; headers: Record<string, string | number> };

/** Each identity's admitted requests (epoch ms) within the window. */
export class RateBudget {
  private readonly used = new Map<string, number[]>();

  constructor(private readonly settings: () => RateLimitSettings) {}

  clear(): void {
    this.used.clear();
  }

  /** What happens to one more request of `identity` at `now`; an admitted one is counted. */
  charge(identity: string, now = Date.now()): RateDecision {
    const s = this.settings();
    const recent = (this.used.get(identity) ?? []).filter((t) => t > now - s.windowSeconds * 1000);
    this.used.set(identity, recent);
    if (s.enforce && recent.length >= s.blockAbove) {
      const oldest = recent[0] ?? now;
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((oldest + s.windowSeconds * 1000 - now) / 1000),
      );
      return { kind: "block", retryAfterSeconds, headers: this.report(recent, s, now, true) };
    }
    recent.push(now);
    const over = s.enforce && recent.length > s.limit;
    const headers = this.report(recent, s, now, over);
    if (!over) return { kind: "answer", headers };
    return {
      kind: "delay",
      delayMs: s.delayMs,
      headers: { ...headers, "X-RateLimit-Delay": (s.delayMs / 1000).toFixed(3) },
    };
  }

  /** The headers of a request blocked for another reason (an injected 429): at the limit. */
  blockedHeaders(now = Date.now()): Record<string, string | number> {
    return this.report([now], this.settings(), now, true);
  }

  private report(
    recent: number[],
    s: RateLimitSettings,
    now: number,
    limited: boolean,
  ): Record<string, string | number> {
    if (!limited && recent.length < s.limit * s.reportFrom) return {};
    const newest = recent[recent.length - 1] ?? now;
    return {
      "X-RateLimit-Resource": "Core",
      "X-RateLimit-Limit": s.limit,
      "X-RateLimit-Remaining": limited ? 0 : Math.max(0, s.limit - recent.length),
      // When usage would be back to 0 if every request stopped now.
      "X-RateLimit-Reset": Math.ceil((newest + s.windowSeconds * 1000) / 1000),
    };
  }
}
