// Fault injection for the REST API: latency, 429 with Retry-After, server errors and dropped
// connections, by probability or for the next N requests. One seeded PRNG draw decides each
// request, so the same seed and the same request order give the same faults.
import { seededRandom, type SeededRandom } from "./random";
import type { FaultKind, FaultSettings } from "./types";

export function defaultFaults(): FaultSettings {
  return {
    seed: 1,
    latencyMs: 0,
    latencyJitterMs: 0,
    rate429: 0,
    next429: 0,
    retryAfterSeconds: 5,
    rate5xx: 0,
    next5xx: 0,
    status5xx: 503,
    rateDrop: 0,
    nextDrop: 0,
    retryAfterOn200: 0,
    rejectTokens: false,
  };
}

export type FaultDecision =
  | { kind: "none" }
  | { kind: "drop" }
  | { kind: "429"; retryAfterSeconds: number }
  | { kind: "5xx"; status: number };

export class FaultInjector {
  readonly settings: FaultSettings;
  private random: SeededRandom;
  private seedInUse: number;

  constructor(initial?: Partial<FaultSettings>) {
    this.settings = { ...defaultFaults(), ...initial };
    this.seedInUse = this.settings.seed;
    this.random = seededRandom(this.seedInUse);
  }

  /** Changes the live settings in place (the handle's `faults` object stays the same object). */
  update(changes: Partial<FaultSettings>): void {
    const fresh = Object.prototype.hasOwnProperty.call(changes, "seed");
    Object.assign(this.settings, changes);
    for (const key of ["pathPattern", "methods"] as const) {
      if (Object.prototype.hasOwnProperty.call(changes, key) && changes[key] === undefined)
        delete this.settings[key];
    }
    if (fresh || this.settings.seed !== this.seedInUse) this.reseed();
  }

  replace(all: Partial<FaultSettings>): void {
    for (const key of Object.keys(this.settings))
      delete (this.settings as unknown as Record<string, unknown>)[key];
    Object.assign(this.settings, defaultFaults(), all);
    this.reseed();
  }

  private reseed(): void {
    this.seedInUse = this.settings.seed;
    this.random = seededRandom(this.seedInUse);
  }

  applies(method: string, path: string): boolean {
    const s = this.settings;
    if (
      s.methods &&
      s.methods.length > 0 &&
      !s.methods.map((m) => m.toUpperCase()).includes(method.toUpperCase())
    )
      return false;
    if (s.pathPattern && !new RegExp(s.pathPattern).test(path)) return false;
    return true;
  }

  /** Milliseconds to wait before answering. */
  latency(): number {
    const s = this.settings;
    if (s.latencyMs <= 0 && s.latencyJitterMs <= 0) return 0;
    const jitter = s.latencyJitterMs > 0 ? this.random.next() * s.latencyJitterMs : 0;
    return Math.max(0, s.latencyMs + jitter);
  }

  /** What happens to this request; counts down the `next*` budgets. Call once per request. */
  decide(): FaultDecision {
    const s = this.settings;
    if (s.nextDrop > 0) {
      s.nextDrop -= 1;
      return { kind: "drop" };
    }
    if (s.next5xx > 0) {
      s.next5xx -= 1;
      return { kind: "5xx", status: s.status5xx };
    }
    if (s.next429 > 0) {
      s.next429 -= 1;
      return { kind: "429", retryAfterSeconds: s.retryAfterSeconds };
    }
    if (s.rateDrop <= 0 && s.rate5xx <= 0 && s.rate429 <= 0) return { kind: "none" };
    const r = this.random.next();
    if (r < s.rateDrop) return { kind: "drop" };
    if (r < s.rateDrop + s.rate5xx) return { kind: "5xx", status: s.status5xx };
    if (r < s.rateDrop + s.rate5xx + s.rate429)
      return { kind: "429", retryAfterSeconds: s.retryAfterSeconds };
    return { kind: "none" };
  }
}

export function faultKindOf(d: FaultDecision): FaultKind | undefined {
  return d.kind === "none" ? undefined : d.kind;
}
