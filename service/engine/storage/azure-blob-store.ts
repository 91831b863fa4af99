// An ObjectStore in an Azure Blob container. Write-once with `ifNoneMatch: "*"`: the service
// answers 409 BlobAlreadyExists rather than replace a blob, so objects and manifests are never
// overwritten (immutability policies, where the account has them, add to this; Azurite has none).
import {
  BlobServiceClient,
  ContainerClient,
  RestError,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { streamOf } from "./object-source";
import { ObjectMissingError, type ObjectSource, type ObjectStore } from "./object-store";

export interface BlobDestination {
  /** e.g. https://account.blob.core.windows.net/backups or http://127.0.0.1:10000/devstoreaccount1/backups */
  containerUrl: string;
  /** A connection string (account key) or a SAS token, from the environment; never from a URL. */
  connectionString?: string;
  sasToken?: string;
  /** Folder inside the container. */
  prefix?: string;
}

function containerOf(d: BlobDestination): ContainerClient {
  const url = new URL(d.containerUrl);
  const parts = url.pathname.split("/").filter((s) => s !== "");
  const container = parts[parts.length - 1];
  if (!container) throw new Error(`No container in ${d.containerUrl}`);
  if (d.connectionString) {
    const fields = Object.fromEntries(
      d.connectionString
        .split(";")
        .filter((f) => f.includes("="))
        .map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)]),
    );
    const credential = new StorageSharedKeyCredential(
      String(fields.AccountName),
      String(fields.AccountKey),
    );
    const serviceUrl = d.containerUrl.slice(0, d.containerUrl.lastIndexOf(`/${container}`));
    return new BlobServiceClient(serviceUrl, credential).getContainerClient(container);
  }
  const sas = d.sasToken ? `?${d.sasToken.replace(/^\?/, "")}` : "";
  return new ContainerClient(`${d.containerUrl}${sas}`);
}

/** Block size when uploading a stream (a bundle made of parts): the SDK's default buffer size. */
const UPLOAD_BLOCK_BYTES = 8 * 1024 * 1024;

function statusOf(e: unknown): number | undefined {
  return e instanceof RestError ? e.statusCode : undefined;
}

export class AzureBlobStore implements ObjectStore {
  private readonly container: ContainerClient;
  private readonly prefix: string;
  private ensured: Promise<void> | undefined;

  constructor(private readonly destination: BlobDestination) {
    this.container = containerOf(destination);
    this.prefix = destination.prefix ? `${destination.prefix.replace(/\/$/, "")}/` : "";
  }

  get location(): string {
    return `${this.destination.containerUrl}${this.prefix ? `/${this.prefix}` : ""}`;
  }

  /** Creates the container when the credential may (an account key); a SAS may not, and need not. */
  private ensure(): Promise<void> {
    this.ensured ??= this.destination.connectionString
      ? this.container.createIfNotExists().then(() => undefined)
      : Promise.resolve();
    return this.ensured;
  }

  async putOnce(key: string, source: ObjectSource): Promise<boolean> {
    await this.ensure();
    const blob = this.container.getBlockBlobClient(this.prefix + key);
    const conditions = { conditions: { ifNoneMatch: "*" } };
    try {
      if (Buffer.isBuffer(source)) await blob.uploadData(source, conditions);
      else if ("file" in source) await blob.uploadFile(source.file, conditions);
      else await blob.uploadStream(streamOf(source), UPLOAD_BLOCK_BYTES, 4, conditions);
      return true;
    } catch (e) {
      if (statusOf(e) === 409 || statusOf(e) === 412) return false;
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    await this.ensure();
    return this.container.getBlobClient(this.prefix + key).exists();
  }

  async get(key: string): Promise<Buffer> {
    await this.ensure();
    try {
      return await this.container.getBlobClient(this.prefix + key).downloadToBuffer();
    } catch (e) {
      if (statusOf(e) === 404) throw new ObjectMissingError(key);
      throw e;
    }
  }

  async download(key: string, file: string): Promise<void> {
    await this.ensure();
    try {
      await this.container.getBlobClient(this.prefix + key).downloadToFile(file);
    } catch (e) {
      if (statusOf(e) === 404) throw new ObjectMissingError(key);
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    await this.ensure();
    const out: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: this.prefix + prefix }))
      out.push(blob.name.slice(this.prefix.length));
    return out;
  }
}
