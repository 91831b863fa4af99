// A fetch that also trusts the emulator's self-signed certificate, for a local backup service that
// calls Azure DevOps's origins in https mode. Node 20's fetch takes no CA (that needs undici's
// Agent), so https requests go through node:https with the system's roots plus this certificate.
import { request as httpsRequest, Agent } from "node:https";
import { rootCertificates } from "node:tls";

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function fetchTrusting(certificate: string): typeof fetch {
  const agent = new Agent({ ca: [...rootCertificates, certificate], keepAlive: true });
  const trusting = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (new URL(request.url).protocol !== "https:") return fetch(request);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    if (body) headers["content-length"] = String(body.length);
    const response = await new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(
        request.url,
        { method: request.method, headers, agent, signal: request.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const status = res.statusCode ?? 500;
            const answerHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers))
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
                answerHeaders.append(name, v);
            resolve(
              new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? "",
                headers: answerHeaders,
              }),
            );
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
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
