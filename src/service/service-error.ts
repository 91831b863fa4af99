// What went wrong with a call to the backup service, typed where it enters: the service's own
// error code and message (written for the admin, safe to show), or that it could not be reached.
import { AdoRequestError, AdoUnavailableError } from "../ado/transport";
import type { ServiceErrorCode } from "../core/service-api";

/** The service's codes, plus "unreachable" (no answer after every retry) and "badResponse". */
export type ServiceProblemCode = ServiceErrorCode | "unreachable" | "badResponse";

const KNOWN_CODES: ReadonlySet<string> = new Set<ServiceErrorCode>([
  "unauthenticated",
  "notCollectionAdmin",
  "wrongOrganization",
  "badRequest",
  "payloadTooLarge",
  "appProfileConflict",
  "rateLimited",
  "notFound",
  "connectionRequired",
  "internal",
]);

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceProblemCode,
    /** The HTTP status; 0 when the service did not answer. */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

function codeForStatus(status: number): ServiceErrorCode {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "notCollectionAdmin";
  if (status === 404) return "notFound";
  if (status === 409) return "appProfileConflict";
  if (status === 413) return "payloadTooLarge";
  if (status === 429) return "rateLimited";
  if (status >= 500) return "internal";
  return "badRequest";
}

/**
 * The transport's errors as the service's: the service's `code` travels in the transport's
 * `typeKey` (see backup-service.ts, which puts it there), its `message` as the message.
 */
export function serviceErrorOf(e: unknown): unknown {
  if (e instanceof ServiceError) return e;
  if (e instanceof AdoRequestError) {
    const code =
      e.typeKey && KNOWN_CODES.has(e.typeKey)
        ? (e.typeKey as ServiceErrorCode)
        : codeForStatus(e.status);
    return new ServiceError(code, e.status, e.message);
  }
  if (e instanceof AdoUnavailableError) {
    const throttled = e.lastProblem === "too many requests";
    return new ServiceError(
      throttled ? "rateLimited" : "unreachable",
      0,
      throttled
        ? `The backup service is busy and asked to slow down; it still was after ${e.attempts} attempts. Try again in a minute.`
        : `The backup service could not be reached after ${e.attempts} attempts (${e.lastProblem}). Try again in a moment.`,
    );
  }
  return e;
}
