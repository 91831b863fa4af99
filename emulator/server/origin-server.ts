// One origin's listening server, in the protocol it speaks: plain HTTP/1.1, HTTPS/1.1 (the fake
// Entra), or HTTPS with HTTP/2 and HTTP/1.1 by ALPN, as dev.azure.com negotiates (CONTRACT.md
// "Protocols"). A browser multiplexes every request to an HTTP/2 origin on one connection; over
// HTTP/1.1 it opens at most six per host, so parallel requests queue behind each other.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createSecureServer } from "node:http2";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";
import { send, type Reply } from "./http";

export type OriginProtocol = "http" | "https" | "https-h2";

export interface TlsIdentity {
  key: string;
  cert: string;
}

/**
 * The emulator's handlers take node:http's request and response. HTTP/2's compatibility API
 * (Http2ServerRequest/Response) offers the same calls they use (headers, setHeader, statusCode,
 * end, streams, socket.destroy, which resets the one stream), so one handler serves both.
 */
export type OriginHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface OriginServer {
  port: number;
  /** `${scheme}://${hostname}:${port}` */
  url: string;
  /** Who answers its requests: set once every origin's URL is known (until then, 503). */
  serve(handler: OriginHandler): void;
  close(): Promise<void>;
}

export interface OriginOptions {
  protocol: OriginProtocol;
  port: number;
  /** The name in the origin's URL (it listens on 127.0.0.1 whatever the name). */
  hostname: "localhost" | "127.0.0.1";
  tls?: TlsIdentity;
}

const starting: OriginHandler = (_req, res) => {
  res.statusCode = 503;
  res.end("The emulator is starting.");
};

function serverFor(options: OriginOptions, onRequest: OriginHandler): NetServer {
  if (options.protocol === "http") return createServer(onRequest);
  if (!options.tls) throw new Error(`An ${options.protocol} origin needs a certificate.`);
  if (options.protocol === "https") return createHttpsServer(options.tls, onRequest);
  return createSecureServer(
    { ...options.tls, allowHTTP1: true },
    onRequest as unknown as Parameters<typeof createSecureServer>[1],
  );
}

export function listenOrigin(options: OriginOptions): Promise<OriginServer> {
  const answering = { handler: starting };
  const server = serverFor(options, (req, res) => answering.handler(req, res));
  // Every connection, so close() ends kept-alive ones and HTTP/2 sessions at once.
  const sockets = new Set<Socket>();
  server.on(options.protocol === "http" ? "connection" : "secureConnection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  const scheme = options.protocol === "http" ? "http" : "https";
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        url: `${scheme}://${options.hostname}:${port}`,
        serve: (handler) => {
          answering.handler = handler;
        },
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}

/** A handler for an async serve: a failure is logged and answered with `failure` (once nothing was sent). */
export function handlerOf(
  label: string,
  serve: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  failure: (e: Error) => Reply,
): OriginHandler {
  return (req, res) => {
    serve(req, res).catch((e: unknown) => {
      console.error(`${label}: ${(e as Error).stack ?? String(e)}`);
      send(res, failure(e as Error));
    });
  };
}
