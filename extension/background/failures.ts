// What went wrong in a handler, in the words the popup shows and a kind it can act on: failures a
// handler raises with its own words (HandledFailure), and every other error put into words here.
import { AdoRequestError, AdoUnavailableError } from "../../src/ado/transport";
import { SignInError } from "../../src/browser/entra-sign-in";
import type { Failure } from "../../src/browser/messages";
import { ProjectNotFoundError } from "../../src/core/project-not-found";
import { ScopeSaveError } from "../../src/core/scope-store";
import { ServiceError } from "../../src/service/service-error";

/** A failure that already has the words and kind the popup shows. */
export class HandledFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = "HandledFailure";
  }
}

export const fail = (kind: Failure["kind"], message: string): HandledFailure =>
  new HandledFailure({ kind, message });

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
