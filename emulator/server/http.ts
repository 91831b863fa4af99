// Small HTTP plumbing for the emulator's origins: a route table, JSON replies, body reading.
import type { IncomingMessage, ServerResponse } from "node:http";
import { constants as http2, type Http2ServerRequest } from "node:http2";

export interface Reply {
  status: number;
  /** JSON-serialised unless it is a Buffer or string (then sent as is). */
  body?: unknown;
  headers?: Record<string, string | number>;
}

export interface RouteContext<P = Record<string, string>> {
  req: IncomingMessage;
  url: URL;
  params: P;
  /** Parsed JSON body, or undefined when there was none. */
  body: () => Promise<unknown>;
  /** REST only: the authenticated caller. */
  userId?: string | null;
  /** REST only: the Accept header asked for `noArrayWrap=true`. */
  bareArrays?: boolean;
}

type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** Routes match on method and a regex over the decoded path, with named groups as params. */
export class RouteTable {
  private routes: Route[] = [];

  add(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** undefined: no route for the path; "method": the path exists for other methods. */
  find(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string> } | "method" | undefined {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method && r.method !== "*") continue;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {}))
        if (v !== undefined) params[k] = safeDecode(v);
      return { handler: r.handler, params };
    }
    return pathMatched ? "method" : undefined;
  }
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly typeKey = "InvalidArgumentValueException",
  ) {
    super(message);
  }
}

/** Reads a request body up to `limit` bytes (more is a 413-class error, reported as 400). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(
          new BadRequest(
            `The request body is larger than ${limit} bytes.`,
            400,
            "RequestContentTooLargeException",
          ),
        );
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function jsonBodyReader(req: IncomingMessage, limit: number): () => Promise<unknown> {
  let parsed: Promise<unknown> | undefined;
  return () => {
    parsed ??= readBody(req, limit).then((buf) => {
      const text = buf.toString("utf8").trim();
      if (text === "") return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new BadRequest("The request body is not valid JSON.");
      }
    });
    return parsed;
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  let payload: Buffer | string | undefined;
  if (reply.body === undefined) payload = undefined;
  else if (Buffer.isBuffer(reply.body) || typeof reply.body === "string") payload = reply.body;
  else {
    payload = JSON.stringify(reply.body);
    if (!res.hasHeader("Content-Type"))
      res.setHeader("Content-Type", "application/json; charset=utf-8");
  }
  res.statusCode = reply.status;
  res.end(payload);
}

/** The error body Azure DevOps sends (a WrappedException). */
export function errorReply(
  status: number,
  message: string,
  typeKey: string,
  headers?: Record<string, string | number>,
): Reply {
  return {
    status,
    body: {
      $id: "1",
      innerException: null,
      message,
      typeName: `Microsoft.VisualStudio.Services.WebApi.${typeKey}, Microsoft.VisualStudio.Services.WebApi`,
      typeKey,
      errorCode: 0,
      eventId: 3000,
    },
    ...(headers ? { headers } : {}),
  };
}

/**
 * A dropped request (injected fault): its connection ends without an answer. Over HTTP/2 that is
 * its stream, reset with an error, as a failing request looks there; the connection's other
 * requests go on.
 */
export function dropRequest(req: IncomingMessage): void {
  const stream = (req as unknown as Partial<Http2ServerRequest>).stream;
  if (stream) stream.close(http2.NGHTTP2_INTERNAL_ERROR);
  else req.socket.destroy();
}
