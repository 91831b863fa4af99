// The signed-in user's sessions, one per organization, and the clients built on them. The one
// state kept between messages is the organizations' tenants (asked once, asked again after a
// failure); tokens live in the TokenCache (storage.session), never here. A token is only ever
// sent to an organization URL the popup could have read from a tab, or to the backup service.
import type { TenantInfo } from "../../src/ado/organization";
import { AdoTransport } from "../../src/ado/transport";
import type { TabsApi } from "../../src/browser/browser-api";
import { type EntraSignIn, SignInError, backupServiceToken } from "../../src/browser/entra-sign-in";
import { OrganizationBackup } from "../../src/browser/organization-backup";
import type { SignInSettingsStore } from "../../src/browser/sign-in-settings";
import { tabContextOf } from "../../src/browser/tab-context";
import type { SignInKey, SignInSession, TokenCache } from "../../src/browser/token-cache";
import { BackupRunsClient } from "../../src/service/backup-runs";
import { BackupServiceClient } from "../../src/service/backup-service";
import { fail } from "./failures";

export interface BackgroundDeps {
  browser: TabsApi;
  settings: SignInSettingsStore;
  tokens: TokenCache;
  entra: EntraSignIn;
  /** The backup service, fixed at build time (src/service/service-url.ts); "" when none. */
  serviceUrl: string;
  tenantOf: (orgUrl: string) => Promise<TenantInfo>;
  fetch?: typeof fetch;
  newOpId: () => string;
}

/** A signed-in user of one organization: the key their tokens are stored under, and the session. */
export interface SignedIn {
  key: SignInKey;
  session: SignInSession;
}

type AdoToken = (forceRefresh: boolean) => Promise<string>;

export class OrganizationSessions {
  private readonly tenants = new Map<string, Promise<TenantInfo>>();

  constructor(readonly deps: BackgroundDeps) {}

  /** Tokens are only ever sent to an organization URL the popup could have read from a tab. */
  organizationUrl(orgUrl: string): string {
    if (tabContextOf(orgUrl)?.orgUrl !== orgUrl) {
      throw fail("not-azure-devops", `${orgUrl} is not an Azure DevOps organization address.`);
    }
    return orgUrl;
  }

  private tenant(orgUrl: string): Promise<TenantInfo> {
    let tenant = this.tenants.get(orgUrl);
    if (!tenant) {
      tenant = this.deps.tenantOf(orgUrl);
      this.tenants.set(orgUrl, tenant);
      tenant.catch(() => this.tenants.delete(orgUrl)); // ask again next time
    }
    return tenant;
  }

  async signInKey(orgUrl: string): Promise<SignInKey> {
    const info = await this.tenant(this.organizationUrl(orgUrl));
    if (info.kind === "none") {
      throw fail(
        "no-tenant",
        "This organization is not connected to Microsoft Entra ID, so the backup service cannot sign in to it. Connect it to a tenant in Organization settings → Microsoft Entra.",
      );
    }
    if (info.kind === "unknown") {
      throw fail(
        "no-tenant",
        "Azure DevOps did not say which Microsoft Entra tenant this organization belongs to.",
      );
    }
    const { authority, clientId } = await this.deps.settings.load();
    return { authority, tenantId: info.tenantId, clientId, organization: orgUrl };
  }

  /** A valid session: the cached one, or one renewed with its refresh token; undefined when signed out. */
  async currentSession(key: SignInKey, force = false): Promise<SignInSession | undefined> {
    if (!force) {
      const valid = await this.deps.tokens.accessToken(key);
      if (valid) return valid;
    }
    const stored = await this.deps.tokens.session(key);
    if (!stored?.refreshToken) return undefined;
    try {
      const renewed = await this.deps.entra.renew(key, stored);
      await this.deps.tokens.save(key, renewed);
      return renewed;
    } catch (e) {
      if (e instanceof SignInError && e.problem === "refused") {
        await this.deps.tokens.forget(key); // the refresh token is no longer good: sign in again
        return undefined;
      }
      throw e;
    }
  }

  /** The signed-in user of the organization; "signed-out" in words when there is none. */
  async signedIn(orgUrl: string): Promise<SignedIn> {
    const key = await this.signInKey(orgUrl);
    const session = await this.currentSession(key);
    if (!session)
      throw fail("signed-out", "Sign in to see and change this organization's backup scope.");
    return { key, session };
  }

  /** The user's Azure DevOps token, renewed when Azure DevOps refuses it. */
  private adoTokenOf({ key, session: first }: SignedIn): AdoToken {
    let session = first;
    return async (forceRefresh) => {
      if (forceRefresh) {
        const renewed = await this.currentSession(key, true);
        if (!renewed) throw fail("signed-out", "Your sign-in has expired. Sign in again.");
        session = renewed;
      }
      return session.accessToken;
    };
  }

  /** The backup service's client for the organization, with the user's two tokens. */
  private serviceFor(orgUrl: string, key: SignInKey, adoToken: AdoToken): BackupServiceClient {
    const { deps } = this;
    if (!deps.serviceUrl)
      throw fail("unavailable", "This build of the extension names no backup service.");
    return new BackupServiceClient({
      serviceUrl: deps.serviceUrl,
      organization: new URL(orgUrl).pathname.split("/").filter(Boolean)[0] ?? "",
      credentials: {
        // An Entra token for the service's own API, from the same sign-in (src/browser).
        authorization: async (forceRefresh) => {
          const token = await backupServiceToken(deps, key, { forceRefresh });
          if (!token) throw fail("signed-out", "Your sign-in has expired. Sign in again.");
          return `Bearer ${token}`;
        },
        azureDevOpsToken: adoToken,
      },
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  }

  /** The organization's scope over the backup service, and its projects from Azure DevOps. */
  backupFor(orgUrl: string, user: SignedIn): OrganizationBackup {
    const adoToken = this.adoTokenOf(user);
    const transport = new AdoTransport({
      authorizationHeader: async (forceRefresh) => `Bearer ${await adoToken(forceRefresh)}`,
      fetch: this.deps.fetch,
    });
    return new OrganizationBackup(orgUrl, transport, this.serviceFor(orgUrl, user.key, adoToken));
  }

  /** The organization's backup runs (last backups, Back up now, progress) on the backup service. */
  runsFor(orgUrl: string, user: SignedIn): BackupRunsClient {
    return new BackupRunsClient(this.serviceFor(orgUrl, user.key, this.adoTokenOf(user)));
  }
}
