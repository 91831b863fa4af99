// The scope store's documents, kept in the extension data service (DESIGN §3) through the real
// ExtensionManagementRestClient. Maps the service's answers onto the store's typed errors.
import { ExtensionManagementRestClient } from "azure-devops-extension-api/ExtensionManagement";
import {
  type DocumentPort,
  DocumentExistsError,
  DocumentTooLargeError,
  StaleDocumentError,
} from "../core/documents";
import type { StoredDocument } from "../core/scopeSchema";
import { createRestClient } from "./restClients";
import { AdoRequestError, type AdoTransport } from "./transport";

export interface ExtensionIdentity {
  publisherId: string;
  extensionId: string;
}

const SCOPE_TYPE = "Default"; // shared by the whole organization, not per user
const SCOPE_VALUE = "Current";

export class ExtensionDataDocuments implements DocumentPort {
  private readonly client: ExtensionManagementRestClient;

  /** `rootPath`: the ExtensionManagement area's location (extmgmt.dev.azure.com/{org}/), not the organization's URL. */
  constructor(
    transport: AdoTransport,
    rootPath: string | Promise<string>,
    private readonly extension: ExtensionIdentity,
  ) {
    // A failed lookup surfaces on the first call, not as an unhandled rejection before it.
    if (typeof rootPath !== "string") rootPath.catch(() => undefined);
    this.client = createRestClient(ExtensionManagementRestClient, transport, rootPath);
  }

  /** The document collection's address: this extension's organization-wide data. */
  private at(collection: string): [string, string, string, string, string] {
    const { publisherId, extensionId } = this.extension;
    return [publisherId, extensionId, SCOPE_TYPE, SCOPE_VALUE, collection];
  }

  async listDocuments(collection: string): Promise<StoredDocument[]> {
    try {
      return (await this.client.getDocumentsByName(...this.at(collection))) as StoredDocument[];
    } catch (e) {
      if (e instanceof AdoRequestError && e.status === 404) return []; // no collection until the first save
      throw e;
    }
  }

  async getDocument(collection: string, id: string): Promise<StoredDocument | undefined> {
    try {
      return (await this.client.getDocumentByName(...this.at(collection), id)) as StoredDocument;
    } catch (e) {
      if (e instanceof AdoRequestError && e.status === 404) return undefined;
      throw e;
    }
  }

  async createDocument(
    collection: string,
    doc: { id: string } & Record<string, unknown>,
  ): Promise<StoredDocument> {
    try {
      return (await this.client.createDocumentByName(
        doc,
        ...this.at(collection),
      )) as StoredDocument;
    } catch (e) {
      throw this.typed(e, doc.id, new DocumentExistsError(doc.id));
    }
  }

  async replaceDocument(collection: string, doc: StoredDocument): Promise<StoredDocument> {
    if (doc.__etag === -1)
      throw new Error("Refusing a last-writer-wins write (__etag -1) of the backup scope.");
    try {
      return (await this.client.updateDocumentByName(
        doc,
        ...this.at(collection),
      )) as StoredDocument;
    } catch (e) {
      if (e instanceof AdoRequestError && e.status === 404) throw new StaleDocumentError(doc.id); // deleted meanwhile
      throw this.typed(e, doc.id, new StaleDocumentError(doc.id));
    }
  }

  private typed(e: unknown, id: string, onConflict: Error): unknown {
    if (!(e instanceof AdoRequestError)) return e;
    // Azure DevOps answers a stale __etag and an existing id with 400 and these type keys, and a
    // document over its size limit (about 5 MB) with 500 MaximumDocumentSizeException.
    if (e.typeKey === "InvalidDocumentVersionException" || e.typeKey === "DocumentExistsException")
      return onConflict;
    if (e.typeKey === "MaximumDocumentSizeException")
      return new DocumentTooLargeError(id, e.message);
    return e;
  }
}
