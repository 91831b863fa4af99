// What identity's flows share, named once: the store, the sealing key, the Entra and Azure DevOps
// clients, the clock and the service's public URL. Built in index.ts from the service's config.
import type { Actor } from "../../src/core/scope";
import type { AzureDevOpsClient } from "../azure-devops/client";
import type { Database } from "../store/database";
import type { EntraClient } from "./entra-client";
import type { SecretBox } from "./secret-box";

export interface IdentityContext {
  db: Database;
  box: SecretBox;
  entra: EntraClient;
  ado: AzureDevOpsClient;
  now: () => Date;
  /** The service's public URL, no trailing slash (redirect URIs of the landing pages). */
  publicUrl: string;
  entraAuthority: string;
  /** The provided service app's client id (the service holds its secret). */
  serviceClientId: string;
}

/** Where an identity failure is told to a person: HTTP status, a code of the API, and words. */
export class IdentityProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: "badRequest" | "connectionRequired" | "internal",
    message: string,
  ) {
    super(message);
    this.name = "IdentityProblem";
  }
}

/** Who starts a flow (a verified PCA): the organization, the person, and the organization's Entra
 * tenant as Azure DevOps states it (absent: Microsoft accounts). */
export interface FlowStarter {
  organization: string;
  actor: Actor;
  tenantId?: string;
}

/** Organization names are kept lower-cased, as the service core keeps them (001-scope.sql). */
export const organizationKey = (organization: string) => organization.toLowerCase();
