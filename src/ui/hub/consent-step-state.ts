// The consent step's own state as a pure reducer, loaded with the hub's later sections: the
// consent link offered, the tenant a PCA types, and saving an app choice.

export interface ConsentStepState {
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
}

/** The consent link: a new one made (its state kept for the hint), shown, and the note beside it. */
type LinkAction =
  | { type: "link-made"; state: string }
  | { type: "link-shown"; link: string }
  | { type: "link-note"; note: string | undefined };

/** The tenant a PCA types. */
type TenantAction = { type: "tenant-typed"; value: string } | { type: "tenant-problem-shown" };

/** Saving an app choice, and how it ended. */
type ProfileSaveAction =
  | { type: "profile-saving" }
  | { type: "profile-saved"; notice: string }
  | { type: "profile-save-failed"; problem: string };

export type ConsentStepAction = LinkAction | TenantAction | ProfileSaveAction;

export const initialConsentStep: ConsentStepState = {
  link: undefined,
  linkNote: undefined,
  savingProfile: false,
  saveProblem: undefined,
  saveNotice: undefined,
  tenantValue: "",
  showTenantProblem: false,
  sentStates: [],
};

/** No consent link offered, nor a note about one. */
const NO_LINK = { link: undefined, linkNote: undefined } as const;

export function consentStepReducer(
  state: ConsentStepState,
  action: ConsentStepAction,
): ConsentStepState {
  switch (action.type) {
    case "link-made":
      return { ...state, sentStates: [...state.sentStates, action.state] };
    case "link-shown":
      return { ...state, link: action.link };
    case "link-note":
      return { ...state, linkNote: action.note };
    case "tenant-typed":
      // A link made for another tenant must not linger beside the new one.
      return { ...state, ...NO_LINK, tenantValue: action.value };
    case "tenant-problem-shown":
      return { ...state, showTenantProblem: true };
    case "profile-saving":
      return { ...state, savingProfile: true, saveProblem: undefined, saveNotice: undefined };
    case "profile-saved":
      // A link made for the previous app must not linger either.
      return { ...state, ...NO_LINK, saveNotice: action.notice, savingProfile: false };
    case "profile-save-failed":
      return { ...state, saveProblem: action.problem, savingProfile: false };
  }
}
