// Entry point of the Organization settings "Backup" hub: render the layout at once (no jump),
// complete the SDK handshake, then hand the adapters to the hub.
import { render } from "preact";
import {
  connectToHost,
  enableNestedAppAuth,
  notifyLoadFailed,
  notifyLoaded,
  openHostWindow,
} from "../../ado/host";
import type { TransportEvent } from "../../ado/transport";
import { copyText, listenForConsentHints, onWindowReturn } from "../../browser/hubWindow";
import { createConsentChecker } from "../../entra/consentCheck";
import { BackupHub } from "../../ui/hub/BackupHub";
import { describeProblem } from "../../ui/problems";

const root = document.getElementById("root") as HTMLElement;
const listeners = new Set<(e: TransportEvent) => void>();
const transportEvents = (listener: (e: TransportEvent) => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

render(<BackupHub organizationName="" services={undefined} />, root);

/** Entra's redirect target: the extension's consent page, beside this hub's own folder. */
const consentPage = new URL("../consent/consent.html", location.href).toString();

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
        consent={{
          checker: createConsentChecker(enableNestedAppAuth),
          // A tab of its own, cut from this page: Entra's pages sever the opener anyway.
          openWindow: (url) => openHostWindow(url, "noopener"),
          copyText,
          redirectUri: consentPage,
          onHint: listenForConsentHints,
          onReturn: onWindowReturn,
          profiles: session.store,
          user: { id: session.user.id, displayName: session.user.displayName },
        }}
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
