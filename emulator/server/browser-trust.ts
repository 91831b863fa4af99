// How Chromium trusts the emulator's self-signed certificate, and no other: by its public key's
// hash (--ignore-certificate-errors-spki-list, honoured with a user data dir, which Playwright gives).
import { createHash, X509Certificate } from "node:crypto";

export function chromiumArgsTrusting(certificatePem: string): string[] {
  const spki = new X509Certificate(certificatePem).publicKey.export({
    type: "spki",
    format: "der",
  });
  const hash = createHash("sha256").update(spki).digest("base64");
  return [`--ignore-certificate-errors-spki-list=${hash}`];
}
