// The hub's consent step (DESIGN §1 step 2, §4): whether the tenant has consented to the app of
// its app profile, learnt silently, and what a Project Collection Administrator does about it.
// The check starts only once the overview is shown, and runs again when the hub's window comes
// back, when a hint with a state this hub sent arrives, and on "Check again".
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AppProfile } from "../../core/appProfile";
import type { Actor } from "../../core/scope";
import {
  type ConsentStatus,
  ENTRA_AUTHORITY,
  adminConsentUrl,
  isTrustedHint,
  newConsentState,
} from "../../core/consent";
import {
  AppProfileConflictError,
  type ScopeSnapshot,
  type StoredAppProfile,
  appProfileOf,
} from "../../core/scopeStore";
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

export interface ConsentStep {
  status: ConsentStatus;
  /** When the status was last learnt (for "Checked at …"), undefined before the first answer. */
  checkedAt: Date | undefined;
  profile: StoredAppProfile | undefined;
  profileProblem: string | undefined;
  /** The link last offered to a Global Administrator (after "Copy link"). */
  link: string | undefined;
  linkNote: string | undefined;
  /** Undefined when a consent URL cannot be built (no tenant yet): why not. */
  urlProblem: string | undefined;
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
  const clientId = profileProblem ? undefined : profile?.setting.profile.clientId;
  const ready = Boolean(services) && overviewShown && tenant.kind !== "checking" && !!profile;

  const check = useCallback(() => {
    if (!services || !ready) return;
    const gen = ++generation.current;
    if (!tenantId) {
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
    void services.checker.check({ clientId, tenantId }).then((outcome) => {
      if (gen !== generation.current) return;
      running.current = false;
      setCheckedAt(new Date());
      if (outcome.kind === "consented") setStatus({ kind: "consented" });
      else if (outcome.kind === "not-consented")
        setStatus({ kind: "not-consented", detail: outcome.description });
      else setStatus({ kind: "unknown", reason: `${outcome.description} (${outcome.code})` });
    });
  }, [services, ready, tenantId, clientId, profileProblem, tenant.kind]);

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
      if ([...sentStates.current].some((s) => isTrustedHint(hint, s))) check();
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

  const urlProblem = !tenantId
    ? "The consent link needs the organization's Microsoft Entra tenant, which is not known here."
    : !clientId
      ? (profileProblem ?? "Choose the backup app first.")
      : undefined;

  const newConsentUrl = useCallback((): string | undefined => {
    if (!services || !tenantId || !clientId) return undefined;
    const state = newConsentState((b) => crypto.getRandomValues(b));
    sentStates.current.add(state);
    return adminConsentUrl({
      authority: ENTRA_AUTHORITY,
      tenantId,
      clientId,
      redirectUri: services.redirectUri,
      state,
    });
  }, [services, tenantId, clientId]);

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
    openConsentPage,
    copyLink,
    checkAgain,
    saveProfile,
    savingProfile,
    saveProblem,
    saveNotice,
  };
}
