// The one client of the backup service (docs/service-api.md): the hub, the project panel and the browser
// popup read and write an organization's scope, history, app profile, connection and consent
// through it, over the shared transport (src/ado/transport.ts: Retry-After, 5xx backoff, one
// token refresh on 401). Wire shapes: src/core/service-api.ts.
import { AdoTransport, type TransportEvent } from "../ado/transport";
import type { AppProfile } from "../core/app-profile";
import type { AuditHistory } from "../core/audit";
import type { Actor, ProjectChange, SettingsChange } from "../core/scope";
import {
  AppProfileConflictError,
  type SaveOptions,
  type SaveResult,
  type ScopeRepository,
  type ScopeSnapshot,
  type StoredAppProfile,
} from "../core/scope-store";
import {
  AZURE_DEVOPS_TOKEN_HEADER,
  type ConsentWire,
  type HistoryPage,
  type OrganizationStateWire,
  type SaveAppProfileRequest,
  type SaveScopeResponse,
  SERVICE_API_VERSION,
  SERVICE_PATHS,
  type StartFlowResponse,
  type StoredAppProfileWire,
} from "../core/service-api";
import { ServiceError, serviceErrorOf } from "./service-error";
import { saveRequestOf, saveResultOf, snapshotOf, storedProfileOf } from "./wire-mapping";

/** How the caller proves who they are: both tokens are asked for again after a 401. */
export interface ServiceCredentials {
  /** The Authorization header's value ("Bearer …"): an app token, or an Entra token. */
  authorization(forceRefresh: boolean): Promise<string>;
  /** The caller's own Azure DevOps token, sent as X-Azure-DevOps-Token. */
  azureDevOpsToken(forceRefresh: boolean): Promise<string>;
}

export interface BackupServiceOptions {
  /** Fixed at packaging (SERVICE_URL), never read at run time from anywhere else. */
  serviceUrl: string;
  /** The organization's name, as in https://dev.azure.com/{organization}. */
  organization: string;
  credentials: ServiceCredentials;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onEvent?: (e: TransportEvent) => void;
  maxAttempts?: number;
}

/** The most history pages one load follows (newest first); the hub shows them ten at a time. */
const MAX_HISTORY_PAGES = 10;
const HISTORY_PAGE_SIZE = 200;
/** Headers the transport adds for Azure DevOps; the service needs neither (nor its CORS list). */
const ADO_ONLY_HEADERS = ["X-TFS-FedAuthRedirect", "X-VSS-ReauthenticationAction"];

export class BackupServiceClient implements ScopeRepository {
  private readonly transport: AdoTransport;
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  /** The X-Azure-DevOps-Token of the attempt being sent (asked for with its Authorization). */
  private azureDevOpsToken = "";
  /** One GET /state in flight is shared by everything asked meanwhile (the access gate, load). */
  private stateInFlight: Promise<OrganizationStateWire> | undefined;

  constructor(private readonly options: BackupServiceOptions) {
    this.base = `${options.serviceUrl.replace(/\/+$/, "")}/api/${SERVICE_API_VERSION}/organizations/${encodeURIComponent(options.organization)}`;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.transport = new AdoTransport({
      authorizationHeader: async (forceRefresh) => {
        const [authorization, adoToken] = await Promise.all([
          options.credentials.authorization(forceRefresh),
          options.credentials.azureDevOpsToken(forceRefresh),
        ]);
        this.azureDevOpsToken = adoToken;
        return authorization;
      },
      fetch: (input, init) => this.send(input, init),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
  }

  /** Everything the overview needs, in one request; concurrent callers share it. */
  state(): Promise<OrganizationStateWire> {
    if (!this.stateInFlight) {
      const request = this.call<OrganizationStateWire>("GET", SERVICE_PATHS.state);
      this.stateInFlight = request;
      const done = (): void => {
        if (this.stateInFlight === request) this.stateInFlight = undefined;
      };
      request.then(done, done);
    }
    return this.stateInFlight;
  }

  async load(): Promise<ScopeSnapshot> {
    return snapshotOf(await this.state());
  }

  /** Whether the service found the caller to be a Project Collection Administrator. */
  async isCollectionAdmin(): Promise<boolean> {
    return (await this.state()).caller.isCollectionAdmin;
  }

  /** The organization's Entra tenant as the service established it. */
  async tenant(): Promise<{ kind: "entra"; tenantId: string } | { kind: "none" }> {
    const { tenantId } = await this.state();
    return tenantId ? { kind: "entra", tenantId } : { kind: "none" };
  }

  async loadHistory(): Promise<AuditHistory> {
    const records: AuditHistory["records"] = [];
    let before: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
      if (before) query.set("before", before);
      const answer = await this.call<HistoryPage>("GET", `${SERVICE_PATHS.history}?${query}`);
      if (!Array.isArray(answer?.records)) throw badResponse("the history");
      records.push(...answer.records);
      before = answer.next;
      if (!before) break;
    }
    return { records, unreadable: 0 };
  }

  /** Saves changes made against `base`; the service records who made them and when. */
  async save(
    base: ScopeSnapshot,
    changes: readonly ProjectChange[],
    settingsChange: SettingsChange | undefined,
    options: SaveOptions,
  ): Promise<SaveResult> {
    const request = saveRequestOf(base, changes, settingsChange, options.opId);
    const answer = await this.call<SaveScopeResponse>("POST", SERVICE_PATHS.scopeChanges, request);
    if (!answer?.scope || !Array.isArray(answer.applied) || !Array.isArray(answer.conflicts))
      throw badResponse("the save");
    return saveResultOf(answer, base);
  }

  /** Throws AppProfileConflictError, with what is stored now, when someone changed it meanwhile. */
  async saveAppProfile(
    current: StoredAppProfile,
    profile: AppProfile,
    options: { actor: Actor; opId: string },
  ): Promise<StoredAppProfile> {
    const seenOpId = current.setting.opId;
    const request: SaveAppProfileRequest = {
      opId: options.opId,
      ...(seenOpId ? { seenOpId } : {}),
      profile:
        profile.kind === "custom"
          ? { kind: "custom", clientId: profile.clientId }
          : { kind: "service" },
    };
    try {
      const stored = await this.call<StoredAppProfileWire>(
        "PUT",
        SERVICE_PATHS.appProfile,
        request,
      );
      return storedProfileOf(stored);
    } catch (e) {
      if (!(e instanceof ServiceError && e.code === "appProfileConflict")) throw e;
      // The conflict's body names theirs, but the transport keeps only code and message: read
      // what is stored now (one GET, only on a conflict).
      const now = await this.state();
      throw new AppProfileConflictError(storedProfileOf(now.appProfile));
    }
  }

  /** The sign-in URL that connects the organization (a PCA opens it in a new window). */
  startConnection(): Promise<StartFlowResponse> {
    return this.call<StartFlowResponse>("POST", SERVICE_PATHS.connectionStart, {});
  }

  /** The admin-consent link for a Global Administrator; Entra redirects to the service's page. */
  startConsent(tenantId?: string): Promise<StartFlowResponse> {
    return this.call<StartFlowResponse>(
      "POST",
      SERVICE_PATHS.consentStart,
      tenantId ? { tenantId } : {},
    );
  }

  /** The service asks Entra again whether the tenant has consented. */
  checkConsent(): Promise<ConsentWire> {
    return this.call<ConsentWire>("POST", SERVICE_PATHS.consentCheck, {});
  }

  /** One request to a path of the organization's API (also used by backup-runs.ts). */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      return await this.transport.requestJson<T>(`${this.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw serviceErrorOf(e);
    }
  }

  /**
   * The transport's fetch: adds the caller's Azure DevOps token, and carries an error body's
   * `code` in `typeKey`, which the transport keeps on its error (service-error.ts reads it back).
   */
  private async send(input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response> {
    const headers = new Headers(init?.headers);
    for (const name of ADO_ONLY_HEADERS) headers.delete(name);
    headers.set(AZURE_DEVOPS_TOKEN_HEADER, this.azureDevOpsToken);
    const response = await this.fetchImpl(input, { ...init, headers });
    if (response.ok) return response;
    const text = await response.text().catch(() => "");
    let body: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON (a proxy's page): the status says what there is to say.
    }
    if (typeof body.code === "string") body.typeKey = body.code;
    const kept = new Headers({ "Content-Type": "application/json" });
    for (const name of ["Retry-After", "X-RateLimit-Delay"]) {
      const value = response.headers.get(name);
      if (value !== null) kept.set(name, value);
    }
    return new Response(JSON.stringify(body), {
      status: response.status,
      statusText: response.statusText,
      headers: kept,
    });
  }
}

/** An answer of the service that is not the shape the contract says (another version?). */
export function badResponse(what: string): ServiceError {
  return new ServiceError(
    "badResponse",
    200,
    `The backup service's answer to ${what} could not be read. Try again; if it persists, the service may be a different version.`,
  );
}
