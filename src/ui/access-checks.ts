// Whether the user is an admin and whether their tenant is the organization's are checked again
// on every load: both start as "checking", and each answer replaces only its own. The hub's scope
// session and the project panel keep them the same way.
import type { AdminState, TenantState } from "./components/access-gate";

export interface AccessChecks {
  admin: AdminState;
  tenant: TenantState;
}

export const CHECKING_ACCESS: AccessChecks = {
  admin: { kind: "checking" },
  tenant: { kind: "checking" },
};

export type AccessAnswer =
  { type: "admin-checked"; admin: AdminState } | { type: "tenant-checked"; tenant: TenantState };

export function withAccessAnswer<S extends AccessChecks>(state: S, answer: AccessAnswer): S {
  return answer.type === "admin-checked"
    ? { ...state, admin: answer.admin }
    : { ...state, tenant: answer.tenant };
}

/** A new load: access is checked again, and only this load's answers count from now on. */
export function loadStarted<S extends AccessChecks & { loadRequest: number | undefined }>(
  state: S,
  requestId: number,
): S {
  return { ...state, ...CHECKING_ACCESS, loadRequest: requestId };
}
