// A self-signed TLS certificate for the authority's HTTPS origin (MSAL requires https:, docs/platform.md#msal-against-a-local-authority).
import { isIP } from "node:net";
import { generate } from "selfsigned";

/** selfsigned 5 generates asynchronously, so this returns a promise. */
export async function createSelfSignedCertificate(
  hostnames: string[],
): Promise<{ key: string; cert: string }> {
  const names = hostnames.length > 0 ? hostnames : ["localhost"];
  const pems = await generate([{ name: "commonName", value: names[0] }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: names.map((n) =>
          isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n },
        ),
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
