// The organization's Microsoft Entra tenant as an administrator types it, when Azure DevOps does
// not reveal it to the hub's frame (docs/platform.md#organization-tenant). It only addresses the admin-consent request:
// Entra resolves a tenant ID or any verified domain of the tenant in the authority's path.
import { isGuid } from "./guid";

/** What an all-zero resource tenant means: Microsoft accounts, no tenant (docs/platform.md#organization-tenant). */
export const NO_TENANT = "00000000-0000-0000-0000-000000000000";
/** Entra's shared endpoints: they name no tenant, so a consent request cannot be addressed to them. */
const SHARED_ENDPOINTS = new Set(["common", "organizations", "consumers"]);
/** A DNS label: letters, digits and hyphens, not at either end, at most 63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A top-level domain: letters, or an internationalised one in its xn-- form. */
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A tenant ID: a GUID, other than the all-zero one. */
export function isTenantId(value: string): boolean {
  const v = value.trim();
  return isGuid(v) && v !== NO_TENANT;
}

function isDomain(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split(".");
  const top = labels[labels.length - 1] ?? "";
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TOP_LEVEL.test(top);
}

/** Why a typed tenant cannot address a consent request, in words for the admin; undefined when it can. */
export function tenantEntryProblem(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return "Enter your organization's tenant ID or primary domain.";
  if (SHARED_ENDPOINTS.has(v))
    return `"${v}" is one of Entra's shared endpoints, not a tenant: consent is given per tenant, so enter your organization's own tenant ID or primary domain.`;
  if (v === NO_TENANT)
    return "An all-zero ID means Microsoft accounts, not a Microsoft Entra tenant: enter your organization's own tenant ID.";
  if (/[/:?#]/.test(v))
    return "Enter only the tenant, not an address: a tenant ID, or a domain such as fabrikam.onmicrosoft.com.";
  if (v.includes("@")) {
    const domain = v.slice(v.lastIndexOf("@") + 1);
    return `Enter the domain alone, without a user name${isDomain(domain) ? ` (${domain})` : ""}.`;
  }
  if (isGuid(v) || isDomain(v)) return undefined;
  if (/^[0-9a-f-]+$/.test(v) && v.includes("-"))
    return "A tenant ID is a GUID such as 85bdc543-be4e-4cdc-9e52-7592e5333ced: 32 hex digits in groups of 8-4-4-4-12.";
  return "Enter a tenant ID (a GUID such as 85bdc543-be4e-4cdc-9e52-7592e5333ced) or a domain of your tenant such as fabrikam.onmicrosoft.com or contoso.com.";
}

/** The tenant as it goes into the authority's path; call only when tenantEntryProblem found none. */
export function tenantOfEntry(value: string): string {
  return value.trim().toLowerCase();
}
