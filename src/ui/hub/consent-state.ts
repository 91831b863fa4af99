// What the hub knows about consent, as a pure reducer: what the backup service last said (with
// each state load, or asked again), and the app profile it is about. The hub holds it from its
// first screen (the overview shows it); the consent step (use-consent-step.ts, loaded with the
// later sections) asks the service again and saves app choices through it.
import { type ConsentStatus, consentStatusOf } from "../../core/consent";
import { type ScopeSnapshot, type StoredAppProfile, appProfileOf } from "../../core/scope-store";
import type { ConsentWire } from "../../core/service-api";
import { isAwaited } from "../latest-answer";

export interface ConsentState {
  status: ConsentStatus;
  /** When the service last asked Entra, undefined before it has. */
  checkedAt: Date | undefined;
  profile: StoredAppProfile | undefined;
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
  /** The app profile stored now: the one just saved, or another administrator's. */
  | { type: "profile-stored"; profile: StoredAppProfile };

export const initialConsentState: ConsentState = {
  status: { kind: "checking" },
  checkedAt: undefined,
  profile: undefined,
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
    case "profile-stored":
      return { ...state, profile: action.profile };
  }
}

/** The app's name as the overview shows it; undefined before the profile is known. */
export function appNameOf(state: ConsentState): string | undefined {
  const app = state.profile?.setting.profile;
  if (!app) return undefined;
  return app.kind === "service" ? app.displayName : `Your own Entra app (${app.clientId})`;
}
