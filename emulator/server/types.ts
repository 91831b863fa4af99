// The emulator's public shapes (emulator/CONTRACT.md): options, the handle tests hold, fault
// settings, the request log and the host page's boot data.
import type { FixtureUser, OrganizationFixture } from "../fixtures/types";
import type { EntraAuthority } from "../entra";
import type { EmulatorState } from "./state";
import type { AreaHost, OriginName } from "./areas";
import type { RouteTable } from "./http";
import type { RateLimitSettings } from "./rate-limit";

export interface EmulatorOptions {
  /** Object, or path of a fixture JSON; default emulator/fixtures/fabrikam.json. */
  fixture?: OrganizationFixture | string;
  /** Default: the newest out/*.vsix. */
  vsixPath?: string;
  /**
   * 0 = any free port (tests). Defaults 8080 / 8081 / 8443, and 8082–8086 for the separate hosts
   * (extmgmt, vsrm, feeds, pkgs, auditservice), which default to 0 when `host` is 0.
   */
  ports?: { host?: number; extension?: number; entra?: number } & Partial<Record<AreaHost, number>>;
  quiet?: boolean;
  /** Initial fault settings (seed included); default: no faults. */
  faults?: Partial<FaultSettings>;
  /** Whether CORS exposes X-VSS-ResourceTenant to the extension frame; default true. */
  exposeResourceTenant?: boolean;
  /** Lifetime of tokens from POST /_emulator/token; default 3600. */
  tokenLifetimeSeconds?: number;
  /** Largest extension-data document accepted; default 5 MB (larger: 500 MaximumDocumentSizeException). */
  maxDocumentBytes?: number;
  /** Origins besides the extension origin that the REST API answers with CORS. */
  extraCorsOrigins?: string[];
  /** The key app tokens are signed with (HS256); default DEV_EXTENSION_KEY (app-token.ts). */
  extensionKey?: string;
  /** The extension's GUID, the `aud` of app tokens; default DEV_EXTENSION_APP_ID. */
  extensionAppId?: string;
  /**
   * Azure DevOps's origins (host and separate hosts) speak HTTPS with HTTP/2 and HTTP/1.1 by ALPN,
   * as dev.azure.com does, with `certificate`; default false: plain HTTP/1.1 (CONTRACT.md "Protocols").
   */
  https?: boolean;
}

/** Live-changeable settings that are not faults. */
export interface ServerSettings {
  exposeResourceTenant: boolean;
  tokenLifetimeSeconds: number;
  maxDocumentBytes: number;
  /** After each answered page of GET _apis/projects, create and delete this many projects (see EmulatorState.churnProjects). */
  projectsChurn: { create: number; remove: number };
  /** Per-identity budget (docs/platform.md#rate-limits: 200 TSTU / 5 min), delays and blocks: emulator/server/rate-limit.ts. */
  rateLimit: RateLimitSettings;
}

export interface FaultSettings {
  /** Seed of the PRNG behind every `rate*` and jitter draw; setting it restarts the sequence. */
  seed: number;
  latencyMs: number;
  latencyJitterMs: number;
  /** Probability (0..1) that a request is answered 429. */
  rate429: number;
  /** The next N matching requests are answered 429. */
  next429: number;
  /** Retry-After (seconds) on injected 429s. */
  retryAfterSeconds: number;
  rate5xx: number;
  next5xx: number;
  /** Status of injected server errors; default 503. */
  status5xx: number;
  /** Probability that the socket is destroyed without an answer. */
  rateDrop: number;
  nextDrop: number;
  /** Retry-After (seconds) put on successful responses; 0 = off. */
  retryAfterOn200: number;
  /** Faults apply only to REST paths matching this regex (against `/{org}/_apis/...`). */
  pathPattern?: string;
  /** Faults apply only to these methods (upper case). */
  methods?: string[];
  /** While true, every bearer token is refused with 401 (as after a revocation). */
  rejectTokens: boolean;
}

export type FaultKind =
  "latency" | "429" | "5xx" | "drop" | "retry-after-on-200" | "rate-limit" | "rate-limit-delay";

export interface RequestLogEntry {
  seq: number;
  /** Which origin answered: the main host, or a separate one (extmgmt, vsrm, …). */
  origin: OriginName;
  /** The protocol the request came over: "1.1", or "2.0" (HTTP/2, https mode). */
  httpVersion: string;
  method: string;
  /** Path without the query, e.g. `/fabrikam/_apis/projects`. */
  path: string;
  /** Raw query string without `?` ("" when none). */
  query: string;
  /** 0 when the connection was dropped. */
  status: number;
  /** Authenticated user, or null. */
  userId: string | null;
  /** performance.now() (ms, fractional) when the request arrived / the answer was finished. */
  startedAt: number;
  endedAt: number;
  /** The same instants as epoch ms. */
  startedAtEpochMs: number;
  endedAtEpochMs: number;
  fault?: FaultKind;
}

/** A contribution from the packaged manifest; `id` is the full `{publisher}.{extension}.{id}`. */
export interface Contribution {
  id: string;
  type: string;
  description?: string;
  targets: string[];
  properties: Record<string, unknown>;
}

export interface HostBoot {
  organization: { name: string; id: string; tenantId: string };
  hostUrl: string;
  extensionUrl: string;
  entraUrl: string;
  currentUser: { id: string; displayName: string; email: string; descriptor: string };
  users: { id: string; displayName: string; email: string; roles: string[] }[];
  /** Resource area id (lower case) → its locationUrl: what the location service answers. */
  resourceAreas: Record<string, string>;
  extension: {
    publisherId: string;
    extensionId: string;
    version: string;
    baseUri: string;
    scopes: string[];
  };
  contributions: Contribution[];
  route: {
    kind: "org-settings" | "projects" | "project" | "project-settings";
    hubId?: string;
    project?: { id: string; name: string };
  };
  theme: "light" | "dark";
}

export interface EmulatorHandle {
  hostUrl: string;
  extensionUrl: string;
  entraUrl: string;
  /** The fake Entra's self-signed certificate (PEM), for a local backup service to trust. */
  entraCertificate: string;
  /** The self-signed certificate (PEM) of every https origin: Entra's, and Azure DevOps's in https mode. */
  certificate: string;
  organization: { name: string; id: string; tenantId: string };
  orgUrl: string;
  /** The organization's URL on each separate host, e.g. areaUrls.extmgmt (extension data). */
  areaUrls: Record<AreaHost, string>;
  /** Each origin's REST routes (paths relative to `/{org}`). */
  routesOf: Record<OriginName, RouteTable>;
  faults: FaultSettings;
  setFaults(f: Partial<FaultSettings>): void;
  settings: ServerSettings;
  requestLog: RequestLogEntry[];
  clearRequestLog(): void;
  setCurrentUser(userId: string): void;
  /** A token for a user (default: the current one), as POST /_emulator/token gives. */
  issueToken(userId?: string, lifetimeSeconds?: number): string;
  /** An app token (SDK.getAppToken()) for a user (default: the current one): HS256 JWT, app-token.ts. */
  issueAppToken(userId?: string, lifetimeSeconds?: number): string;
  /** The key app tokens are signed with, and their `aud`. */
  extensionKey: string;
  extensionAppId: string;
  /** Invalidates every token issued so far; new ones work. */
  revokeTokens(): void;
  /** Back to the fixture (projects, documents, consents, user, faults, log). */
  reset(): void;
  users: FixtureUser[];
  state: EmulatorState;
  /** The fake Entra authority: `consents`, `issueTokenFor(...)`, `verifyAccessToken(...)`. */
  entra: EntraAuthority;
  stop(): Promise<void>;
}
