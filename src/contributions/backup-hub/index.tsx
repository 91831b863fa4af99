// Entry point of the Organization settings "Backup" hub: render the layout at once (no jump),
// complete the SDK handshake, then hand the adapters to the hub.
import { render } from "preact";
import { connectToHost, notifyLoadFailed, notifyLoaded } from "../../ado/host";
import type { TransportEvent } from "../../ado/transport";
import { BackupHub } from "../../ui/hub/BackupHub";
import { describeProblem } from "../../ui/problems";

const root = document.getElementById("root") as HTMLElement;
const listeners = new Set<(e: TransportEvent) => void>();
const transportEvents = (listener: (e: TransportEvent) => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

render(<BackupHub organizationName="" services={undefined} />, root);

connectToHost({ onTransportEvent: (e) => listeners.forEach((l) => l(e)) }).then(
  (session) => {
    render(
      <BackupHub
        organizationName={session.organization.name}
        services={{
          user: { id: session.user.id, displayName: session.user.displayName },
          organization: session.organizationService,
          store: session.store,
        }}
        transportEvents={transportEvents}
      />,
      root,
    );
    void notifyLoaded();
  },
  (e: unknown) => {
    render(
      <BackupHub
        organizationName=""
        services={undefined}
        connectProblem={describeProblem(e, "connecting to Azure DevOps")}
      />,
      root,
    );
    void notifyLoadFailed(e);
  },
);
