// Where backups live: storage the organization owns (a local folder or an Azure Blob container).
// Every object is written once and never replaced; the engine names content objects by their
// SHA-256 and writes a project's snapshot manifest last, so a run that dies leaves no half snapshot.

/**
 * An object's bytes: in memory, in a file, or several of those one after another (a bundle is its
 * header then the pack git received: stored as they are, never first copied into one file).
 */
export type ObjectPart = Buffer | { file: string };
export type ObjectSource = ObjectPart | { parts: ObjectPart[] };

export interface ObjectStore {
  /** Human-readable location, without credentials. */
  readonly location: string;
  /** Writes `key` once; resolves false (and writes nothing) when it already exists. */
  putOnce(key: string, source: ObjectSource): Promise<boolean>;
  has(key: string): Promise<boolean>;
  /** Rejects with ObjectMissingError when there is no such key. */
  get(key: string): Promise<Buffer>;
  /** Copies an object to a local file (for bundles and LFS objects too large to hold twice). */
  download(key: string, file: string): Promise<void>;
  /** Every key under the prefix, in no particular order. */
  list(prefix: string): Promise<string[]>;
}

/**
 * A store that can hash an object while it writes it and name it after that hash: one read of a
 * large source instead of two (one to hash it, one to write it).
 */
export interface HashNamingStore extends ObjectStore {
  putNamedBySha256(
    source: ObjectSource,
    keyOf: (sha256: string) => string,
  ): Promise<{ sha256: string; written: boolean }>;
}

export function namesByHash(store: ObjectStore): store is HashNamingStore {
  return typeof (store as Partial<HashNamingStore>).putNamedBySha256 === "function";
}

export class ObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`The object ${key} is not in the store.`);
    this.name = "ObjectMissingError";
  }
}

/** `objects/sha256/ab/abcdef…`: content objects, named by their SHA-256. */
export function contentKey(sha256: string): string {
  return `objects/sha256/${sha256.slice(0, 2)}/${sha256}`;
}

export function hashOfContentKey(key: string): string | undefined {
  return /^objects\/sha256\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(key)?.[1];
}
