// Signed JWTs (RS256) with a key generated when the authority starts, and their JWKS.
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export type JwtClaims = Record<string, unknown>;

/** Access tokens live an hour, as Entra's default. */
export const ACCESS_TOKEN_LIFETIME_S = 3600;

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid: randomBytes(12).toString("base64url"), privateKey, publicKey };
}

export function jsonWebKeySet(key: SigningKey): { keys: Record<string, unknown>[] } {
  const jwk = key.publicKey.export({ format: "jwk" });
  return { keys: [{ kty: jwk.kty, use: "sig", alg: "RS256", kid: key.kid, n: jwk.n, e: jwk.e }] };
}

export function signJwt(key: SigningKey, claims: JwtClaims): string {
  const header = { typ: "JWT", alg: "RS256", kid: key.kid };
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = sign("sha256", Buffer.from(signingInput), key.privateKey).toString("base64url");
  return `${signingInput}.${signature}`;
}

/** The claims of a token this key signed, or undefined when it is malformed or the signature is wrong. */
export function readSignedJwt(key: SigningKey, token: string): JwtClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (!header || header.alg !== "RS256" || header.kid !== key.kid) return undefined;
  const valid = verify(
    "sha256",
    Buffer.from(`${headerPart}.${claimsPart}`),
    key.publicKey,
    Buffer.from(signaturePart, "base64url"),
  );
  return valid ? decodeJson(claimsPart) : undefined;
}

/** PKCE S256: base64url(sha256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export function randomId(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

export function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A JWT's claims, read without checking its signature (for a token checked already). */
export function claimsOf(token: string): JwtClaims | undefined {
  return decodeJson(token.split(".")[1] ?? "");
}

function decodeJson(part: string): JwtClaims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as JwtClaims)
      : undefined;
  } catch {
    return undefined; // not JSON: the caller treats the token as invalid
  }
}
