// REST for the data types beyond Repos and Wikis (Pipelines, Test Plans, Artifacts), through the
// one AdoTransport (Retry-After, backoff). Some areas live on their own host (vsrm, feeds, pkgs):
// their location comes from `{org}/_apis/resourceAreas/{areaId}`, as the api clients find it.
import {
  AdoTransport,
  acceptHeader,
  parseVssJson,
  type TransportEvent,
} from "../../../src/ado/transport";
import { engineTransport, type AuthorizationSource } from "../azure-devops/repos-api";

const API_VERSION = "7.1";

export const AREA_IDS = {
  release: "efc2f575-36ef-48e9-b672-0c6fb4a48ac5",
  packaging: "7ab4e64e-c4d8-4f50-ae73-5ef2e21642a5",
  npm: "4c83cfc1-f33a-477e-a789-29d38ffca52e",
} as const;

export type Query = Record<string, string | number | boolean>;

export class AreaClient {
  readonly transport: AdoTransport;
  private readonly locations = new Map<string, Promise<string>>();

  constructor(
    readonly organizationUrl: string,
    authorization: AuthorizationSource,
    onEvent?: (e: TransportEvent) => void,
  ) {
    this.transport = engineTransport(authorization, onEvent);
  }

  /** The base URL (no trailing slash) of an area: its own host, or the organization's. */
  areaUrl(areaId?: string): Promise<string> {
    const org = this.organizationUrl.replace(/\/$/, "");
    if (!areaId) return Promise.resolve(org);
    let found = this.locations.get(areaId);
    if (!found) {
      found = this.transport
        .requestJson<{ locationUrl?: string }>(`${org}/_apis/resourceAreas/${areaId}`, {
          headers: { Accept: acceptHeader(API_VERSION) },
        })
        .then((a) => (a.locationUrl ?? org).replace(/\/$/, ""));
      this.locations.set(areaId, found);
    }
    return found;
  }

  async url(path: string, query: Query = {}, areaId?: string): Promise<string> {
    const u = new URL(`${await this.areaUrl(areaId)}/${path}`);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async get<T>(path: string, query?: Query, areaId?: string): Promise<T> {
    return this.transport.requestJson<T>(await this.url(path, query, areaId), {
      headers: { Accept: acceptHeader(API_VERSION) },
    });
  }

  /** Every page of a list that continues through the `x-ms-continuationtoken` header. */
  async getAll<T>(path: string, query: Query = {}, areaId?: string): Promise<T[]> {
    const all: T[] = [];
    let token: string | null = null;
    do {
      const url = await this.url(
        path,
        { ...query, ...(token ? { continuationToken: token } : {}) },
        areaId,
      );
      const response = await this.transport.request(url, {
        headers: { Accept: acceptHeader(API_VERSION) },
      });
      const page = parseVssJson<T[] | { value: T[] }>(await response.text());
      all.push(...(Array.isArray(page) ? page : page.value));
      token = response.headers.get("x-ms-continuationtoken");
    } while (token);
    return all;
  }

  async send<T>(
    method: string,
    path: string,
    body: unknown,
    areaId?: string,
    contentType = "application/json",
  ): Promise<T> {
    return this.transport.requestJson<T>(await this.url(path, {}, areaId), {
      method,
      headers: { Accept: acceptHeader(API_VERSION), "Content-Type": contentType },
      body: JSON.stringify(body),
    });
  }

  /**
   * A file's bytes (package content). A Maven file is answered with a 303 to a signed blob URL on
   * another host: fetch follows it and, the origin being another, leaves the Authorization header
   * behind (the Fetch standard's redirect rule; the storage refuses a request that carries one).
   */
  async bytes(path: string, query?: Query, areaId?: string): Promise<Buffer> {
    const response = await this.transport.request(await this.url(path, query, areaId), {
      headers: { Accept: "application/octet-stream" },
    });
    return Buffer.from(await response.arrayBuffer());
  }

  p(project: string): string {
    return encodeURIComponent(project);
  }
}
