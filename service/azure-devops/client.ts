// The few Azure DevOps REST calls the service makes with the CALLER's own token (docs/platform.md):
// who the token belongs to and the organization's tenant (connectionData), whether the caller is a
// Project Collection Administrator (permissions), where extension management lives
// (resourceAreas) and, once per organization, the old extension-data documents (import).
// Organization URL = `${AZURE_DEVOPS_URL}/${organization}`; Azure DevOps Server and the emulator
// use the same shape.
import { NO_TENANT } from "../../src/core/entra-tenant";

const API_VERSION = "7.1";
const ACCEPT = `application/json;api-version=${API_VERSION};excludeUrls=true;noArrayWrap=true`;
/** Security namespace "Collection"; bit 2 GENERIC_WRITE ("edit instance-level information"). */
export const COLLECTION_NAMESPACE = "3e65f728-f8bc-4ecd-8764-7e378b19bfa7";
const GENERIC_WRITE = 2;
export const EXTENSION_MANAGEMENT_AREA = "6c2b0933-3600-42ae-bf8b-93d4f7e83594";

/** Azure DevOps refused the token (401/403) or answered something unusable. */
export class AzureDevOpsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AzureDevOpsError";
  }
  get refusedToken(): boolean {
    return this.status === 401 || this.status === 203;
  }
}

export interface ConnectedUser {
  id: string;
  displayName: string;
  /** `ClaimsIdentity;{tenant}\{upn}` for Entra-backed users. */
  descriptor: string;
  /** From the descriptor, when it names an Entra tenant. */
  upn?: string;
  descriptorTenant?: string;
}

export interface ConnectionData {
  user: ConnectedUser;
  /** X-VSS-ResourceTenant (first non-zero value), else the descriptor's tenant; absent: MSA. */
  tenantId?: string;
}

export interface AzureDevOpsClient {
  connectionData(organization: string, token: string): Promise<ConnectionData>;
  isCollectionAdmin(organization: string, token: string): Promise<boolean>;
  /** Documents of an extension-data collection ([] when it does not exist). */
  extensionDocuments(
    organization: string,
    token: string,
    extensionId: string,
    collection: string,
  ): Promise<unknown[]>;
}

export function firstTenant(header: string | null): string | undefined {
  return (header ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .find((v) => v !== "" && v !== NO_TENANT);
}

/** `Microsoft.IdentityModel.Claims.ClaimsIdentity;{tenant}\{upn}` → its tenant and UPN. */
export function parseDescriptor(descriptor: string): { tenant?: string; upn?: string } {
  const m = /ClaimsIdentity;([^\\]+)\\(.+)$/.exec(descriptor);
  if (!m) return {};
  const tenant = (m[1] as string).toLowerCase();
  return { ...(tenant === NO_TENANT ? {} : { tenant }), upn: (m[2] as string).toLowerCase() };
}

interface Identity {
  id?: unknown;
  descriptor?: unknown;
  providerDisplayName?: unknown;
  customDisplayName?: unknown;
}

export function createAzureDevOpsClient(
  baseUrl: string,
  fetchImpl: typeof fetch = fetch,
): AzureDevOpsClient {
  const orgUrl = (organization: string) => `${baseUrl}/${encodeURIComponent(organization)}`;

  async function get(url: string, token: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: ACCEPT },
        redirect: "manual", // a sign-in redirect (302/203) means the token was refused
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new AzureDevOpsError(0, `Azure DevOps could not be reached: ${(e as Error).message}`);
    }
    if (res.status === 401 || res.status === 203 || (res.status >= 300 && res.status < 400))
      throw new AzureDevOpsError(401, "Azure DevOps did not accept the caller's token.");
    if (!res.ok)
      throw new AzureDevOpsError(
        res.status,
        `Azure DevOps answered ${res.status} for ${new URL(url).pathname}.`,
      );
    return res;
  }

  async function json<T>(res: Response): Promise<T> {
    try {
      return (await res.json()) as T;
    } catch {
      throw new AzureDevOpsError(502, "Azure DevOps answered with something that is not JSON.");
    }
  }

  // Where an organization's extension management lives is the same for every caller: asked once,
  // and first alongside a caller's connectionData, so the one-time import of extension data on a
  // PCA's first read waits one round less (the lookup reveals nothing: it needs no credentials).
  const extensionManagementBases = new Map<string, Promise<string>>();
  function extensionManagementBase(organization: string, token: string): Promise<string> {
    const known = extensionManagementBases.get(organization);
    if (known) return known;
    const base = get(
      `${orgUrl(organization)}/_apis/resourceAreas/${EXTENSION_MANAGEMENT_AREA}`,
      token,
    )
      .then((res) => json<{ locationUrl?: unknown }>(res))
      .then((area) =>
        typeof area.locationUrl === "string"
          ? area.locationUrl.replace(/\/+$/, "")
          : orgUrl(organization),
      );
    extensionManagementBases.set(organization, base);
    base.catch(() => extensionManagementBases.delete(organization)); // asked again next time
    return base;
  }

  return {
    async connectionData(organization, token) {
      void extensionManagementBase(organization, token).catch(() => undefined);
      const res = await get(`${orgUrl(organization)}/_apis/connectionData`, token);
      const body = await json<{ authenticatedUser?: Identity }>(res);
      const u = body.authenticatedUser;
      if (
        typeof u?.id !== "string" ||
        typeof u.descriptor !== "string" ||
        /^System:PublicAccess/.test(u.descriptor)
      )
        throw new AzureDevOpsError(401, "Azure DevOps did not recognise the caller's token.");
      const parsed = parseDescriptor(u.descriptor);
      const displayName =
        typeof u.customDisplayName === "string" && u.customDisplayName
          ? u.customDisplayName
          : typeof u.providerDisplayName === "string"
            ? u.providerDisplayName
            : u.id;
      const tenantId = firstTenant(res.headers.get("x-vss-resourcetenant")) ?? parsed.tenant;
      return {
        user: {
          id: u.id.toLowerCase(),
          displayName,
          descriptor: u.descriptor,
          ...(parsed.upn ? { upn: parsed.upn } : {}),
          ...(parsed.tenant ? { descriptorTenant: parsed.tenant } : {}),
        },
        ...(tenantId ? { tenantId } : {}),
      };
    },

    async isCollectionAdmin(organization, token) {
      const url =
        `${orgUrl(organization)}/_apis/permissions/${COLLECTION_NAMESPACE}/${GENERIC_WRITE}` +
        `?tokens=NAMESPACE&alwaysAllowAdministrators=false&delimiter=,`;
      const body = await json<unknown>(await get(url, token));
      const values = Array.isArray(body) ? body : (body as { value?: unknown }).value;
      if (!Array.isArray(values) || typeof values[0] !== "boolean")
        throw new AzureDevOpsError(
          502,
          "Azure DevOps answered the permission check in an unknown shape.",
        );
      return values[0];
    },

    async extensionDocuments(organization, token, extensionId, collection) {
      const base = await extensionManagementBase(organization, token);
      const [publisher, extension] = extensionId.split(".");
      const url =
        `${base}/_apis/ExtensionManagement/InstalledExtensions/${publisher}/${extension}` +
        `/Data/Scopes/Default/Current/Collections/${encodeURIComponent(collection)}/Documents`;
      let res: Response;
      try {
        res = await get(url, token);
      } catch (e) {
        if (e instanceof AzureDevOpsError && e.status === 404) return []; // never saved: no collection
        throw e;
      }
      const body = await json<unknown>(res);
      const docs = Array.isArray(body) ? body : (body as { value?: unknown }).value;
      if (!Array.isArray(docs))
        throw new AzureDevOpsError(502, "Extension data answered in an unknown shape.");
      return docs;
    },
  };
}
