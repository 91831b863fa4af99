// Azure DevOps and Microsoft Entra name projects, users, apps and tenants by GUIDs: 32 hex digits
// in groups of 8-4-4-4-12.

/** The GUID's pattern as text, for JSON Schema `pattern` (the service's request schemas). */
export const GUID_PATTERN =
  "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

const GUID = new RegExp(GUID_PATTERN);

export function isGuid(value: string): boolean {
  return GUID.test(value);
}
