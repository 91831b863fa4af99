// The bench's count of sequential request rounds: overlapping requests are one round, a request
// that starts only after another ended is a later one.
import { median, requestsWithin, sequentialRounds, withPreflights } from "../../bench/rounds";

const r = (startedAt: number, endedAt: number) => ({ startedAt, endedAt });

describe("sequentialRounds", () => {
  it("is 0 without requests", () => {
    expect(sequentialRounds([])).toBe(0);
  });

  it("counts requests sent together as one round", () => {
    expect(sequentialRounds([r(0, 50), r(1, 52), r(2, 51), r(3, 55)])).toBe(1);
  });

  it("counts a request that waited for another as a later round", () => {
    // preflight → GET, and beside it an unrelated request that overlaps both
    expect(sequentialRounds([r(0, 50), r(51, 101), r(10, 90)])).toBe(2);
  });

  it("follows the longest chain, not the number of requests", () => {
    const pages = Array.from({ length: 10 }, (_, i) => r(i * 60, i * 60 + 50));
    const parallel = [r(0, 500), r(5, 400), r(20, 30)];
    expect(sequentialRounds([...parallel, ...pages])).toBe(10);
  });

  it("treats a request starting the instant another ends as the next round", () => {
    expect(sequentialRounds([r(0, 50), r(50, 100)])).toBe(2);
  });

  it("ignores requests that never finished", () => {
    expect(sequentialRounds([r(0, 50), r(60, 0)])).toBe(1);
  });
});

describe("requestsWithin", () => {
  it("keeps only requests that started and finished inside the window", () => {
    const inside = r(10, 20);
    expect(requestsWithin([r(0, 15), inside, r(15, 40), r(30, 0)], 5, 30)).toEqual([inside]);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe("withPreflights", () => {
  const req = (method: string, url: string, startedAt: number, endedAt: number) => ({
    method,
    url,
    startedAt,
    endedAt,
  });

  /** Requests written as a timeline, "METHOD url start-end" each (e.g. "GET /a 51-180"). */
  const timeline = (...entries: string[]) =>
    entries.map((entry) => {
      const [method = "", url = "", span = ""] = entry.split(" ");
      const [startedAt = 0, endedAt = 0] = span.split("-").map(Number);
      return req(method, url, startedAt, endedAt);
    });

  it.each([
    {
      // Two requests sent at once; the second's preflight was slow, so its GET started after the
      // first GET ended. Without pairing that looks like two rounds.
      what: "counts requests sent together as one round even when their preflights finished apart",
      log: timeline("OPTIONS /a 0-50", "OPTIONS /b 1-210", "GET /a 51-180", "GET /b 215-300"),
      unpaired: 3,
      paired: 1,
    },
    {
      what: "keeps a request that waited for another one as a later round",
      log: timeline("OPTIONS /1 0-50", "GET /1 51-100", "OPTIONS /2 101-150", "GET /2 151-200"),
      unpaired: 4,
      paired: 2,
    },
  ])("$what", ({ log, unpaired, paired }) => {
    expect(sequentialRounds(log)).toBe(unpaired);
    expect(sequentialRounds(withPreflights(log))).toBe(paired);
  });

  it("leaves requests without a preflight and unmatched preflights as they are", () => {
    const log = [req("GET", "/a", 0, 50), req("OPTIONS", "/b", 60, 100)];
    expect(withPreflights(log)).toEqual([
      { startedAt: 0, endedAt: 50 },
      { startedAt: 60, endedAt: 100 },
    ]);
  });
});
