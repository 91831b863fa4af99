// Who may act, asked once for every page that changes the scope (the hub, the project panel):
// is the user a Project Collection Administrator, and is the organization in an Entra tenant.
import type { TenantInfo } from "../ado/organization";
import type { AdminState, TenantState } from "./components/access-gate";
import { describeProblem } from "./problems";

export interface AccessQuestions {
  isCollectionAdmin(): Promise<boolean>;
  tenant(): Promise<TenantInfo>;
}

export interface AccessAnswers {
  admin(state: AdminState): void;
  tenant(state: TenantState): void;
}

/** Sends both questions at once; each answer, or its problem, arrives as the gate's state. */
export function checkAccess(ask: AccessQuestions, answer: AccessAnswers): void {
  ask.isCollectionAdmin().then(
    (yes) => answer.admin({ kind: yes ? "admin" : "not-admin" }),
    (e: unknown) =>
      answer.admin({
        kind: "failed",
        detail: describeProblem(e, "checking your permissions").detail,
      }),
  );
  ask.tenant().then(
    (t) =>
      answer.tenant(
        t.kind === "entra" ? { kind: "entra", tenantId: t.tenantId } : { kind: t.kind },
      ),
    (e: unknown) =>
      answer.tenant({
        kind: "failed",
        detail: describeProblem(e, "reading the organization's tenant").detail,
      }),
  );
}
