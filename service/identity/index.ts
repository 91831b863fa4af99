// The backup service's identity part (issue 8): connecting the organization (sign-in with the
// service app, code + PKCE, refresh token kept encrypted) and the tenant's admin consent, which
// the service verifies with Entra and Graph itself. Service core calls `register` and reads the
// two statuses for GET /state; the backup engine calls acquireOrganizationToken.
import type { FastifyInstance } from "fastify";
import type { ConnectionWire, ConsentWire } from "../../src/core/service-api";
import { createAzureDevOpsClient } from "../azure-devops/client";
import type { ServiceConfig } from "../config";
import type { Database } from "../store/database";
import * as adminConsent from "./admin-consent";
import * as connection from "./connection";
import type { IdentityContext } from "./context";
import { createEntraClient, graphUrlFor } from "./entra-client";
import { organizationAuthorization } from "./organization-authorization";
import { registerIdentityRoutes } from "./routes";
import { createSecretBox } from "./secret-box";

export { IdentityProblem } from "./context";
export type { OrganizationToken } from "./connection";

export interface IdentityDeps {
  db: Database;
  config: ServiceConfig;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Microsoft Graph's root; default: from the authority (graphUrlFor). */
  graphUrl?: string;
  /** Keys that sealed older values, after config.encryptionKey (key rotation). */
  previousEncryptionKeys?: Buffer[];
}

export interface Identity {
  /** Adds the connection and consent routes (under the organization) and the landing pages. */
  register(app: FastifyInstance): Promise<void>;
  connectionOf(organization: string): Promise<ConnectionWire>;
  consentOf(organization: string): Promise<ConsentWire>;
  /** An Azure DevOps access token as the connected account (throws IdentityProblem connectionRequired). */
  acquireOrganizationToken(organization: string): Promise<connection.OrganizationToken>;
  /** The same as the engine's AuthorizationSource ("Bearer …", cached until near expiry). */
  organizationAuthorization(organization: string): (forceRefresh: boolean) => Promise<string>;
}

export function createIdentity(deps: IdentityDeps): Identity {
  const { config } = deps;
  const ado = createAzureDevOpsClient(config.azureDevOpsUrl, deps.fetch);
  const ctx: IdentityContext = {
    db: deps.db,
    box: createSecretBox([config.encryptionKey, ...(deps.previousEncryptionKeys ?? [])]),
    entra: createEntraClient({
      authority: config.entraAuthority,
      clientId: config.appClientId,
      clientSecret: config.appClientSecret,
      graphUrl: deps.graphUrl ?? graphUrlFor(config.entraAuthority),
      ...(config.entraCaCertificate ? { ca: config.entraCaCertificate } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    }),
    ado,
    now: deps.now ?? (() => new Date()),
    publicUrl: config.publicUrl.replace(/\/+$/, ""),
    entraAuthority: config.entraAuthority,
    serviceClientId: config.appClientId.toLowerCase(),
  };
  const acquire = (organization: string) => connection.acquireOrganizationToken(ctx, organization);
  return {
    register: async (app) => registerIdentityRoutes(app, ctx),
    connectionOf: (organization) => connection.connectionOf(ctx, organization),
    consentOf: (organization) => adminConsent.consentOf(ctx, organization),
    acquireOrganizationToken: acquire,
    organizationAuthorization: (organization) =>
      organizationAuthorization(acquire, organization, ctx.now),
  };
}
