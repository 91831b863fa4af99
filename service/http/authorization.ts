// Whether the caller may change anything: a Project Collection Administrator of the organization,
// as Azure DevOps answers for the caller's own token (DESIGN §3, §6). The answer is kept at most
// 60 s per (organization, user); the UI's own check is guidance only, this one is the rule.
import { type AzureDevOpsClient, AzureDevOpsError } from "../azure-devops/client";
import type { Caller } from "./authentication";
import { ServiceError } from "./errors";
import { TtlCache } from "./ttl-cache";

export interface CollectionAdminCheck {
  isCollectionAdmin(caller: Caller): Promise<boolean>;
  /** Throws 403 notCollectionAdmin, naming the group, unless the caller is a PCA. */
  requireCollectionAdmin(caller: Caller, what?: string): Promise<void>;
}

export function notCollectionAdmin(organization: string, what: string): ServiceError {
  return new ServiceError(
    403,
    "notCollectionAdmin",
    `Only members of the Project Collection Administrators group of ${organization} can change ${what}.`,
  );
}

export function createCollectionAdminCheck(
  azureDevOps: AzureDevOpsClient,
  ttlMs = 60_000,
): CollectionAdminCheck {
  const answers = new TtlCache<boolean>(ttlMs);
  const isCollectionAdmin = async (caller: Caller): Promise<boolean> => {
    const key = `${caller.organization}\n${caller.actor.id}`;
    const hit = answers.get(key);
    if (hit !== undefined) return hit;
    try {
      const answer = await azureDevOps.isCollectionAdmin(
        caller.organization,
        caller.azureDevOpsToken,
      );
      answers.set(key, answer);
      return answer;
    } catch (e) {
      if (e instanceof AzureDevOpsError && e.refusedToken)
        throw new ServiceError(
          401,
          "unauthenticated",
          "Azure DevOps did not accept your token. Sign in again.",
        );
      if (e instanceof AzureDevOpsError)
        throw new ServiceError(
          502,
          "internal",
          `Azure DevOps could not say whether you are an administrator: ${e.message}`,
        );
      throw e;
    }
  };
  return {
    isCollectionAdmin,
    async requireCollectionAdmin(caller, what = "the backup scope") {
      if (!(await isCollectionAdmin(caller))) throw notCollectionAdmin(caller.organization, what);
    },
  };
}
