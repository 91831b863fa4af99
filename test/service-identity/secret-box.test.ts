// Refresh tokens at rest: sealed with AES-256-GCM under the configured key, never readable in the
// stored text, not openable in another place or after tampering, and still openable after a new
// key is introduced (the old key given after it).
import { randomBytes } from "node:crypto";
import { createSecretBox, keyIdOf } from "../../service/identity/secret-box";

const secret = "0.AXoA-refresh-token-that-must-not-be-stored-in-clear";

test("a sealed value hides the secret, names its key and opens only in its own place", () => {
  const key = randomBytes(32);
  const box = createSecretBox([key]);
  const sealed = box.seal(secret, "connection:fabrikam");
  expect(sealed).not.toContain(secret);
  expect(sealed.split(".").slice(0, 2)).toEqual(["v1", keyIdOf(key)]);
  expect(box.seal(secret, "connection:fabrikam")).not.toBe(sealed); // a fresh IV each time
  expect(box.open(sealed, "connection:fabrikam")).toBe(secret);
  expect(() => box.open(sealed, "connection:contoso")).toThrow(/altered or moved/);
  const parts = sealed.split(".");
  const data = Buffer.from(parts[3] ?? "", "base64url");
  data[0] = (data[0] ?? 0) ^ 1;
  parts[3] = data.toString("base64url");
  expect(() => box.open(parts.join("."), "connection:fabrikam")).toThrow(/altered or moved/);
});

test("after a key rotation old values open with the old key and new ones use the new key", () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const sealedBefore = createSecretBox([oldKey]).seal(secret, "c");
  const rotated = createSecretBox([newKey, oldKey]);
  expect(rotated.open(sealedBefore, "c")).toBe(secret);
  expect(rotated.seal(secret, "c").split(".")[1]).toBe(keyIdOf(newKey));
  expect(() => createSecretBox([newKey]).open(sealedBefore, "c")).toThrow(/not configured/);
  expect(() => createSecretBox([randomBytes(16)])).toThrow(/32 bytes/);
});
