// The backup service's identity part (issue 8): connecting the organization (sign-in with the
// service app, code + PKCE, refresh token kept encrypted) and the tenant's admin consent, which
// the service verifies with Entra itself. Stub: the real flows land in the files beside this one.
import type { FastifyInstance } from "fastify";
import type { ConnectionWire, ConsentWire } from "../../src/core/serviceApi";
import type { Database } from "../store/database";
import type { ServiceConfig } from "../config";

export interface IdentityDeps {
  db: Database;
  config: ServiceConfig;
  fetch?: typeof fetch;
  now?: () => Date;
}

export interface Identity {
  /** Adds the connection and consent routes (under the organization) and the landing pages. */
  register(app: FastifyInstance): Promise<void>;
  connectionOf(organization: string): Promise<ConnectionWire>;
  consentOf(organization: string): Promise<ConsentWire>;
}

export function createIdentity(_deps: IdentityDeps): Identity {
  return {
    register: async () => {},
    connectionOf: async () => ({ status: "notConnected" }),
    consentOf: async () => ({ status: "unknown" }),
  };
}
