// The organization's Entra tenant as Azure DevOps names it (docs/platform.md#organization-tenant): the X-VSS-ResourceTenant
// header of every answer, and, when a frame cannot read that header (CORS does not expose it),
// the signed-in identity's descriptor in connectionData.
import { isTenantId } from "../core/entra-tenant";
import { isGuid } from "../core/guid";

export type TenantInfo =
  | { kind: "entra"; tenantId: string }
  | { kind: "none" } // backed by Microsoft accounts: no tenant to consent in
  | { kind: "unknown" }; // not readable from here: ask the admin

/**
 * `X-VSS-ResourceTenant` can carry several comma-separated tenants: the first that is not all
 * zeros is the organization's (an all-zero first one does not mean there is none). Only zeros:
 * Microsoft accounts. Nothing usable: unknown.
 */
export function tenantOfResourceTenantHeader(header: string | null): TenantInfo {
  const values = (header ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter(isGuid);
  const tenant = values.find(isTenantId);
  if (tenant) return { kind: "entra", tenantId: tenant };
  return values.length > 0 ? { kind: "none" } : { kind: "unknown" };
}

/**
 * connectionData's `authenticatedUser.descriptor`: `…ClaimsIdentity;{tenant}\{upn}` for an Entra
 * identity, `…ClaimsIdentity;{puid}@Live.com` for a Microsoft account (an organization without a
 * tenant). An anonymous caller (`System:PublicAccess;…`) reveals nothing.
 */
export function tenantOfIdentityDescriptor(descriptor: string | undefined): TenantInfo {
  const identity = /ClaimsIdentity;(.+)$/i.exec(descriptor ?? "")?.[1];
  if (!identity) return { kind: "unknown" };
  const tenant = /^([0-9a-f-]{36})\\/i.exec(identity)?.[1]?.toLowerCase();
  if (tenant && isGuid(tenant))
    return isTenantId(tenant) ? { kind: "entra", tenantId: tenant } : { kind: "none" };
  return /@live\.com$/i.test(identity) ? { kind: "none" } : { kind: "unknown" };
}
