// Secrets at rest (docs/architecture.md#security-rules): AES-256-GCM with the service's SERVICE_ENCRYPTION_KEY, a fresh
// random 96-bit IV per value, and the key's id stored beside it so a new key can be introduced
// while values sealed under the old one still open (pass the old key after the current one).
// The associated data binds a value to its place (e.g. one organization's connection), so a
// sealed value copied to another row does not open there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const FORMAT = "v1";
const IV_BYTES = 12;

export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedValueError";
  }
}

/** A short, non-secret fingerprint of a key: which key sealed a value. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256")
    .update("backup-service-secret-box:")
    .update(key)
    .digest("hex")
    .slice(0, 16);
}

export interface SecretBox {
  /** "v1.{key id}.{iv}.{ciphertext}.{tag}" (base64url parts). */
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** `keys[0]` seals; any of `keys` opens what it sealed. Each key is 32 bytes. */
export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0 || keys.some((k) => k.length !== 32))
    throw new SealedValueError("The encryption key must be 32 bytes.");
  const byId = new Map(keys.map((k) => [keyIdOf(k), k] as const));
  const current = keys[0] as Buffer;
  const currentId = keyIdOf(current);
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [FORMAT, currentId, iv, data, tag]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    open(sealed, context) {
      const [format, keyId, iv, data, tag] = sealed.split(".");
      if (format !== FORMAT || !keyId || !iv || data === undefined || !tag)
        throw new SealedValueError("The stored secret is not in a known format.");
      const key = byId.get(keyId);
      if (!key)
        throw new SealedValueError(
          `The stored secret was sealed with key ${keyId}, which is not configured.`,
        );
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(data, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        // GCM's tag check failed: the value was altered or belongs elsewhere; say so, not why.
        throw new SealedValueError(
          "The stored secret does not open with its key (altered or moved).",
        );
      }
    },
  };
}
