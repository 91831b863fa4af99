// What to tell a person about an error from the adapters or the store: a short title, what
// happened, and whether their unsaved changes are still there (they always are).
import { AdoRequestError, AdoUnavailableError } from "../ado/transport";
import { ScopeDocumentError } from "../core/scope-schema";
import { ScopeSaveError } from "../core/scope-store";
import { ServiceError } from "../service/service-error";

export interface Problem {
  title: string;
  detail: string;
}

/** The backup service's refusals, in the words the hub and the panel already use. */
function describeServiceProblem(e: ServiceError, doing: string): Problem {
  switch (e.code) {
    case "notCollectionAdmin":
      return {
        title: "Only a Project Collection Administrator can change this.",
        detail: `The backup service checked with Azure DevOps: you are not a member of the Project Collection Administrators group, so nothing was changed. (${e.message})`,
      };
    case "unauthenticated":
    case "wrongOrganization":
      return {
        title: `The backup service did not accept your sign-in while ${doing}.`,
        detail: `${e.message} Reload the page and try again.`,
      };
    case "rateLimited":
      return { title: `The backup service is busy.`, detail: e.message };
    case "unreachable":
      return { title: `The backup service did not answer while ${doing}.`, detail: e.message };
    case "connectionRequired":
      return {
        title: "The organization is not connected to the backup service.",
        detail: e.message,
      };
    default:
      return {
        title: `The backup service answered with an error while ${doing}.`,
        detail: e.message,
      };
  }
}

export function describeProblem(e: unknown, doing: string): Problem {
  if (e instanceof ServiceError) return describeServiceProblem(e, doing);
  if (e instanceof AdoUnavailableError) {
    return {
      title: `Azure DevOps did not answer while ${doing}.`,
      detail: `It kept failing after ${e.attempts} attempts (${e.lastProblem}). Try again in a moment.`,
    };
  }
  if (e instanceof AdoRequestError) {
    if (e.status === 401 || e.status === 403) {
      return {
        title: `Azure DevOps refused the request while ${doing}.`,
        detail: `You may not have permission, or your session expired (${e.status}: ${e.message}). Reload the page and try again.`,
      };
    }
    return {
      title: `Azure DevOps answered with an error while ${doing}.`,
      detail: `${e.status}: ${e.message}`,
    };
  }
  if (e instanceof ScopeDocumentError) {
    return { title: `The stored backup scope cannot be read.`, detail: e.message };
  }
  if (e instanceof ScopeSaveError) {
    return { title: `The backup scope was not saved.`, detail: e.message };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { title: `Something went wrong while ${doing}.`, detail: message };
}
