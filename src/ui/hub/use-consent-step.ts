// The consent step's commands, loaded with the hub's later sections: ask the service whether the
// tenant has consented ("Check again", once by itself for a consent never checked, and when the
// PCA comes back from a consent page this hub opened), open or copy the admin-consent link the
// service makes (Entra redirects to the service's stable page), and choose the provided app or the
// tenant's own. When the organization's tenant is not known here, the PCA types it to address the
// consent request; whether consent exists is still the service's answer.
import { useCallback, useEffect, useReducer, useRef } from "preact/hooks";
import type { AppProfile } from "../../core/app-profile";
import { type ConsentStatus, isTrustedHint } from "../../core/consent";
import { tenantEntryProblem, tenantOfEntry } from "../../core/entra-tenant";
import {
  AppProfileConflictError,
  type ScopeSnapshot,
  type StoredAppProfile,
} from "../../core/scope-store";
import type { TenantState } from "../components/access-gate";
import { newRequestId } from "../latest-answer";
import { describeProblem } from "../problems";
import { newOpId } from "../save-op-id";
import { consentStepReducer, initialConsentStep } from "./consent-step-state";
import type { ConsentServices, ConsentStore } from "./use-consent";

/** The tenant a PCA types when the organization's own is not known here. */
export interface TenantEntry {
  value: string;
  /** Why the value cannot address a consent request; undefined when it can. */
  problem: string | undefined;
  /** Whether to show the problem: after leaving the field, or after trying to use it. */
  showProblem: boolean;
  set: (value: string) => void;
  leave: () => void;
}

export interface ConsentStep {
  status: ConsentStatus;
  /** When the service last asked Entra, undefined before it has. */
  checkedAt: Date | undefined;
  profile: StoredAppProfile | undefined;
  profileProblem: string | undefined;
  /** The link last offered to a Global Administrator (after "Copy link"). */
  link: string | undefined;
  linkNote: string | undefined;
  /** Undefined when a consent link can be asked for (perhaps once a tenant is typed): why not. */
  urlProblem: string | undefined;
  /** Set when the organization's tenant is not known here: the PCA types it. */
  tenantEntry: TenantEntry | undefined;
  openConsentPage: () => void;
  copyLink: (field?: HTMLInputElement | null) => void;
  checkAgain: () => void;
  saveProfile: (profile: AppProfile) => Promise<boolean>;
  savingProfile: boolean;
  saveProblem: string | undefined;
  saveNotice: string | undefined;
}

export function useConsentStep(
  services: ConsentServices,
  tenant: TenantState,
  snapshot: ScopeSnapshot | undefined,
  { state: known, dispatch: tell }: ConsentStore,
  /** A PCA with the overview shown: the service is asked once if it has never checked. */
  autoCheck: boolean,
): ConsentStep {
  const [state, dispatch] = useReducer(consentStepReducer, initialConsentStep);
  const served = snapshot?.organization?.consent;
  const profileProblem = snapshot?.appProfileProblem?.message;
  const tenantId = tenant.kind === "entra" ? tenant.tenantId : undefined;
  const askTenant = tenant.kind === "unknown";
  const tenantProblem = askTenant ? tenantEntryProblem(state.tenantValue) : undefined;
  const consentTenant =
    tenantId ?? (askTenant && !tenantProblem ? tenantOfEntry(state.tenantValue) : undefined);
  const ready = tenant.kind !== "checking" && !!known.profile;
  // The listeners below read the state of the latest render, not the one they were made in.
  const latest = useRef({ known, state });
  latest.current = { known, state };

  const check = useCallback(
    (automatic: boolean) => {
      if (!ready) return;
      const requestId = newRequestId();
      tell({ type: "check-started", requestId, automatic });
      services.flows.checkConsent().then(
        (wire) => tell({ type: "check-answered", requestId, wire, at: new Date() }),
        (e: unknown) =>
          tell({
            type: "check-failed",
            requestId,
            reason: describeProblem(e, "checking consent").detail,
          }),
      );
    },
    [services, ready, tell],
  );
  const checkAgain = useCallback(() => check(false), [check]);

  // Never checked (a new organization): ask the service once, after the overview is shown so the
  // check adds nothing to its first round.
  useEffect(() => {
    if (autoCheck && ready && served?.status === "unknown" && !known.autoChecked) check(true);
  }, [autoCheck, ready, served, known.autoChecked, check]);

  useEffect(() => {
    if (!ready) return;
    // Back from the consent page (or a hint that names a link this hub made): ask the service.
    const offReturn = services.onReturn(() => {
      const { known: now, state: step } = latest.current;
      if (step.sentStates.length === 0) return;
      if (now.status.kind !== "consented" && now.checkRequest === undefined) check(false);
    });
    const offHint = services.onHint((hint) => {
      if (latest.current.state.sentStates.some((s) => isTrustedHint(hint, s))) check(false);
    });
    return () => {
      offReturn();
      offHint();
    };
  }, [services, ready, check]);

  const urlProblem =
    !tenantId && !askTenant
      ? "The consent link needs the organization's Microsoft Entra tenant, which is not known here."
      : profileProblem
        ? profileProblem
        : undefined;

  /** A fresh consent link from the service, or undefined (with the reason shown). */
  const newConsentLink = useCallback(async (): Promise<string | undefined> => {
    if (!consentTenant) {
      dispatch({ type: "tenant-problem-shown" });
      return undefined;
    }
    try {
      const flow = await services.flows.startConsent(tenantId ? undefined : consentTenant);
      dispatch({ type: "link-made", state: flow.state });
      return flow.url;
    } catch (e) {
      dispatch({
        type: "link-note",
        note: `No consent link: ${describeProblem(e, "asking for a consent link").detail}`,
      });
      return undefined;
    }
  }, [services, consentTenant, tenantId, dispatch]);

  const setTenantEntry = useCallback(
    (value: string) => dispatch({ type: "tenant-typed", value }),
    [dispatch],
  );
  const leaveTenantEntry = useCallback(
    () => dispatch({ type: "tenant-problem-shown" }),
    [dispatch],
  );
  const tenantEntry: TenantEntry | undefined = askTenant
    ? {
        value: state.tenantValue,
        problem: tenantProblem,
        showProblem: state.showTenantProblem && !!tenantProblem,
        set: setTenantEntry,
        leave: leaveTenantEntry,
      }
    : undefined;

  const openConsentPage = useCallback(() => {
    dispatch({ type: "link-note", note: undefined });
    void newConsentLink().then((url) => {
      if (!url) return;
      services.openWindow(url).catch((e: unknown) => {
        dispatch({ type: "link-shown", link: url });
        dispatch({
          type: "link-note",
          note: `The consent page could not be opened (${describeProblem(e, "opening it").detail}). Open the link below instead.`,
        });
      });
    });
  }, [newConsentLink, services, dispatch]);

  const copyLink = useCallback(
    (field?: HTMLInputElement | null) => {
      void newConsentLink().then((url) => {
        if (!url) return;
        dispatch({ type: "link-shown", link: url });
        void services.copyText(url, field).then(
          () =>
            dispatch({
              type: "link-note",
              note: "Link copied. Send it to a Global Administrator of your tenant.",
            }),
          () =>
            dispatch({
              type: "link-note",
              note: "Copying is not allowed here: select the link below and copy it.",
            }),
        );
      });
    },
    [newConsentLink, services, dispatch],
  );

  const profile = known.profile;
  const saveProfile = useCallback(
    async (next: AppProfile): Promise<boolean> => {
      if (!profile) return false;
      dispatch({ type: "profile-saving" });
      try {
        const saved = await services.flows.saveAppProfile(profile, next, {
          actor: services.user,
          opId: (services.newOpId ?? newOpId)(),
        });
        tell({ type: "profile-stored", profile: saved });
        dispatch({
          type: "profile-saved",
          notice:
            next.kind === "service"
              ? "Saved: the provided backup service app is used."
              : `Saved: your own Entra app (${next.clientId}) is used.`,
        });
        // Consent is per app: ask the service about the app now chosen.
        check(false);
        return true;
      } catch (e) {
        if (e instanceof AppProfileConflictError) {
          tell({ type: "profile-stored", profile: e.theirs });
          dispatch({
            type: "profile-save-failed",
            problem:
              "Another administrator changed the backup app meanwhile; what they chose is shown now. Check it, then save again if needed.",
          });
        } else
          dispatch({
            type: "profile-save-failed",
            problem: describeProblem(e, "saving the backup app").detail,
          });
        return false;
      }
    },
    [services, profile, check, tell],
  );

  return {
    status: known.status,
    checkedAt: known.checkedAt,
    profile,
    profileProblem,
    link: state.link,
    linkNote: state.linkNote,
    urlProblem,
    tenantEntry,
    openConsentPage,
    copyLink,
    checkAgain,
    saveProfile,
    savingProfile: state.savingProfile,
    saveProblem: state.saveProblem,
    saveNotice: state.saveNotice,
  };
}
