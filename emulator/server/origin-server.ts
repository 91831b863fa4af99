// One origin's listening server, in the protocol it speaks: plain HTTP/1.1, HTTPS/1.1 (the fake
// Entra), or HTTPS with HTTP/2 and HTTP/1.1 by ALPN, as dev.azure.com negotiates (CONTRACT.md
// "Protocols"). A browser multiplexes every request to an HTTP/2 origin on one connection; over
// HTTP/1.1 it opens at most six per host, so parallel requests queue behind each other.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createSecureServer } from "node:http2";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";

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
  close(): Promise<void>;
}

export interface OriginOptions {
  protocol: OriginProtocol;
  port: number;
  /** The name in the origin's URL (it listens on 127.0.0.1 whatever the name). */
  hostname: "localhost" | "127.0.0.1";
  tls?: TlsIdentity;
  onRequest: OriginHandler;
}

function serverFor(options: OriginOptions): NetServer {
  if (options.protocol === "http") return createServer(options.onRequest);
  if (!options.tls) throw new Error(`An ${options.protocol} origin needs a certificate.`);
  if (options.protocol === "https") return createHttpsServer(options.tls, options.onRequest);
  return createSecureServer(
    { ...options.tls, allowHTTP1: true },
    options.onRequest as unknown as Parameters<typeof createSecureServer>[1],
  );
}

export function listenOrigin(options: OriginOptions): Promise<OriginServer> {
  const server = serverFor(options);
  // Every connection, so stop() ends kept-alive ones and HTTP/2 sessions at once.
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
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
