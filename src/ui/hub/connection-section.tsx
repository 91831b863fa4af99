// The hub's connection section, loaded with its later sections. Mounted whenever the hub has the
// connection step's adapters, so a sign-in under way is still checked when the PCA comes back
// while the card itself is hidden (e.g. during a reload).
import { Card } from "../components/page";
import { ConnectionStep } from "./connection-step";
import { CONNECTION_CARD } from "./section-cards";
import type { ConnectionServices, KnownConnection } from "./use-connection";
import { useConnectionStep } from "./use-connection-step";

export interface ConnectionSectionProps {
  services: ConnectionServices;
  known: KnownConnection;
  /** Whether the card shows (only to a PCA). */
  shown: boolean;
}

export function ConnectionSection({ services, known, shown }: ConnectionSectionProps) {
  const step = useConnectionStep(services, known);
  return shown ? (
    <Card {...CONNECTION_CARD}>
      <ConnectionStep step={step} />
    </Card>
  ) : null;
}
