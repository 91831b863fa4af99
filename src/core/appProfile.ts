// The backup service's Entra application and the delegated permissions it asks a tenant's
// Global Administrator to consent to (DESIGN §1). One app profile per tenant: the provided
// service app, or the tenant's own custom app with the same permissions.

export const AZURE_DEVOPS_RESOURCE = "499b84ac-1321-427f-aa17-267ca6975798";
export const MICROSOFT_GRAPH_RESOURCE = "https://graph.microsoft.com";

export interface DelegatedPermission {
  api: string;
  scope: string;
  why: string;
}

export const REQUIRED_PERMISSIONS: readonly DelegatedPermission[] = [
  {
    api: "Azure DevOps",
    scope: `${AZURE_DEVOPS_RESOURCE}/user_impersonation`,
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isClientId(value: string): boolean {
  return GUID.test(value.trim());
}
