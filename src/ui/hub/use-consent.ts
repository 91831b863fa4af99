// The hub's consent step (docs/platform.md#entra-admin-consent): whether the tenant has consented to the app of
// its app profile, as the backup service decided it (a message from a popup is only a hint to ask
// the service again), and what a Project Collection Administrator does about it: open or copy the
// admin-consent link the service makes (Entra redirects to the service's stable page), "Check
// again", and choose the provided app or the tenant's own.
// When the organization's tenant is not known here, the PCA types it to address the consent
// request; whether consent exists is still the service's answer.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AppProfile } from "../../core/app-profile";
import type { Actor } from "../../core/scope";
import { type ConsentStatus, consentStatusOf, isTrustedHint } from "../../core/consent";
import {
  AppProfileConflictError,
  type ScopeRepository,
  type ScopeSnapshot,
  type StoredAppProfile,
  appProfileOf,
} from "../../core/scope-store";
import type { ConsentWire, StartFlowResponse } from "../../core/service-api";
import { tenantEntryProblem, tenantOfEntry } from "../../core/entra-tenant";
import type { TenantState } from "../components/access-gate";
import { describeProblem } from "../problems";

/** What the consent step asks the backup service (src/service's client provides it). */
export interface ConsentFlows extends Pick<ScopeRepository, "saveAppProfile"> {
  startConsent(tenantId?: string): Promise<StartFlowResponse>;
  checkConsent(): Promise<ConsentWire>;
}

export interface ConsentServices {
  flows: ConsentFlows;
  /** Opens a URL in a new window through the host's navigation service. */
  openWindow(url: string): Promise<void>;
  copyText(text: string, fallbackField?: HTMLInputElement | null): Promise<void>;
  onHint(listener: (hint: unknown) => void): () => void;
  onReturn(listener: () => void): () => void;
  user: Actor;
  newOpId?: () => string;
}

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
  /** Kept for the overview's tenant fact; the service names the tenant, so always undefined. */
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
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

function checkedAtOf(wire: ConsentWire): Date | undefined {
  return wire.status === "unknown" ? undefined : new Date(wire.checkedAt);
}

export function useConsent(
  services: ConsentServices | undefined,
  tenant: TenantState,
  snapshot: ScopeSnapshot | undefined,
  /** A PCA with the overview shown: the service is asked once if it has never checked. */
  autoCheck: boolean,
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
  /** Every state of a consent link the service made for this hub; a hint must carry one. */
  const sentStates = useRef(new Set<string>());
  const generation = useRef(0);
  const running = useRef(false);

  // Every state load carries the service's consent answer and the stored app profile.
  const served = snapshot?.organization?.consent;
  useEffect(() => {
    if (snapshot) setProfile(appProfileOf(snapshot));
    if (served) {
      setStatus(consentStatusOf(served));
      setCheckedAt(checkedAtOf(served));
    } else if (snapshot) {
      setStatus({ kind: "unknown", reason: "The backup service did not say." });
    }
  }, [snapshot, served]);

  const profileProblem = snapshot?.appProfileProblem?.message;
  const tenantId = tenant.kind === "entra" ? tenant.tenantId : undefined;
  const askTenant = tenant.kind === "unknown";
  const tenantProblem = askTenant ? tenantEntryProblem(tenantValue) : undefined;
  const consentTenant =
    tenantId ?? (askTenant && !tenantProblem ? tenantOfEntry(tenantValue) : undefined);
  const ready = Boolean(services) && tenant.kind !== "checking" && !!profile;

  const check = useCallback(() => {
    if (!services || !ready) return;
    const gen = ++generation.current;
    running.current = true;
    setStatus({ kind: "checking" });
    services.flows.checkConsent().then(
      (wire) => {
        if (gen !== generation.current) return;
        running.current = false;
        setStatus(consentStatusOf(wire));
        setCheckedAt(checkedAtOf(wire) ?? new Date());
      },
      (e: unknown) => {
        if (gen !== generation.current) return;
        running.current = false;
        setStatus({ kind: "unknown", reason: describeProblem(e, "checking consent").detail });
      },
    );
  }, [services, ready]);

  // Never checked (a new organization): ask the service once, after the overview is shown so the
  // check adds nothing to its first round.
  const autoChecked = useRef(false);
  useEffect(() => {
    if (autoCheck && ready && served?.status === "unknown" && !autoChecked.current) {
      autoChecked.current = true;
      check();
    }
  }, [autoCheck, ready, served, check]);

  const statusRef = useRef(status);
  statusRef.current = status;
  useEffect(() => {
    if (!services || !ready) return;
    // Back from the consent page (or a hint that names a link this hub made): ask the service.
    const again = (): void => {
      if (sentStates.current.size === 0) return;
      if (statusRef.current.kind !== "consented" && !running.current) check();
    };
    const offReturn = services.onReturn(again);
    const offHint = services.onHint((hint) => {
      if ([...sentStates.current].some((s) => isTrustedHint(hint, s))) check();
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
    if (!services) return undefined;
    if (!consentTenant) {
      setShowTenantProblem(true);
      return undefined;
    }
    try {
      const flow = await services.flows.startConsent(tenantId ? undefined : consentTenant);
      sentStates.current.add(flow.state);
      return flow.url;
    } catch (e) {
      setLinkNote(`No consent link: ${describeProblem(e, "asking for a consent link").detail}`);
      return undefined;
    }
  }, [services, consentTenant, tenantId]);

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
    setLinkNote(undefined);
    void newConsentLink().then((url) => {
      if (!url || !services) return;
      services.openWindow(url).catch((e: unknown) => {
        setLink(url);
        setLinkNote(
          `The consent page could not be opened (${describeProblem(e, "opening it").detail}). Open the link below instead.`,
        );
      });
    });
  }, [newConsentLink, services]);

  const copyLink = useCallback(
    (field?: HTMLInputElement | null) => {
      void newConsentLink().then((url) => {
        if (!url || !services) return;
        setLink(url);
        void services.copyText(url, field).then(
          () => setLinkNote("Link copied. Send it to a Global Administrator of your tenant."),
          () => setLinkNote("Copying is not allowed here: select the link below and copy it."),
        );
      });
    },
    [newConsentLink, services],
  );

  const saveProfile = useCallback(
    async (next: AppProfile): Promise<boolean> => {
      if (!services || !profile) return false;
      setSavingProfile(true);
      setSaveProblem(undefined);
      setSaveNotice(undefined);
      try {
        const saved = await services.flows.saveAppProfile(profile, next, {
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
        // Consent is per app: ask the service about the app now chosen.
        check();
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
    [services, profile, check],
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
    learntTenant: undefined,
    openConsentPage,
    copyLink,
    checkAgain: check,
    saveProfile,
    savingProfile,
    saveProblem,
    saveNotice,
  };
}
