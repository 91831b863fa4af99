// Content-addressed objects on top of an ObjectStore: the key is the SHA-256 of the bytes, so an
// object already stored (by this run, an earlier run or another worker) is never written again.
// Counts what a run wrote, which is how "a second run stores almost nothing" is measured.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { READ_CHUNK_BYTES, sizeOf } from "./object-source";
import { contentKey, linksFiles, type ObjectPart, type ObjectStore } from "./object-store";

export interface StorageCounters {
  objectsWritten: number;
  objectsReused: number;
  bytesWritten: number;
}

export class ObjectDamagedError extends Error {
  constructor(
    readonly sha256: string,
    readonly actual: string,
  ) {
    super(`The object ${sha256} is damaged: its content hashes to ${actual}.`);
    this.name = "ObjectDamagedError";
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export function sha256Of(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export class ContentStore {
  readonly counters: StorageCounters = { objectsWritten: 0, objectsReused: 0, bytesWritten: 0 };

  constructor(readonly store: ObjectStore) {}

  /** Stores a file; `knownSha256` (an LFS oid) skips hashing when the object is already there. */
  async putFile(file: string, knownSha256?: string): Promise<string> {
    if (knownSha256 && (await this.store.has(contentKey(knownSha256)))) {
      this.counters.objectsReused++;
      return knownSha256;
    }
    const sha = await sha256OfFile(file);
    if (knownSha256 && sha !== knownSha256) throw new ObjectDamagedError(knownSha256, sha);
    return this.putHashed(sha, [{ file }]);
  }

  /**
   * Stores a file nothing will ever write into again (a pack git received): a store on the same
   * file system takes it as a hard link, so its bytes are read once (to hash) and never written.
   */
  async putImmutableFile(file: string): Promise<string> {
    const sha = await sha256OfFile(file);
    if (!linksFiles(this.store)) return this.putHashed(sha, [{ file }]);
    // linkOnce answers false (reused) when the object is there already.
    this.count(await this.store.linkOnce(contentKey(sha), file), await sizeOf({ file }));
    return sha;
  }

  private async putHashed(sha: string, parts: ObjectPart[]): Promise<string> {
    if (await this.store.has(contentKey(sha))) {
      this.counters.objectsReused++;
      return sha;
    }
    const source = parts.length === 1 && parts[0] ? parts[0] : { parts };
    this.count(await this.store.putOnce(contentKey(sha), source), await sizeOf(source));
    return sha;
  }

  async putJson(value: unknown): Promise<string> {
    const data = Buffer.from(JSON.stringify(value));
    const sha = sha256Of(data);
    if (await this.store.has(contentKey(sha))) {
      this.counters.objectsReused++;
      return sha;
    }
    this.count(await this.store.putOnce(contentKey(sha), data), data.length);
    return sha;
  }

  /** Bytes written outside content objects (manifests) count towards the run's total too. */
  countWritten(bytes: number): void {
    this.counters.bytesWritten += bytes;
  }

  async getJson<T>(sha256: string): Promise<T> {
    const data = await this.store.get(contentKey(sha256));
    const actual = sha256Of(data);
    if (actual !== sha256) throw new ObjectDamagedError(sha256, actual);
    return JSON.parse(data.toString("utf8")) as T;
  }

  /** Downloads and checks an object into a local file. */
  async download(sha256: string, file: string): Promise<void> {
    await this.store.download(contentKey(sha256), file);
    const actual = await sha256OfFile(file);
    if (actual !== sha256) throw new ObjectDamagedError(sha256, actual);
  }

  private count(written: boolean, bytes: number): void {
    if (written) {
      this.counters.objectsWritten++;
      this.counters.bytesWritten += bytes;
    } else this.counters.objectsReused++;
  }
}
