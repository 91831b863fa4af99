// Who may change the backup scope: a Project Collection Administrator of an organization that is
// connected to a Microsoft Entra tenant. Anyone else is told why, and how to get there.
import type { ComponentChildren } from "preact";
import { StatusMessage } from "./status-message";
import { ProblemMessage } from "./problem-message";

export const COLLECTION_PERMISSIONS_URL =
  "https://learn.microsoft.com/en-us/azure/devops/organizations/security/change-organization-collection-level-permissions";

export type TenantState =
  | { kind: "checking" }
  | { kind: "entra"; tenantId: string }
  | { kind: "none" }
  | { kind: "unknown" }
  | { kind: "failed"; detail: string };

export type AdminState =
  | { kind: "checking" }
  | { kind: "admin" }
  | { kind: "not-admin" }
  | { kind: "failed"; detail: string };

export type Access = "checking" | "allowed" | "not-admin" | "no-tenant" | "failed";

export function accessOf(admin: AdminState, tenant: TenantState): Access {
  if (admin.kind === "not-admin") return "not-admin";
  if (tenant.kind === "none") return "no-tenant";
  if (admin.kind === "failed") return "failed";
  if (admin.kind === "checking" || tenant.kind === "checking") return "checking";
  return "allowed";
}

export interface AccessGateProps {
  admin: AdminState;
  tenant: TenantState;
  organizationName: string;
  /** What the user may do once allowed (e.g. "change the backup scope"). */
  purpose: string;
  onRetry?: () => void;
  /** Shown only when allowed. */
  children?: ComponentChildren;
}

export function AccessGate({
  admin,
  tenant,
  organizationName,
  purpose,
  onRetry,
  children,
}: AccessGateProps) {
  const access = accessOf(admin, tenant);
  if (access === "allowed") return <>{children}</>;
  if (access === "checking") return null;
  if (access === "not-admin") {
    return (
      <StatusMessage
        kind="warning"
        title={`Only a Project Collection Administrator can ${purpose}.`}
      >
        <p>
          You are not a member of the Project Collection Administrators group of {organizationName},
          so you can look but not change anything here. Ask a Project Collection Administrator to
          add you to the group, or to make the change for you.
        </p>
        <p>
          <a href={COLLECTION_PERMISSIONS_URL} target="_blank" rel="noopener noreferrer">
            How to change collection-level permissions (Microsoft Learn)
          </a>
        </p>
      </StatusMessage>
    );
  }
  if (access === "no-tenant") {
    return (
      <StatusMessage
        kind="warning"
        title={`${organizationName} is not connected to a Microsoft Entra tenant.`}
      >
        <p>
          The backup service signs in through Microsoft Entra ID, so an organization backed by
          Microsoft accounts cannot be backed up. Connect the organization to your tenant in
          Organization settings › Microsoft Entra, then come back here.
        </p>
      </StatusMessage>
    );
  }
  const problem = {
    title: "Could not check whether you are a Project Collection Administrator.",
    detail: admin.kind === "failed" ? admin.detail : "",
  };
  return <ProblemMessage problem={problem} onRetry={onRetry} />;
}
