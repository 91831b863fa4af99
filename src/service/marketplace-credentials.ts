// How the marketplace extension proves who it is to the backup service (src/core/service-api.ts):
// the host's app token (an HS256 JWT signed with the extension's key) as the bearer, and the
// user's own Azure DevOps token beside it. The host keeps both fresh; neither is stored here.
import { type HostSession, accessToken, appToken } from "../ado/host";
import type { TransportEvent } from "../ado/transport";
import { BackupServiceClient, type ServiceCredentials } from "./backup-service";
import { SERVICE_URL } from "./service-url";

export function marketplaceCredentials(): ServiceCredentials {
  return {
    authorization: async () => `Bearer ${await appToken()}`,
    azureDevOpsToken: () => accessToken(),
  };
}

/** The backup service's client for the organization a contribution runs in. */
export function backupServiceFor(
  session: Pick<HostSession, "organization">,
  onEvent?: (e: TransportEvent) => void,
): BackupServiceClient {
  return new BackupServiceClient({
    serviceUrl: SERVICE_URL,
    organization: session.organization.name,
    credentials: marketplaceCredentials(),
    ...(onEvent ? { onEvent } : {}),
  });
}
