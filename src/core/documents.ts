// The port through which the scope store reads and writes documents. The Azure DevOps adapter
// implements it over the extension data REST API; tests implement it in memory.
import type { StoredDocument } from "./scopeSchema";

export interface DocumentPort {
  /** Every document of a collection; an empty list when the collection does not exist yet. */
  listDocuments(collection: string): Promise<StoredDocument[]>;
  /** One document, or undefined when it does not exist. */
  getDocument(collection: string, id: string): Promise<StoredDocument | undefined>;
  /** Creates a document; throws DocumentExistsError when one with that id exists. */
  createDocument(
    collection: string,
    doc: { id: string } & Record<string, unknown>,
  ): Promise<StoredDocument>;
  /** Replaces a document if its `__etag` is still current; throws StaleDocumentError otherwise. */
  replaceDocument(collection: string, doc: StoredDocument): Promise<StoredDocument>;
}

export class StaleDocumentError extends Error {
  constructor(readonly documentId: string) {
    super(`Document ${documentId} was changed by someone else since it was read.`);
    this.name = "StaleDocumentError";
  }
}

export class DocumentExistsError extends Error {
  constructor(readonly documentId: string) {
    super(`Document ${documentId} already exists.`);
    this.name = "DocumentExistsError";
  }
}

export class DocumentTooLargeError extends Error {
  constructor(
    readonly documentId: string,
    detail: string,
  ) {
    super(`The backup scope is too large to store (${documentId}): ${detail}`);
    this.name = "DocumentTooLargeError";
  }
}
