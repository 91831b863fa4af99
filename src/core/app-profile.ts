// The backup service's Entra application and the delegated permissions it asks a tenant's
// Global Administrator to consent to (docs/platform.md#entra-admin-consent). One app profile per tenant: the provided
// service app, or the tenant's own custom app with the same permissions.
import { isGuid } from "./guid";
import type { Actor } from "./scope";
import {
  SCHEMA_VERSION,
  ScopeDocumentError,
  checkVersion,
  isRecord,
  parseChangeStamp,
} from "./scope-schema";

export const AZURE_DEVOPS_RESOURCE = "499b84ac-1321-427f-aa17-267ca6975798";
export const MICROSOFT_GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Azure DevOps' delegated permission: its REST APIs on behalf of the signed-in user. */
export const AZURE_DEVOPS_SCOPE = `${AZURE_DEVOPS_RESOURCE}/user_impersonation`;

export interface DelegatedPermission {
  api: string;
  scope: string;
  why: string;
}

export const REQUIRED_PERMISSIONS: readonly DelegatedPermission[] = [
  {
    api: "Azure DevOps",
    scope: AZURE_DEVOPS_SCOPE,
    why: "Read what is backed up through the Azure DevOps REST APIs",
  },
  {
    api: "Microsoft Graph",
    scope: `${MICROSOFT_GRAPH_RESOURCE}/User.Read.All`,
    why: "Map identities in backed-up data",
  },
];

export interface AppProfile {
  kind: "service" | "custom";
  clientId: string;
  displayName: string;
}

/** The provided backup service app (multi-tenant). A tenant may bring its own instead. */
export const SERVICE_APP: AppProfile = {
  kind: "service",
  clientId: "6f1c1d2e-7a4b-4f3c-9e8d-5b2a1c0d9e7f",
  displayName: "Backup service for Azure DevOps",
};

export function isClientId(value: string): boolean {
  return isGuid(value.trim());
}

/** A tenant's own Entra app, registered with the same delegated permissions. */
export function customAppProfile(clientId: string): AppProfile {
  return {
    kind: "custom",
    clientId: clientId.trim().toLowerCase(),
    displayName: "Your own Entra app",
  };
}

/** Why a typed client id cannot be used, in words for the admin; undefined when it can. */
export function clientIdProblem(value: string): string | undefined {
  if (!value.trim()) return "Enter the application (client) ID of your Entra app.";
  if (!isClientId(value))
    return "An application (client) ID is a GUID such as 6f1c1d2e-7a4b-4f3c-9e8d-5b2a1c0d9e7f: 32 hex digits in groups of 8-4-4-4-12.";
  return undefined;
}

// ---- stored form -------------------------------------------------------------------------------
// The app profile is one document ("app-profile") in the scope collection, versioned and
// validated on read like the scope's own documents, and written with its __etag.

export const APP_PROFILE_ID = "app-profile";

export interface AppProfileSetting {
  profile: AppProfile;
  changedBy?: Actor;
  changedAt?: string;
  opId?: string;
}

/** No document yet: the provided service app. */
export const DEFAULT_APP_PROFILE: AppProfileSetting = { profile: SERVICE_APP };

export function parseAppProfile(raw: unknown): AppProfileSetting {
  const id = APP_PROFILE_ID;
  if (!isRecord(raw)) throw new ScopeDocumentError(id, "invalid", "it is not an object");
  checkVersion(raw, id);
  let profile: AppProfile;
  if (raw.kind === "service") {
    // The product's own app id wins over whatever was stored: a later version may change it.
    profile = SERVICE_APP;
  } else if (raw.kind === "custom") {
    if (typeof raw.clientId !== "string" || !isClientId(raw.clientId))
      throw new ScopeDocumentError(id, "invalid", "clientId is not an application (client) ID");
    profile = customAppProfile(raw.clientId);
  } else {
    throw new ScopeDocumentError(id, "invalid", "kind is neither service nor custom");
  }
  return { profile, ...parseChangeStamp(raw, "the app profile", id) };
}

export interface AppProfileDocument {
  id: typeof APP_PROFILE_ID;
  schemaVersion: number;
  kind: AppProfile["kind"];
  clientId: string;
  changedBy: { id: string; displayName: string };
  changedAt: string;
  opId: string;
}

export function storedAppProfile(
  profile: AppProfile,
  by: { actor: Actor; at: string; opId: string },
): AppProfileDocument {
  return {
    id: APP_PROFILE_ID,
    schemaVersion: SCHEMA_VERSION,
    kind: profile.kind,
    clientId: profile.clientId,
    changedBy: { id: by.actor.id, displayName: by.actor.displayName },
    changedAt: by.at,
    opId: by.opId,
  };
}

export function sameAppProfile(a: AppProfile, b: AppProfile): boolean {
  return a.kind === b.kind && a.clientId.toLowerCase() === b.clientId.toLowerCase();
}
