// The hub's consent step (docs/platform.md#entra-admin-consent): whether the tenant has consented to
// the app of its app profile, as the backup service decided it (a message from a popup is only a
// hint to ask the service again), and what a Project Collection Administrator does about it.
// The hub holds what it knows about consent from its first screen (consent-state.ts: the overview
// shows it); the step's own state and commands come with its later sections (use-consent-step.ts).
import { useEffect, useReducer } from "preact/hooks";
import type { Actor } from "../../core/scope";
import type { ScopeRepository, ScopeSnapshot } from "../../core/scope-store";
import type { ConsentWire, StartFlowResponse } from "../../core/service-api";
import {
  type ConsentAction,
  type ConsentState,
  consentReducer,
  initialConsentState,
} from "./consent-state";

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

/** The consent step's state and the way to change it. */
export interface ConsentStore {
  state: ConsentState;
  dispatch: (action: ConsentAction) => void;
}

/** The consent state, following every state load (each carries the service's consent answer). */
export function useConsentState(snapshot: ScopeSnapshot | undefined): ConsentStore {
  const [state, dispatch] = useReducer(consentReducer, initialConsentState);
  useEffect(() => {
    if (snapshot) dispatch({ type: "served", snapshot });
  }, [snapshot]);
  return { state, dispatch };
}
