// The one client every Azure DevOps request goes through (docs/platform.md#rate-limits): it honours Retry-After
// (on 429 and on any other answer; X-RateLimit-Delay is a delay the server already served, never
// waited again), backs off on 5xx and dropped connections with a bound,
// refreshes the token once on 401, and reports what it is doing.

export type TransportEvent =
  | { type: "request"; url: string; method: string }
  | { type: "retry"; url: string; method: string; attempt: number; delayMs: number; reason: string }
  | { type: "throttled"; delayMs: number };

export interface TransportOptions {
  /** "Bearer …" for the current user; forceRefresh after a 401. */
  authorizationHeader: (forceRefresh: boolean) => Promise<string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Attempts for one request, counting the first. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out: the user is told instead. */
  maxRetryAfterMs?: number;
  onEvent?: (e: TransportEvent) => void;
}

/** An answer from Azure DevOps that is an error, with what the server said. */
export class AdoRequestError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    message: string,
    readonly typeKey: string | undefined,
  ) {
    super(message);
    this.name = "AdoRequestError";
  }
}

/** The service could not be reached, or kept failing, after every retry. */
export class AdoUnavailableError extends Error {
  constructor(
    readonly url: string,
    readonly attempts: number,
    readonly lastProblem: string,
  ) {
    super(
      `Azure DevOps could not be reached after ${attempts} attempts (${lastProblem}). Your changes were not lost; try again.`,
    );
    this.name = "AdoUnavailableError";
  }
}

const RETRIABLE = new Set([500, 502, 503, 504]);
/** Server errors that say the request itself can never succeed: never retried. */
const PERMANENT_SERVER_ERRORS = new Set(["MaximumDocumentSizeException"]);

export class AdoTransport {
  private pausedUntil = 0;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  /** Counters the benchmarks and the reliability suite read. */
  readonly stats = { requests: 0, retries: 0, throttledMs: 0, serverDelayedMs: 0 };

  constructor(private readonly options: TransportOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 8000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  }

  /** Sends a request; resolves with a successful (2xx) response, or rejects with a typed error. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const method = (init.method ?? "GET").toUpperCase();
    let refreshed = false;
    let lastProblem = "";
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      await this.waitForThrottle();
      const headers = new Headers(init.headers);
      headers.set("Authorization", await this.options.authorizationHeader(refreshed));
      headers.set("X-TFS-FedAuthRedirect", "Suppress");
      headers.set("X-VSS-ReauthenticationAction", "Suppress");
      this.stats.requests++;
      this.options.onEvent?.({ type: "request", url, method });
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          ...init,
          headers,
          mode: "cors",
          credentials: "omit",
        });
      } catch (e) {
        lastProblem = "the connection was dropped";
        await this.backoff(url, method, attempt, lastProblem, e);
        continue;
      }
      this.noteRetryAfter(response);
      if (response.status === 401 && !refreshed) {
        refreshed = true; // the token may have expired mid-operation: ask for a new one, once
        attempt--;
        continue;
      }
      if (response.status === 429) {
        lastProblem = "too many requests";
        if (!response.headers.get("Retry-After"))
          await this.backoff(url, method, attempt, lastProblem);
        else this.retried(url, method, attempt, 0, lastProblem);
        continue;
      }
      if (RETRIABLE.has(response.status)) {
        const error = await errorFrom(response, url);
        if (error.typeKey !== undefined && PERMANENT_SERVER_ERRORS.has(error.typeKey)) throw error;
        lastProblem = `the server answered ${response.status}`;
        await this.backoff(url, method, attempt, lastProblem);
        continue;
      }
      if (!response.ok) throw await errorFrom(response, url);
      return response;
    }
    throw new AdoUnavailableError(url, this.maxAttempts, lastProblem);
  }

  async requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
    const response = await this.request(url, init);
    return parseVssJson<T>(await response.text());
  }

  /**
   * Retry-After (on a 429, and at times on a 200) asks us to wait before the next request.
   * X-RateLimit-Delay only says how long the server already held this one: nothing to wait for
   * again, but a sign of being near the limit, counted in the stats.
   */
  private noteRetryAfter(response: Response): void {
    const served = Number(response.headers.get("X-RateLimit-Delay"));
    if (Number.isFinite(served) && served > 0) this.stats.serverDelayedMs += served * 1000;
    const seconds = Number(response.headers.get("Retry-After"));
    const ms = Number.isFinite(seconds) ? seconds * 1000 : 0;
    if (ms > 0)
      this.pausedUntil = Math.max(
        this.pausedUntil,
        this.now() + Math.min(ms, this.maxRetryAfterMs),
      );
  }

  private async waitForThrottle(): Promise<void> {
    const wait = this.pausedUntil - this.now();
    if (wait > 0) {
      this.stats.throttledMs += wait;
      this.options.onEvent?.({ type: "throttled", delayMs: wait });
      await this.sleep(wait);
    }
  }

  private retried(
    url: string,
    method: string,
    attempt: number,
    delayMs: number,
    reason: string,
  ): void {
    this.stats.retries++;
    this.options.onEvent?.({ type: "retry", url, method, attempt, delayMs, reason });
  }

  private async backoff(
    url: string,
    method: string,
    attempt: number,
    reason: string,
    _cause?: unknown,
  ): Promise<void> {
    if (attempt >= this.maxAttempts) return;
    // Full jitter, so that many admins retrying at once do not retry in step.
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    const delayMs = Math.round(cap / 2 + (this.random() * cap) / 2);
    this.retried(url, method, attempt, delayMs, reason);
    await this.sleep(delayMs);
  }
}

async function errorFrom(response: Response, url: string): Promise<AdoRequestError> {
  const text = await response.text().catch(() => "");
  let message = `${response.status} ${response.statusText}`.trim();
  let typeKey: string | undefined;
  try {
    const body = JSON.parse(text) as { message?: unknown; typeKey?: unknown };
    if (typeof body.message === "string") message = body.message;
    if (typeof body.typeKey === "string") typeKey = body.typeKey;
  } catch {
    // Not JSON: the status line is the best message there is.
  }
  return new AdoRequestError(response.status, url, message, typeKey);
}

const MS_DATE = /"\\\/Date\((-?\d+)\)\\\/"/g;

/** JSON as Azure DevOps sends it with msDateFormat=true: "\/Date(ms)\/" becomes an ISO string. */
export function parseVssJson<T>(text: string): T {
  if (!text) return undefined as T;
  return JSON.parse(
    text.replace(MS_DATE, (_, ms: string) => JSON.stringify(new Date(Number(ms)).toISOString())),
  ) as T;
}

/** The Accept header the Azure DevOps api clients send. */
export function acceptHeader(apiVersion: string, type = "application/json"): string {
  return `${type};api-version=${apiVersion};excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true`;
}
