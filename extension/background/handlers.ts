// The background's message handlers: one typed map (the popup and options pages share its
// request and response types), one dispatcher that refuses unknown messages and logs failures.
import type { Runtime } from "webextension-polyfill";
import type { TenantInfo } from "../../src/ado/organization";
import { AdoRequestError, AdoTransport, AdoUnavailableError } from "../../src/ado/transport";
import { ScopeSaveError } from "../../src/core/scope-store";
import type { TabsApi } from "../../src/browser/browser-api";
import { type EntraSignIn, SignInError, backupServiceToken } from "../../src/browser/entra-sign-in";
import {
  type Envelope,
  type Failure,
  type Handlers,
  type MessageType,
  type Reply,
  type SignInState,
} from "../../src/browser/messages";
import { OrganizationBackup } from "../../src/browser/organization-backup";
import { ProjectNotFoundError } from "../../src/core/project-not-found";
import type { SignInSettingsStore } from "../../src/browser/sign-in-settings";
import { tabContextOf } from "../../src/browser/tab-context";
import { BackupRunsClient } from "../../src/service/backup-runs";
import { BackupServiceClient } from "../../src/service/backup-service";
import { ServiceError } from "../../src/service/service-error";
import type { SignInKey, SignInSession, TokenCache } from "../../src/browser/token-cache";

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

/** A failure that already has the words and kind the popup shows. */
export class HandledFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = "HandledFailure";
  }
}

const fail = (kind: Failure["kind"], message: string): HandledFailure =>
  new HandledFailure({ kind, message });

export function createHandlers(deps: BackgroundDeps): Handlers {
  const tenants = new Map<string, Promise<TenantInfo>>();

  /** Tokens are only ever sent to an organization URL the popup could have read from a tab. */
  function organizationUrl(orgUrl: string): string {
    if (tabContextOf(orgUrl)?.orgUrl !== orgUrl) {
      throw fail("not-azure-devops", `${orgUrl} is not an Azure DevOps organization address.`);
    }
    return orgUrl;
  }

  async function signInKey(orgUrl: string): Promise<SignInKey> {
    let tenant = tenants.get(orgUrl);
    if (!tenant) {
      tenant = deps.tenantOf(orgUrl);
      tenants.set(orgUrl, tenant);
      tenant.catch(() => tenants.delete(orgUrl)); // ask again next time
    }
    const info = await tenant;
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
    const { authority, clientId } = await deps.settings.load();
    return { authority, tenantId: info.tenantId, clientId, organization: orgUrl };
  }

  /** A valid session: the cached one, or one renewed with its refresh token; undefined when signed out. */
  async function currentSession(key: SignInKey, force = false): Promise<SignInSession | undefined> {
    if (!force) {
      const valid = await deps.tokens.accessToken(key);
      if (valid) return valid;
    }
    const stored = await deps.tokens.session(key);
    if (!stored?.refreshToken) return undefined;
    try {
      const renewed = await deps.entra.renew(key, stored);
      await deps.tokens.save(key, renewed);
      return renewed;
    } catch (e) {
      if (e instanceof SignInError && e.problem === "refused") {
        await deps.tokens.forget(key); // the refresh token is no longer good: sign in again
        return undefined;
      }
      throw e;
    }
  }

  /** The user's Azure DevOps token, renewed when Azure DevOps refuses it. */
  function adoTokenOf(key: SignInKey, first: SignInSession) {
    let session = first;
    return async (forceRefresh: boolean): Promise<string> => {
      if (forceRefresh) {
        const renewed = await currentSession(key, true);
        if (!renewed) throw fail("signed-out", "Your sign-in has expired. Sign in again.");
        session = renewed;
      }
      return session.accessToken;
    };
  }

  /** The backup service's client for the organization, with the user's two tokens. */
  function serviceFor(
    orgUrl: string,
    key: SignInKey,
    adoToken: (forceRefresh: boolean) => Promise<string>,
  ): BackupServiceClient {
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

  function backupFor(orgUrl: string, key: SignInKey, session: SignInSession): OrganizationBackup {
    const adoToken = adoTokenOf(key, session);
    const transport = new AdoTransport({
      authorizationHeader: async (forceRefresh) => `Bearer ${await adoToken(forceRefresh)}`,
      fetch: deps.fetch,
    });
    return new OrganizationBackup(orgUrl, transport, serviceFor(orgUrl, key, adoToken));
  }

  async function signedIn(orgUrl: string): Promise<{ key: SignInKey; session: SignInSession }> {
    const key = await signInKey(organizationUrl(orgUrl));
    const session = await currentSession(key);
    if (!session)
      throw fail("signed-out", "Sign in to see and change this organization's backup scope.");
    return { key, session };
  }

  return {
    async getTabContext({ tabId }) {
      const tab =
        tabId !== undefined
          ? await deps.browser.tabs.get(tabId)
          : (await deps.browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
      return { context: tabContextOf(tab?.url) ?? null };
    },

    async getBackupState({ orgUrl, project }) {
      const key = await signInKey(organizationUrl(orgUrl));
      const session = await currentSession(key);
      if (!session) return { signIn: { kind: "signed-out" } };
      const signIn: SignInState = { kind: "signed-in", account: session.account };
      if (!project) return { signIn };
      return { signIn, project: await backupFor(orgUrl, key, session).state(project) };
    },

    async getLastBackup({ orgUrl, projectId }) {
      const { key, session } = await signedIn(orgUrl);
      const runs = new BackupRunsClient(serviceFor(orgUrl, key, adoTokenOf(key, session)));
      const { backups } = await runs.backups(projectId);
      return { lastBackup: backups.find((b) => b.projectId === projectId.toLowerCase()) ?? null };
    },

    async startBackup({ orgUrl, projectId }) {
      const { key, session } = await signedIn(orgUrl);
      const runs = new BackupRunsClient(serviceFor(orgUrl, key, adoTokenOf(key, session)));
      try {
        return await runs.startRun(projectId);
      } catch (e) {
        // The popup's words for the scope say "change the backup scope"; this is a backup.
        if (e instanceof ServiceError && e.code === "notCollectionAdmin")
          throw fail(
            "forbidden",
            `Only a Project Collection Administrator can start a backup. ${e.message}`,
          );
        throw e;
      }
    },

    async getBackupRun({ orgUrl, runId }) {
      const { key, session } = await signedIn(orgUrl);
      return new BackupRunsClient(serviceFor(orgUrl, key, adoTokenOf(key, session))).run(runId);
    },

    async setProjectProtected({ orgUrl, project, protect }) {
      const { key, session } = await signedIn(orgUrl);
      const backup = backupFor(orgUrl, key, session);
      const actor = await backup.actor();
      return backup.setProtected(project, protect, actor, deps.newOpId());
    },

    async signIn({ orgUrl }) {
      const key = await signInKey(organizationUrl(orgUrl));
      const session = await deps.entra.interactive(key);
      await deps.tokens.save(key, session);
      return { kind: "signed-in", account: session.account };
    },

    async signOut({ orgUrl }) {
      const key = await signInKey(organizationUrl(orgUrl));
      await deps.tokens.forget(key);
      return { kind: "signed-out" };
    },
  } satisfies Handlers;
}

/** The words a person is shown for an error, and what kind it is. */
export function failureOf(e: unknown): Failure {
  if (e instanceof HandledFailure) return e.failure;
  if (e instanceof SignInError) return { kind: "sign-in", message: e.message };
  if (e instanceof ProjectNotFoundError) return { kind: "not-found", message: e.message };
  if (e instanceof ScopeSaveError) return { kind: "scope", message: e.message };
  if (e instanceof ServiceError) return serviceFailureOf(e);
  if (e instanceof AdoUnavailableError) return { kind: "unavailable", message: e.message };
  if (e instanceof AdoRequestError) {
    if (e.status === 401)
      return {
        kind: "signed-out",
        message: "Azure DevOps did not accept your sign-in. Sign in again.",
      };
    if (e.status === 403) {
      return {
        kind: "forbidden",
        message: `Azure DevOps refused: ${e.message} Ask a Project Collection Administrator.`,
      };
    }
    return { kind: "failed", message: `Azure DevOps answered ${e.status}: ${e.message}` };
  }
  return {
    kind: "failed",
    message: `Something went wrong: ${e instanceof Error ? e.message : String(e)}`,
  };
}

/** The backup service's refusals, in the popup's words. */
function serviceFailureOf(e: ServiceError): Failure {
  switch (e.code) {
    case "notCollectionAdmin":
      return {
        kind: "forbidden",
        message: `Only a Project Collection Administrator can change the backup scope. ${e.message}`,
      };
    case "unauthenticated":
    case "wrongOrganization":
      return {
        kind: "signed-out",
        message: `The backup service did not accept your sign-in. ${e.message}`,
      };
    case "unreachable":
    case "rateLimited":
      return { kind: "unavailable", message: e.message };
    default:
      return { kind: "failed", message: `The backup service answered: ${e.message}` };
  }
}

function isEnvelope(message: unknown): message is { type: unknown; request?: unknown } {
  return typeof message === "object" && message !== null && "type" in message;
}

/** Routes a runtime message to its handler; every failure is logged here and answered as a Failure. */
export function createDispatcher(
  handlers: Handlers,
  log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): (message: unknown, sender?: Runtime.MessageSender) => Promise<Reply<unknown>> {
  return async (message, sender) => {
    const type = isEnvelope(message) ? message.type : undefined;
    if (typeof type !== "string" || !Object.hasOwn(handlers, type)) {
      const failure: Failure = {
        kind: "unknown-message",
        message: `Unknown message type: ${JSON.stringify(type ?? null)}`,
      };
      log(`background: ${failure.message}`, message);
      return { ok: false, error: failure };
    }
    const envelope = message as Envelope;
    const handler = handlers[type as MessageType] as (
      r: unknown,
      s?: Runtime.MessageSender,
    ) => Promise<unknown>;
    try {
      return { ok: true, value: await handler(envelope.request ?? {}, sender) };
    } catch (e) {
      const failure = failureOf(e);
      // Messages and kinds only: errors never carry tokens, and requests are not logged.
      log(
        `background: ${type} failed (${failure.kind}): ${failure.message}`,
        e instanceof Error ? e.name : e,
      );
      return { ok: false, error: failure };
    }
  };
}
