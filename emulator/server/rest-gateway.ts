// The REST gateway every origin's `/{org}/_apis/...` goes through, one step at a time: the request
// log, CORS, injected latency and faults, authentication, the rate limit, the route, the answer.
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { ANONYMOUS_PATHS, type OriginName } from "./areas";
import { faultKindOf, type FaultDecision, type FaultInjector } from "./faults";
import {
  BadRequest,
  dropRequest,
  errorReply,
  jsonBodyReader,
  send,
  type Reply,
  type RouteTable,
} from "./http";
import type { RateBudget } from "./rate-limit";
import type { EmulatorState } from "./state";
import type { RequestLogEntry, ServerSettings } from "./types";

const ALLOWED_REQUEST_HEADERS =
  /^(authorization|content-type|accept|x-vss-.*|x-tfs-.*|x-requested-with)$/i;
const EXPOSED_HEADERS = [
  "x-ms-continuationtoken",
  "Retry-After",
  "X-RateLimit-Resource",
  "X-RateLimit-Remaining",
  "X-RateLimit-Limit",
  "X-RateLimit-Reset",
  "X-RateLimit-Delay",
  "ActivityId",
];

export interface RestGatewayDeps {
  state: EmulatorState;
  settings: ServerSettings;
  faults: FaultInjector;
  budget: RateBudget;
  requestLog: RequestLogEntry[];
  routesOf: Record<OriginName, RouteTable>;
  authenticate: (req: IncomingMessage) => Promise<string | null>;
  /** Origins answered with CORS (besides any chrome-/moz-extension origin). */
  corsOrigins: Set<string>;
  hostUrl: string;
  entraUrl: string;
}

/** One request on its way through the gateway. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  /** The path below `/{org}`. */
  restPath: string;
  origin: OriginName;
  entry: RequestLogEntry;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class RestGateway {
  private seq = 0;

  constructor(private readonly deps: RestGatewayDeps) {}

  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    restPath: string,
    origin: OriginName,
  ): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const x: Exchange = {
      req,
      res,
      url,
      method,
      restPath,
      origin,
      entry: this.log(req, res, url, origin),
    };
    const cors = this.corsHeaders(req);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    const faulty = this.deps.faults.applies(method, url.pathname);
    const delay = faulty ? this.deps.faults.latency() : 0;
    if (delay > 0) {
      x.entry.fault = "latency";
      await pause(delay);
    }
    if (method === "OPTIONS") return this.preflight(x, cors);
    const decision: FaultDecision = faulty ? this.deps.faults.decide() : { kind: "none" };
    if (decision.kind !== "none") x.entry.fault = faultKindOf(decision);
    if (this.failedByFault(x, decision)) return;
    const userId = await this.deps.authenticate(req);
    x.entry.userId = userId;
    if (!(await this.withinRateLimit(x, userId, decision))) return;
    this.answer(x, await this.route(x, userId), faulty);
  }

  /** The request's entry in the log, finished when its answer is (status 0: dropped). */
  private log(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    origin: OriginName,
  ): RequestLogEntry {
    const startedAt = performance.now();
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      origin,
      httpVersion: req.httpVersion,
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      status: 0,
      userId: null,
      startedAt,
      endedAt: 0,
      startedAtEpochMs: performance.timeOrigin + startedAt,
      endedAtEpochMs: 0,
    };
    this.deps.requestLog.push(entry);
    const finish = (): void => {
      if (entry.endedAt !== 0) return;
      entry.endedAt = performance.now();
      entry.endedAtEpochMs = performance.timeOrigin + entry.endedAt;
      entry.status = res.writableFinished ? res.statusCode : 0;
    };
    res.on("finish", finish);
    res.on("close", finish);
    return entry;
  }

  private corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (
      !origin ||
      !(this.deps.corsOrigins.has(origin) || /^(chrome|moz)-extension:\/\//.test(origin))
    )
      return {};
    const exposed = this.deps.settings.exposeResourceTenant
      ? [...EXPOSED_HEADERS, "X-VSS-ResourceTenant"]
      : EXPOSED_HEADERS;
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Expose-Headers": exposed.join(", "),
      Vary: "Origin",
    };
  }

  private preflight(x: Exchange, cors: Record<string, string>): void {
    const requested = (x.req.headers["access-control-request-headers"] ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter((h) => h !== "");
    const allowedHeaders = requested.filter((h) => ALLOWED_REQUEST_HEADERS.test(h));
    send(x.res, {
      status: cors["Access-Control-Allow-Origin"] ? 204 : 403,
      headers: {
        "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
        "Access-Control-Allow-Headers": (allowedHeaders.length > 0
          ? allowedHeaders
          : ["Authorization", "Content-Type", "Accept"]
        ).join(", "),
        "Access-Control-Max-Age": 600,
      },
    });
  }

  /** A dropped connection or an injected server error; true when the request ends here. */
  private failedByFault(x: Exchange, decision: FaultDecision): boolean {
    if (decision.kind === "drop") {
      dropRequest(x.req);
      return true;
    }
    if (decision.kind !== "5xx") return false;
    send(
      x.res,
      errorReply(
        decision.status,
        "The service is temporarily unavailable (injected fault).",
        "ServiceUnavailableException",
      ),
    );
    return true;
  }

  /** Charges the caller's budget: answers 429 (injected or real) or holds the request; false when it ends here. */
  private async withinRateLimit(
    x: Exchange,
    userId: string | null,
    decision: FaultDecision,
  ): Promise<boolean> {
    const { budget } = this.deps;
    const limits = budget.charge(userId ?? `anonymous:${x.req.socket.remoteAddress ?? ""}`);
    for (const [k, v] of Object.entries(limits.headers)) x.res.setHeader(k, v);
    const blocked = (retryAfterSeconds: number, why: string): false => {
      send(
        x.res,
        errorReply(
          429,
          `Request was blocked due to exceeding usage of resource 'Core'${why}.`,
          "RequestBlockedException",
          { "Retry-After": retryAfterSeconds },
        ),
      );
      return false;
    };
    if (decision.kind === "429") {
      for (const [k, v] of Object.entries(budget.blockedHeaders())) x.res.setHeader(k, v);
      return blocked(decision.retryAfterSeconds, " (injected fault)");
    }
    if (limits.kind === "block") {
      x.entry.fault = "rate-limit";
      return blocked(limits.retryAfterSeconds, "");
    }
    if (limits.kind === "delay") {
      // Held, then answered: X-RateLimit-Delay says how long (a delay already served).
      x.entry.fault = "rate-limit-delay";
      await pause(limits.delayMs);
    }
    return true;
  }

  private async route(x: Exchange, userId: string | null): Promise<Reply> {
    const { state, settings } = this.deps;
    const found = this.deps.routesOf[x.origin].find(x.method, x.restPath);
    if (!userId && !ANONYMOUS_PATHS.test(x.restPath) && found !== undefined) {
      const org = state.organization;
      const challenge = state.hasTenant
        ? `Bearer authorization_uri=${this.deps.entraUrl}/${org.tenantId}, Basic realm="${this.deps.hostUrl}/"`
        : `Bearer, Basic realm="${this.deps.hostUrl}/"`;
      return errorReply(
        401,
        "TF400813: The user is not authorized to access this resource.",
        "UnauthorizedRequestException",
        { "WWW-Authenticate": challenge },
      );
    }
    if (found === undefined)
      return errorReply(
        404,
        `The resource ${x.url.pathname} does not exist on the ${x.origin} host of the emulated organization.`,
        "ResourceNotFoundException",
      );
    if (found === "method")
      return errorReply(
        405,
        `The method ${x.method} is not supported for ${x.url.pathname}.`,
        "MethodNotAllowedException",
      );
    try {
      return await found.handler({
        req: x.req,
        url: x.url,
        params: found.params,
        body: jsonBodyReader(x.req, settings.maxDocumentBytes * 2 + 64 * 1024),
        userId,
        bareArrays: /noArrayWrap=true/i.test(x.req.headers.accept ?? ""),
      });
    } catch (e) {
      if (e instanceof BadRequest) return errorReply(e.status, e.message, e.typeKey);
      console.error(`REST ${x.method} ${x.url.pathname}: ${(e as Error).stack ?? String(e)}`);
      return errorReply(500, (e as Error).message, "InternalServerErrorException");
    }
  }

  private answer(x: Exchange, reply: Reply, faulty: boolean): void {
    const retryAfterOn200 = this.deps.faults.settings.retryAfterOn200;
    if (reply.status >= 200 && reply.status < 300 && faulty && retryAfterOn200 > 0) {
      x.res.setHeader("Retry-After", retryAfterOn200);
      x.entry.fault ??= "retry-after-on-200";
    }
    if (reply.body !== undefined && !Buffer.isBuffer(reply.body) && typeof reply.body !== "string")
      x.res.setHeader("Content-Type", "application/json; charset=utf-8; api-version=7.1");
    send(x.res, reply);
  }
}
