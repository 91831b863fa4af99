// The consent step's state as a pure reducer: what the backup service last said about consent, the
// app profile, the consent link offered, the tenant a PCA types, and saving an app choice. The
// hub holds it from its first screen (the overview shows the consent fact); the step's commands
// (use-consent-step.ts) arrive with the later sections and dispatch to it.
import { type ConsentStatus, consentStatusOf } from "../../core/consent";
import { type ScopeSnapshot, type StoredAppProfile, appProfileOf } from "../../core/scope-store";
import type { ConsentWire } from "../../core/service-api";
import { isAwaited } from "../latest-answer";

export interface ConsentState {
  status: ConsentStatus;
  /** When the service last asked Entra, undefined before it has. */
  checkedAt: Date | undefined;
  profile: StoredAppProfile | undefined;
  /** The link last offered to a Global Administrator (after "Copy link"). */
  link: string | undefined;
  linkNote: string | undefined;
  savingProfile: boolean;
  saveProblem: string | undefined;
  saveNotice: string | undefined;
  /** The tenant a PCA types when the organization's own is not known here. */
  tenantValue: string;
  /** Show why the typed tenant cannot be used: after leaving the field, or trying to use it. */
  showTenantProblem: boolean;
  /** Every state of a consent link the service made for this hub; a hint must carry one. */
  sentStates: readonly string[];
  /** The consent check whose answer is awaited; undefined when none runs. */
  checkRequest: number | undefined;
  /** The one automatic check of a consent never checked has been made. */
  autoChecked: boolean;
}

export type ConsentAction =
  /** A state load from the service: its consent answer and the stored app profile. */
  | { type: "served"; snapshot: ScopeSnapshot }
  | { type: "check-started"; requestId: number; automatic: boolean }
  | { type: "check-answered"; requestId: number; wire: ConsentWire; at: Date }
  | { type: "check-failed"; requestId: number; reason: string }
  | { type: "link-made"; state: string }
  | { type: "link-shown"; link: string }
  | { type: "link-note"; note: string | undefined }
  | { type: "tenant-typed"; value: string }
  | { type: "tenant-problem-shown" }
  | { type: "profile-saving" }
  | { type: "profile-saved"; profile: StoredAppProfile; notice: string }
  | { type: "profile-save-failed"; problem: string; theirs?: StoredAppProfile };

export const initialConsentState: ConsentState = {
  status: { kind: "checking" },
  checkedAt: undefined,
  profile: undefined,
  link: undefined,
  linkNote: undefined,
  savingProfile: false,
  saveProblem: undefined,
  saveNotice: undefined,
  tenantValue: "",
  showTenantProblem: false,
  sentStates: [],
  checkRequest: undefined,
  autoChecked: false,
};

function checkedAtOf(wire: ConsentWire): Date | undefined {
  return wire.status === "unknown" ? undefined : new Date(wire.checkedAt);
}

export function consentReducer(state: ConsentState, action: ConsentAction): ConsentState {
  switch (action.type) {
    case "served": {
      const served = action.snapshot.organization?.consent;
      return {
        ...state,
        profile: appProfileOf(action.snapshot),
        ...(served
          ? { status: consentStatusOf(served), checkedAt: checkedAtOf(served) }
          : { status: { kind: "unknown", reason: "The backup service did not say." } }),
      };
    }
    case "check-started":
      return {
        ...state,
        status: { kind: "checking" },
        checkRequest: action.requestId,
        autoChecked: state.autoChecked || action.automatic,
      };
    case "check-answered":
      if (!isAwaited(state.checkRequest, action.requestId)) return state;
      return {
        ...state,
        status: consentStatusOf(action.wire),
        checkedAt: checkedAtOf(action.wire) ?? action.at,
        checkRequest: undefined,
      };
    case "check-failed":
      if (!isAwaited(state.checkRequest, action.requestId)) return state;
      return {
        ...state,
        status: { kind: "unknown", reason: action.reason },
        checkRequest: undefined,
      };
    case "link-made":
      return { ...state, sentStates: [...state.sentStates, action.state] };
    case "link-shown":
      return { ...state, link: action.link };
    case "link-note":
      return { ...state, linkNote: action.note };
    case "tenant-typed":
      // A link made for another tenant must not linger beside the new one.
      return { ...state, tenantValue: action.value, link: undefined, linkNote: undefined };
    case "tenant-problem-shown":
      return { ...state, showTenantProblem: true };
    case "profile-saving":
      return { ...state, savingProfile: true, saveProblem: undefined, saveNotice: undefined };
    case "profile-saved":
      return {
        ...state,
        profile: action.profile,
        link: undefined,
        linkNote: undefined,
        saveNotice: action.notice,
        savingProfile: false,
      };
    case "profile-save-failed":
      return {
        ...state,
        profile: action.theirs ?? state.profile,
        saveProblem: action.problem,
        savingProfile: false,
      };
  }
}

/** The app's name as the overview shows it; undefined before the profile is known. */
export function appNameOf(state: ConsentState): string | undefined {
  const app = state.profile?.setting.profile;
  if (!app) return undefined;
  return app.kind === "service" ? app.displayName : `Your own Entra app (${app.clientId})`;
}
