// What to tell a person about an error from the adapters or the store: a short title, what
// happened, and whether their unsaved changes are still there (they always are).
import { AdoRequestError, AdoUnavailableError } from "../ado/transport";
import { DocumentTooLargeError } from "../core/documents";
import { ScopeDocumentError } from "../core/scopeSchema";
import { ScopeSaveError } from "../core/scopeStore";

export interface Problem {
  title: string;
  detail: string;
}

export function describeProblem(e: unknown, doing: string): Problem {
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
  if (e instanceof DocumentTooLargeError) {
    return { title: `The backup scope is too large to store.`, detail: e.message };
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
