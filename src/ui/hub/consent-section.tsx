// The hub's consent section, loaded with its later sections. Mounted whenever the hub has the
// consent step's adapters, so the automatic check and the listeners for the PCA's return from a
// consent page keep running while the card itself is hidden (e.g. during a reload).
import type { ScopeSnapshot } from "../../core/scope-store";
import type { TenantState } from "../components/access-gate";
import { Card } from "../components/page";
import { ConsentStep } from "./consent-step";
import { CONSENT_CARD } from "./section-cards";
import type { ConsentServices, ConsentStore } from "./use-consent";
import { useConsentStep } from "./use-consent-step";

export interface ConsentSectionProps {
  services: ConsentServices;
  tenant: TenantState;
  snapshot: ScopeSnapshot | undefined;
  consent: ConsentStore;
  /** A PCA with the overview shown: a consent never checked is checked once. */
  autoCheck: boolean;
  /** Whether the card shows (only to a PCA). */
  shown: boolean;
}

export function ConsentSection({ shown, ...props }: ConsentSectionProps) {
  const step = useConsentStep(
    props.services,
    props.tenant,
    props.snapshot,
    props.consent,
    props.autoCheck,
  );
  return shown ? (
    <Card {...CONSENT_CARD}>
      <ConsentStep consent={step} />
    </Card>
  ) : null;
}
