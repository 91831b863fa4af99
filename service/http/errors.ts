// Every 4xx/5xx the service answers is a ServiceErrorBody ({code, message}), whatever raised it:
// our own ServiceError, Fastify's validation and body-size errors, the rate limiter, a 404.
import type { FastifyError, FastifyInstance } from "fastify";
import type { ServiceErrorBody, ServiceErrorCode } from "../../src/core/service-api";

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServiceErrorCode,
    message: string,
    /** More fields of the body (e.g. `theirs` of an app profile conflict). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ServiceError";
  }

  body(): ServiceErrorBody & Record<string, unknown> {
    return { ...this.extra, code: this.code, message: this.message };
  }
}

export const unauthenticated = (message: string): ServiceError =>
  new ServiceError(401, "unauthenticated", message);
export const badRequest = (message: string): ServiceError =>
  new ServiceError(400, "badRequest", message);

/** Fastify's own errors, in the contract's words. */
function fromFastify(e: FastifyError): ServiceError {
  const status = e.statusCode ?? 500;
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE" || status === 413)
    return new ServiceError(413, "payloadTooLarge", "The request body is too large.");
  if (status === 429)
    return new ServiceError(
      429,
      "rateLimited",
      "Too many requests; try again after the time in Retry-After.",
    );
  if (e.validation) return badRequest(`The request is not valid: ${e.message}`.slice(0, 500));
  if (status >= 400 && status < 500) return badRequest(e.message.slice(0, 500));
  return new ServiceError(500, "internal", "The backup service failed; try again later.");
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ServiceError, request, reply) => {
    const e = error instanceof ServiceError ? error : fromFastify(error);
    if (e.status >= 500) request.log.error({ err: error }, "request failed");
    return reply.status(e.status).send(e.body());
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ServiceErrorBody = {
      code: "notFound",
      message: `No such resource: ${request.method} ${request.url.split("?")[0]}`,
    };
    return reply.status(404).send(body);
  });
}
