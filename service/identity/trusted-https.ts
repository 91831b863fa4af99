// One HTTPS request that trusts a given certificate authority: how the service reaches the
// emulator's Entra authority, whose self-signed certificate is not in Node's store (fetch cannot
// be given one).
import type { IncomingHttpHeaders } from "node:http";
import { request } from "node:https";

export interface HttpsReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export function requestTrustingCa(
  url: string,
  init: {
    method: string;
    ca: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  },
): Promise<HttpsReply> {
  return new Promise<HttpsReply>((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method,
        headers: init.headers ?? {},
        ca: init.ca,
        ...(init.timeoutMs !== undefined ? { timeout: init.timeoutMs } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(init.body);
  });
}
