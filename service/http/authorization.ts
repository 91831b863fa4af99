// Whether the caller may change anything: a Project Collection Administrator of the organization,
// as Azure DevOps answers for the caller's own token (docs/platform.md#collection-administrator-check). The answer is kept at most
// 60 s per (organization, user); the UI's own check is guidance only, this one is the rule.
// Authentication may start the question early (`startCheck`), in parallel with its own call to
// Azure DevOps: that answer is held per (organization, token) and believed, and cached per user,
// only once the caller is authenticated with that very token.
import { createHash } from "node:crypto";
import { type AzureDevOpsClient, AzureDevOpsError } from "../azure-devops/client";
import type { Caller } from "./authentication";
import { ServiceError } from "./errors";
import { TtlCache } from "./ttl-cache";

export interface CollectionAdminCheck {
  isCollectionAdmin(caller: Caller): Promise<boolean>;
  /** Throws 403 notCollectionAdmin, naming the group and the action, unless the caller is a PCA. */
  requireCollectionAdmin(caller: Caller, action?: string): Promise<void>;
  /**
   * Asks Azure DevOps now for a token whose user is not confirmed yet (`claimedUserId` from a
   * verified app token), unless that user's answer is cached. Nothing is believed until
   * `isCollectionAdmin` is called for the authenticated caller with the same token.
   */
  startCheck(organization: string, azureDevOpsToken: string, claimedUserId: string): void;
}

/** `action` as the caller asked it: "change the backup scope", "start a backup". */
export function notCollectionAdmin(organization: string, action: string): ServiceError {
  return new ServiceError(
    403,
    "notCollectionAdmin",
    `Only members of the Project Collection Administrators group of ${organization} can ${action}.`,
  );
}

/** Azure DevOps' failures, in the words a caller is told. */
function serviceErrorOf(e: unknown): unknown {
  if (e instanceof AzureDevOpsError && e.refusedToken)
    return new ServiceError(
      401,
      "unauthenticated",
      "Azure DevOps did not accept your token. Sign in again.",
    );
  if (e instanceof AzureDevOpsError)
    return new ServiceError(
      502,
      "internal",
      `Azure DevOps could not say whether you are an administrator: ${e.message}`,
    );
  return e;
}

const userKey = (organization: string, userId: string): string => `${organization}\n${userId}`;
/** Hashed: the token itself is never kept as a key. */
const tokenKey = (organization: string, token: string): string =>
  createHash("sha256").update(`${organization}\n${token}`).digest("base64url");

/** How long an early question waits to be claimed: its request's own authentication, at most. */
const UNCLAIMED_MS = 10_000;

/**
 * Questions asked for a token, each claimed once by its request once authenticated; in the order
 * asked, so the unclaimed ones are dropped from the front as they age.
 */
class StartedChecks {
  private readonly entries = new Map<string, { answer: Promise<boolean>; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  add(key: string, answer: Promise<boolean>): void {
    for (const [k, e] of this.entries) {
      if (this.now() - e.at < UNCLAIMED_MS) break;
      this.entries.delete(k);
    }
    this.entries.set(key, { answer, at: this.now() });
  }

  /** The question's answer, if one was started lately for that key; it is not kept. */
  claim(key: string): Promise<boolean> | undefined {
    const e = this.entries.get(key);
    this.entries.delete(key);
    return e && this.now() - e.at < UNCLAIMED_MS ? e.answer : undefined;
  }
}

export function createCollectionAdminCheck(
  azureDevOps: AzureDevOpsClient,
  ttlMs = 60_000,
): CollectionAdminCheck {
  const answers = new TtlCache<boolean>(ttlMs);
  const started = new StartedChecks();

  const ask = (organization: string, token: string): Promise<boolean> => {
    const answer = azureDevOps.isCollectionAdmin(organization, token);
    answer.catch(() => undefined); // handled by whoever claims it; unclaimed, it is dropped
    return answer;
  };

  const isCollectionAdmin = async (caller: Caller): Promise<boolean> => {
    const key = userKey(caller.organization, caller.actor.id);
    const hit = answers.get(key);
    if (hit !== undefined) return hit;
    const early = started.claim(tokenKey(caller.organization, caller.azureDevOpsToken));
    try {
      const answer = await (early ?? ask(caller.organization, caller.azureDevOpsToken));
      answers.set(key, answer);
      return answer;
    } catch (e) {
      throw serviceErrorOf(e);
    }
  };
  return {
    isCollectionAdmin,
    async requireCollectionAdmin(caller, action = "change the backup scope") {
      if (!(await isCollectionAdmin(caller))) throw notCollectionAdmin(caller.organization, action);
    },
    startCheck(organization, token, claimedUserId) {
      if (answers.get(userKey(organization, claimedUserId)) !== undefined) return;
      const byToken = tokenKey(organization, token);
      if (!started.has(byToken)) started.add(byToken, ask(organization, token));
    },
  };
}
