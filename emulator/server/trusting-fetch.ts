// A fetch that trusts the emulator's self-signed certificate, for a local backup service that
// calls Azure DevOps's origins in https mode. Node 20's fetch takes no CA (that needs undici's
// Agent), so https requests go over node:http2, one session per origin as a browser keeps: the
// service's parallel questions (connectionData, permissions, resource areas) leave together after
// one TLS handshake instead of racing three on a busy machine.
import { connect, type ClientHttp2Session, type OutgoingHttpHeaders } from "node:http2";

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Not allowed on HTTP/2 (RFC 9113 §8.2.2), or implied by its pseudo-headers. */
const NOT_FORWARDED = new Set(["connection", "host", "keep-alive", "transfer-encoding", "upgrade"]);

export function fetchTrusting(certificate: string): typeof fetch {
  const sessions = new Map<string, ClientHttp2Session>();

  function sessionFor(origin: string): ClientHttp2Session {
    const open = sessions.get(origin);
    if (open && !open.closed && !open.destroyed) return open;
    const session = connect(origin, { ca: certificate });
    const forget = (): void => {
      if (sessions.get(origin) === session) sessions.delete(origin);
    };
    session.on("error", forget);
    session.on("close", forget);
    session.on("goaway", forget);
    session.unref(); // an idle session does not keep the process alive
    sessions.set(origin, session);
    return session;
  }

  async function send(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: OutgoingHttpHeaders = {
      ":method": request.method,
      ":path": `${url.pathname}${url.search}`,
    };
    request.headers.forEach((value, name) => {
      if (!NOT_FORWARDED.has(name)) headers[name] = value;
    });
    const stream = sessionFor(url.origin).request(headers, {
      endStream: body === undefined,
      signal: request.signal,
    });
    if (body !== undefined) stream.end(body);
    return new Promise<Response>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let status = 0;
      const answerHeaders = new Headers();
      stream.on("response", (head) => {
        status = Number(head[":status"]);
        for (const [name, value] of Object.entries(head))
          if (!name.startsWith(":") && value !== undefined)
            for (const v of Array.isArray(value) ? value : [String(value)])
              answerHeaders.append(name, v);
      });
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", reject);
      stream.on("end", () =>
        resolve(
          new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
            status,
            headers: answerHeaders,
          }),
        ),
      );
    });
  }

  const trusting = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (new URL(request.url).protocol !== "https:") return fetch(request);
    const response = await send(request);
    const location = response.headers.get("location");
    if (
      request.redirect === "follow" &&
      response.status >= 300 &&
      response.status < 400 &&
      location
    )
      return trusting(new URL(location, request.url), {
        method: response.status === 303 ? "GET" : request.method,
        headers: request.headers,
        signal: request.signal,
      });
    return response;
  };
  return trusting as typeof fetch;
}
