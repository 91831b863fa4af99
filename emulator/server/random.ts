// A seeded pseudo-random source, so fault injection and generated fixtures repeat run after run.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, max). */
  below(max: number): number;
  /** A version-4-shaped GUID drawn from this source. */
  guid(): string;
}

/** mulberry32: tiny, fast and good enough for test schedules (not for secrets). */
export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (max: number): number => Math.floor(next() * max);
  const hex = (n: number): string =>
    Array.from({ length: n }, () => below(16).toString(16)).join("");
  const guid = (): string =>
    `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + below(4)).toString(16)}${hex(3)}-${hex(12)}`;
  return { next, below, guid };
}
