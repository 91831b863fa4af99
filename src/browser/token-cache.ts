// Signed-in sessions, kept in `storage.session` only (docs/architecture.md#security-rules): memory that the browser clears
// when it closes, shared by the background's restarts, never written to disk or synced.
import type { SessionStorageApi } from "./browser-api";
import { BUILD_VARIANT, type BrowserVariant } from "./browser-variant";
import { tabContextOf } from "./tab-context";

export interface SignedInAccount {
  /** The user's object id in the tenant (`oid`). */
  id: string;
  name: string;
  username: string;
}

export interface SignInSession {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  refreshToken?: string;
  account: SignedInAccount;
}

/**
 * Which sign-in a session belongs to. A token from one authority, tenant or app is no use for
 * another, and a token obtained for one organization is never handed out for another: Entra's
 * Azure DevOps token is good for every organization of the tenant, so the cache binds it to the one
 * the user signed in for (its root URL: origin and name).
 */
export interface SignInKey {
  authority: string;
  tenantId: string;
  clientId: string;
  /** The organization's root URL as tabContextOf gives it, e.g. `https://dev.azure.com/fabrikam/`. */
  organization: string;
}

/** What a cached token is for: Azure DevOps, or another API (e.g. `api://{client id}` of the backup service). */
export const AZURE_DEVOPS_AUDIENCE = "azure-devops";

/** A token this close to its expiry is treated as expired, so a request does not fail mid-way. */
export const EXPIRY_MARGIN_MS = 2 * 60_000;
const PREFIX = "signin:";

/** A sign-in asked for, or a token about to be sent, outside the organization it belongs to. */
export class OrganizationBoundaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OrganizationBoundaryError";
  }
}

/** The organization's name and the shape of its URLs, from its root URL; undefined if it is none. */
function organizationOf(
  organization: string,
  variant: BrowserVariant,
): { name: string; local: boolean } | undefined {
  const context = tabContextOf(organization, variant);
  if (context?.orgUrl !== organization) return undefined;
  return { name: context.organization.toLowerCase(), local: organization.startsWith("http:") };
}

/**
 * Whether a request to `url` stays inside the organization: Azure DevOps serves it from
 * `dev.azure.com/{org}`, `{area}.dev.azure.com/{org}` (extmgmt, vsrm, feeds, pkgs,
 * auditservice), `{org}.visualstudio.com` and `{org}.{area}.visualstudio.com` (docs/platform.md#hosts-and-resource-areas). The
 * emulated organization (development variant) serves its areas from other ports of a local host.
 */
export function isInOrganization(
  organization: string,
  url: string,
  variant: BrowserVariant = BUILD_VARIANT,
): boolean {
  const org = organizationOf(organization, variant);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!org || u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  const firstSegment = u.pathname.split("/")[1]?.toLowerCase();
  if (org.local) {
    return u.protocol === "http:" && variant.localHosts.includes(host) && firstSegment === org.name;
  }
  if (u.protocol !== "https:" || u.port !== "") return false;
  if (host === "dev.azure.com" || /^[a-z0-9-]+\.dev\.azure\.com$/.test(host)) {
    return firstSegment === org.name;
  }
  if (host.endsWith(".visualstudio.com")) {
    // "fabrikam" or "fabrikam.vsrm": the organization's own host, or one of its area hosts.
    const [first, ...area] = host.slice(0, -".visualstudio.com".length).split(".");
    return first === org.name && area.length <= 1 && area.every((a) => /^[a-z0-9-]+$/.test(a));
  }
  return false;
}

/** Headers that carry the organization's tokens. */
const TOKEN_HEADERS = ["Authorization", "X-Azure-DevOps-Token"];

function carriesToken(input: RequestInfo | URL, init?: RequestInit): boolean {
  const headers = new Headers(
    init?.headers ?? (typeof input === "object" && "headers" in input ? input.headers : undefined),
  );
  return TOKEN_HEADERS.some((h) => (headers.get(h) ?? "").trim() !== "");
}

function urlOf(input: RequestInfo | URL): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

/**
 * A fetch for one organization's requests that refuses, before sending, any request carrying a
 * token to an address outside the organization, except the origins named in `alsoTo` (the backup
 * service fixed at build time, which is sent the Azure DevOps token by design). Requests without a
 * token (the anonymous tenant lookup) go anywhere the browser lets them.
 */
export function organizationFetch(
  organization: string,
  fetchImpl: typeof fetch,
  options: { alsoTo?: readonly string[]; variant?: BrowserVariant } = {},
): typeof fetch {
  const variant = options.variant ?? BUILD_VARIANT;
  const allowed = new Set((options.alsoTo ?? []).filter(Boolean).map((u) => new URL(u).origin));
  return async (input, init) => {
    const url = urlOf(input);
    if (carriesToken(input, init) && !isInOrganization(organization, url, variant)) {
      let origin = "";
      try {
        origin = new URL(url).origin;
      } catch {
        // not a URL: refused below like any other address outside the organization
      }
      if (!allowed.has(origin)) {
        throw new OrganizationBoundaryError(
          `A request to ${origin || "an address"} was stopped: it is outside ${organization}, and would have carried your sign-in.`,
        );
      }
    }
    return fetchImpl(input, init);
  };
}

export function cacheKeyOf(
  key: SignInKey,
  audience: string = AZURE_DEVOPS_AUDIENCE,
  variant: BrowserVariant = BUILD_VARIANT,
): string {
  if (!organizationOf(key.organization, variant)) {
    throw new OrganizationBoundaryError(
      `${key.organization} is not an Azure DevOps organization: no sign-in is kept for it.`,
    );
  }
  return `${prefixOf(key)}${audience.toLowerCase()}`;
}

/** Every token of one sign-in (all audiences) starts with this. */
function prefixOf(key: SignInKey): string {
  const authority = key.authority.replace(/\/+$/, "").toLowerCase();
  return `${PREFIX}${authority}|${key.tenantId.toLowerCase()}|${key.clientId.toLowerCase()}|${key.organization.toLowerCase()}#`;
}

function isSession(value: unknown): value is SignInSession {
  const v = value as Partial<SignInSession> | undefined;
  return (
    typeof v?.accessToken === "string" &&
    typeof v.expiresAt === "number" &&
    typeof v.account?.id === "string" &&
    typeof v.account.name === "string"
  );
}

export class TokenCache {
  constructor(
    private readonly browser: SessionStorageApi,
    private readonly now: () => number = Date.now,
    private readonly variant: BrowserVariant = BUILD_VARIANT,
  ) {}

  /** The stored session, whether or not its access token is still valid (its refresh token may be). */
  async session(
    key: SignInKey,
    audience: string = AZURE_DEVOPS_AUDIENCE,
  ): Promise<SignInSession | undefined> {
    const k = cacheKeyOf(key, audience, this.variant);
    const stored = (await this.browser.storage.session.get(k))[k];
    return isSession(stored) ? stored : undefined;
  }

  /** An access token that is valid for at least EXPIRY_MARGIN_MS more, if there is one. */
  async accessToken(
    key: SignInKey,
    audience: string = AZURE_DEVOPS_AUDIENCE,
  ): Promise<SignInSession | undefined> {
    const s = await this.session(key, audience);
    return s && s.expiresAt - EXPIRY_MARGIN_MS > this.now() ? s : undefined;
  }

  /**
   * The Azure DevOps access token for a request to `url`, only if that request stays inside the
   * organization the token was obtained for: a page or address of another origin gets nothing.
   */
  async accessTokenFor(key: SignInKey, url: string): Promise<SignInSession | undefined> {
    if (!isInOrganization(key.organization, url, this.variant)) return undefined;
    return this.accessToken(key);
  }

  async save(
    key: SignInKey,
    session: SignInSession,
    audience: string = AZURE_DEVOPS_AUDIENCE,
  ): Promise<void> {
    await this.browser.storage.session.set({ [cacheKeyOf(key, audience, this.variant)]: session });
  }

  /** Signs out of one organization: every token of that sign-in, whatever its audience. */
  async forget(key: SignInKey): Promise<void> {
    cacheKeyOf(key, AZURE_DEVOPS_AUDIENCE, this.variant); // refuses a key that is no organization
    const prefix = prefixOf(key);
    const stored = Object.keys(await this.browser.storage.session.get(null));
    const mine = stored.filter((k) => k.startsWith(prefix));
    if (mine.length > 0) await this.browser.storage.session.remove(mine);
  }
}
