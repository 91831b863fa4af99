// The hub's consent step (DESIGN §1 step 2, §4): whether the tenant has consented to the app of
// its app profile, learnt silently, and what a Project Collection Administrator does about it.
// The check starts only once the overview is shown, and runs again when the hub's window comes
// back, when a hint with a state this hub sent arrives, and on "Check again".
// When Azure DevOps does not reveal the organization's tenant to this frame, the PCA types it to
// address the consent request; the check itself does not need it. The tenant Entra names on a
// grant is kept in memory only (it is Entra's claim relayed by a page, not proof: storing it for
// everyone would make it look authoritative) and shown once the hub's own check finds consent.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AppProfile } from "../../core/appProfile";
import type { Actor } from "../../core/scope";
import {
  type ConsentStatus,
  ENTRA_AUTHORITY,
  adminConsentUrl,
  consentedTenantOf,
  isTrustedHint,
  newConsentState,
} from "../../core/consent";
import {
  AppProfileConflictError,
  type ScopeSnapshot,
  type StoredAppProfile,
  appProfileOf,
} from "../../core/scopeStore";
import { tenantEntryProblem, tenantOfEntry } from "../../core/entraTenant";
import type { ConsentChecker } from "../../entra/consentCheck";
import type { TenantState } from "../components/AccessGate";
import { describeProblem } from "../problems";

export interface ConsentServices {
  checker: ConsentChecker;
  /** Opens a URL in a new window through the host's navigation service. */
  openWindow(url: string): Promise<void>;
  copyText(text: string, fallbackField?: HTMLInputElement | null): Promise<void>;
  /** The extension's consent page (Entra's redirect target), absolute. */
  redirectUri: string;
  onHint(listener: (hint: unknown) => void): () => void;
  onReturn(listener: () => void): () => void;
  profiles: {
    saveAppProfile(
      current: StoredAppProfile,
      profile: AppProfile,
      options: { actor: Actor; opId: string },
    ): Promise<StoredAppProfile>;
  };
  user: Actor;
  newOpId?: () => string;
}

/** The tenant a PCA types when Azure DevOps did not reveal the organization's own. */
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
  /** When the status was last learnt (for "Checked at …"), undefined before the first answer. */
  checkedAt: Date | undefined;
  profile: StoredAppProfile | undefined;
  profileProblem: string | undefined;
  /** The link last offered to a Global Administrator (after "Copy link"). */
  link: string | undefined;
  linkNote: string | undefined;
  /** Undefined when a consent URL can be built (perhaps once a tenant is typed): why not. */
  urlProblem: string | undefined;
  /** Set when the organization's tenant is not known here: the PCA types it. */
  tenantEntry: TenantEntry | undefined;
  /** The tenant Entra named when consent was granted, once the hub's own check agreed. */
  learntTenant: string | undefined;
  openConsentPage: () => void;
  copyLink: (field?: HTMLInputElement | null) => void;
  checkAgain: () => void;
  saveProfile: (profile: AppProfile) => Promise<boolean>;
  savingProfile: boolean;
  saveProblem: string | undefined;
  saveNotice: string | undefined;
}

function randomOpId(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : newConsentState((b) => crypto.getRandomValues(b));
}

export function useConsent(
  services: ConsentServices | undefined,
  tenant: TenantState,
  snapshot: ScopeSnapshot | undefined,
  overviewShown: boolean,
): ConsentStep {
  const [status, setStatus] = useState<ConsentStatus>({ kind: "checking" });
  const [checkedAt, setCheckedAt] = useState<Date>();
  const [profile, setProfile] = useState<StoredAppProfile>();
  const [link, setLink] = useState<string>();
  const [linkNote, setLinkNote] = useState<string>();
  const [savingProfile, setSavingProfile] = useState(false);
  const [saveProblem, setSaveProblem] = useState<string>();
  const [saveNotice, setSaveNotice] = useState<string>();
  const [tenantValue, setTenantValue] = useState("");
  const [showTenantProblem, setShowTenantProblem] = useState(false);
  const [learntTenant, setLearntTenant] = useState<string>();
  /** The tenant a trusted hint named, until the check that hint started answers. */
  const claimedTenant = useRef<string | undefined>(undefined);
  /** Every state this hub sent; a hint is trusted only with one of them. In memory only. */
  const sentStates = useRef(new Set<string>());
  const generation = useRef(0);
  const running = useRef(false);

  // The profile comes with every scope load (same collection, no extra request); a save of ours
  // is newer than the snapshot it was made from.
  useEffect(() => {
    if (snapshot) setProfile(appProfileOf(snapshot));
  }, [snapshot]);

  const profileProblem = snapshot?.appProfileProblem?.message;
  const tenantId = tenant.kind === "entra" ? tenant.tenantId : undefined;
  const askTenant = tenant.kind === "unknown";
  const tenantProblem = askTenant ? tenantEntryProblem(tenantValue) : undefined;
  /** Where the consent request goes: the organization's tenant, or the one the PCA typed. */
  const consentTenant =
    tenantId ?? (askTenant && !tenantProblem ? tenantOfEntry(tenantValue) : undefined);
  const clientId = profileProblem ? undefined : profile?.setting.profile.clientId;
  const ready = Boolean(services) && overviewShown && tenant.kind !== "checking" && !!profile;

  const check = useCallback(() => {
    if (!services || !ready) return;
    const gen = ++generation.current;
    if (!tenantId && !askTenant) {
      setStatus({
        kind: "unknown",
        reason:
          tenant.kind === "none"
            ? "The organization has no Microsoft Entra tenant (it uses Microsoft accounts)."
            : "The organization's Microsoft Entra tenant could not be read.",
      });
      return;
    }
    if (!clientId) {
      setStatus({ kind: "unknown", reason: profileProblem ?? "No backup app is chosen." });
      return;
    }
    running.current = true;
    setStatus((s) => (s.kind === "unknown" ? { kind: "checking" } : s));
    // Without the organization's tenant the check asks for the signed-in user's: never the typed
    // one, which only addresses the consent request and may be mistyped.
    void services.checker.check({ clientId, tenantId }).then((outcome) => {
      if (gen !== generation.current) return;
      running.current = false;
      setCheckedAt(new Date());
      const claimed = claimedTenant.current;
      claimedTenant.current = undefined;
      if (outcome.kind === "consented") {
        setStatus({ kind: "consented" });
        if (claimed) setLearntTenant(claimed);
      } else if (outcome.kind === "not-consented") {
        setStatus({ kind: "not-consented", detail: outcome.description });
        if (claimed)
          setLinkNote(
            `Microsoft Entra reported consent in tenant ${claimed}, but this organization still has none: check the tenant ID or domain you entered.`,
          );
      } else setStatus({ kind: "unknown", reason: `${outcome.description} (${outcome.code})` });
    });
  }, [services, ready, tenantId, askTenant, clientId, profileProblem, tenant.kind]);

  // First check once the overview is shown, and again whenever the app or tenant changes.
  useEffect(() => {
    if (ready) {
      setStatus({ kind: "checking" });
      check();
    }
  }, [ready, check]);

  const statusRef = useRef(status);
  statusRef.current = status;
  useEffect(() => {
    if (!services || !ready) return;
    const again = (): void => {
      if (statusRef.current.kind !== "consented" && !running.current) check();
    };
    const offReturn = services.onReturn(again);
    const offHint = services.onHint((hint) => {
      // Anything but a hint carrying a state this hub sent is ignored.
      if (![...sentStates.current].some((s) => isTrustedHint(hint, s))) return;
      claimedTenant.current = consentedTenantOf(hint);
      check();
    });
    return () => {
      offReturn();
      offHint();
    };
  }, [services, ready, check]);

  // Asked for: say so while it runs. (Checks on return or hint keep the last answer meanwhile.)
  const checkAgain = useCallback(() => {
    if (ready) setStatus({ kind: "checking" });
    check();
  }, [ready, check]);

  const urlProblem =
    !tenantId && !askTenant
      ? "The consent link needs the organization's Microsoft Entra tenant, which is not known here."
      : !clientId
        ? (profileProblem ?? "Choose the backup app first.")
        : undefined;

  const newConsentUrl = useCallback((): string | undefined => {
    if (!services || !clientId) return undefined;
    if (!consentTenant) {
      // Only reachable with a typed tenant that cannot be used: say why, beside the field.
      setShowTenantProblem(true);
      return undefined;
    }
    const state = newConsentState((b) => crypto.getRandomValues(b));
    sentStates.current.add(state);
    return adminConsentUrl({
      authority: ENTRA_AUTHORITY,
      tenantId: consentTenant,
      clientId,
      redirectUri: services.redirectUri,
      state,
    });
  }, [services, consentTenant, clientId]);

  const setTenantEntry = useCallback((value: string) => {
    setTenantValue(value);
    // A link made for another tenant must not linger beside the new one.
    setLink(undefined);
    setLinkNote(undefined);
  }, []);
  const leaveTenantEntry = useCallback(() => setShowTenantProblem(true), []);
  const tenantEntry: TenantEntry | undefined = askTenant
    ? {
        value: tenantValue,
        problem: tenantProblem,
        showProblem: showTenantProblem && !!tenantProblem,
        set: setTenantEntry,
        leave: leaveTenantEntry,
      }
    : undefined;

  const openConsentPage = useCallback(() => {
    const url = newConsentUrl();
    if (!url || !services) return;
    setLinkNote(undefined);
    services.openWindow(url).catch((e: unknown) => {
      setLink(url);
      setLinkNote(
        `The consent page could not be opened (${describeProblem(e, "opening it").detail}). Open the link below instead.`,
      );
    });
  }, [newConsentUrl, services]);

  const copyLink = useCallback(
    (field?: HTMLInputElement | null) => {
      const url = newConsentUrl();
      if (!url || !services) return;
      setLink(url);
      void services.copyText(url, field).then(
        () => setLinkNote("Link copied. Send it to a Global Administrator of your tenant."),
        () => setLinkNote("Copying is not allowed here: select the link below and copy it."),
      );
    },
    [newConsentUrl, services],
  );

  const saveProfile = useCallback(
    async (next: AppProfile): Promise<boolean> => {
      if (!services || !profile) return false;
      setSavingProfile(true);
      setSaveProblem(undefined);
      setSaveNotice(undefined);
      try {
        const saved = await services.profiles.saveAppProfile(profile, next, {
          actor: services.user,
          opId: (services.newOpId ?? randomOpId)(),
        });
        setProfile(saved);
        setLink(undefined);
        setLinkNote(undefined);
        setSaveNotice(
          next.kind === "service"
            ? "Saved: the provided backup service app is used."
            : `Saved: your own Entra app (${next.clientId}) is used.`,
        );
        return true;
      } catch (e) {
        if (e instanceof AppProfileConflictError) {
          setProfile(e.theirs);
          setSaveProblem(
            "Another administrator changed the backup app meanwhile; what they chose is shown now. Check it, then save again if needed.",
          );
        } else setSaveProblem(describeProblem(e, "saving the backup app").detail);
        return false;
      } finally {
        setSavingProfile(false);
      }
    },
    [services, profile],
  );

  return {
    status,
    checkedAt,
    profile,
    profileProblem,
    link,
    linkNote,
    urlProblem,
    tenantEntry,
    learntTenant,
    openConsentPage,
    copyLink,
    checkAgain,
    saveProfile,
    savingProfile,
    saveProblem,
    saveNotice,
  };
}
