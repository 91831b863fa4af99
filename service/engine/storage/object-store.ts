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
 * A store that can take a local file as an object without copying its bytes: a hard link when the
 * store is on the same file system. Only for files nothing ever writes into again (a pack git
 * received: git never changes a pack in place, a repack writes new files and unlinks old names).
 */
export interface LinkingStore extends ObjectStore {
  /** Like putOnce for one immutable file: a link when it can be one, else a copy. */
  linkOnce(key: string, file: string): Promise<boolean>;
}

export function linksFiles(store: ObjectStore): store is LinkingStore {
  return typeof (store as Partial<LinkingStore>).linkOnce === "function";
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
