// A request to the fake Entra over real HTTPS, as the service sends one: trusting the fake's CA,
// with a form body (URL-encoded) when given. Shared by the tests that walk its pages and tokens.
import { requestTrustingCa, type HttpsReply } from "../../service/identity/trusted-https";

export function entraRequest(
  url: string,
  ca: string,
  method: string,
  opts: { form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<HttpsReply> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  return requestTrustingCa(url, {
    method,
    ca,
    headers: {
      ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      ...opts.headers,
    },
    ...(body !== undefined ? { body } : {}),
  });
}
