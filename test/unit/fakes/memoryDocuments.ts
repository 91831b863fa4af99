import {
  type DocumentPort,
  DocumentExistsError,
  StaleDocumentError,
} from "../../../src/core/documents";
import type { StoredDocument } from "../../../src/core/scopeSchema";

/** Extension data documents in memory, with the service's etag rules. */
export class MemoryDocuments implements DocumentPort {
  readonly collections = new Map<string, Map<string, StoredDocument>>();
  writes = 0;
  /** When set, the next write is applied but its answer is "lost" (throws like a dropped connection). */
  loseNextAnswer = false;

  private coll(name: string): Map<string, StoredDocument> {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new Map()));
    return c;
  }

  async listDocuments(collection: string): Promise<StoredDocument[]> {
    return [...(this.collections.get(collection)?.values() ?? [])].map((d) => structuredClone(d));
  }

  async getDocument(collection: string, id: string): Promise<StoredDocument | undefined> {
    const d = this.collections.get(collection)?.get(id);
    return d ? structuredClone(d) : undefined;
  }

  async createDocument(
    collection: string,
    doc: { id: string } & Record<string, unknown>,
  ): Promise<StoredDocument> {
    this.writes++;
    const c = this.coll(collection);
    if (c.has(doc.id)) throw new DocumentExistsError(doc.id);
    const stored = { ...structuredClone(doc), __etag: 1 } as StoredDocument;
    c.set(doc.id, stored);
    return this.answer(stored);
  }

  async replaceDocument(collection: string, doc: StoredDocument): Promise<StoredDocument> {
    this.writes++;
    const c = this.coll(collection);
    const existing = c.get(doc.id);
    if (existing && existing.__etag !== doc.__etag) throw new StaleDocumentError(doc.id);
    const stored = { ...structuredClone(doc), __etag: (existing?.__etag ?? 0) + 1 };
    c.set(doc.id, stored);
    return this.answer(stored);
  }

  /** Writes a raw document as a broken or foreign writer would. */
  put(collection: string, doc: Record<string, unknown> & { id: string }): void {
    const c = this.coll(collection);
    c.set(doc.id, { ...doc, __etag: (c.get(doc.id)?.__etag ?? 0) + 1 });
  }

  private answer(d: StoredDocument): StoredDocument {
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error("connection dropped");
    }
    return structuredClone(d);
  }
}
