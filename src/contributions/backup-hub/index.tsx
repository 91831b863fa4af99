// Entry point of the Organization settings "Backup" hub: render the layout at once (no jump),
// complete the SDK handshake, then hand the adapters to the hub. The scope, app profile,
// connection, consent and history come from the backup service (its URL fixed at packaging);
// the projects from Azure DevOps, in the same round.
import { render } from "preact";
import { connectToHost, notifyLoadFailed, notifyLoaded, openHostWindow } from "../../ado/host";
import type { TransportEvent } from "../../ado/transport";
import { onWindowReturn } from "./hub-window";
import { backupServiceFor } from "../../service/marketplace-credentials";
import { BackupHub } from "../../ui/hub/backup-hub";
import { describeProblem } from "../../ui/problems";

const root = document.getElementById("root") as HTMLElement;
const listeners = new Set<(e: TransportEvent) => void>();
const transportEvents = (listener: (e: TransportEvent) => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const onTransportEvent = (e: TransportEvent): void => listeners.forEach((l) => l(e));

// The consent step's browser signals come with the hub's later sections (the same chunk), where
// the step is: by then this import is already loaded.
const consentSignals = () => import(/* webpackChunkName: "hub-sections" */ "./consent-signals");
const copyText = (text: string, field?: HTMLInputElement | null): Promise<void> =>
  consentSignals().then((m) => m.copyText(text, field));
const onHint = (listener: (hint: unknown) => void): (() => void) => {
  let off: (() => void) | undefined;
  let live = true;
  void consentSignals().then((m) => {
    if (live) off = m.listenForConsentHints(listener);
  });
  return () => {
    live = false;
    off?.();
  };
};

render(<BackupHub organizationName="" services={undefined} />, root);

connectToHost({ onTransportEvent }).then(
  (session) => {
    const service = backupServiceFor(session, onTransportEvent);
    const user = { id: session.user.id, displayName: session.user.displayName };
    // A tab of its own, cut from this page: Entra's pages sever the opener anyway.
    const openWindow = (url: string): Promise<void> => openHostWindow(url, "noopener");
    render(
      <BackupHub
        organizationName={session.organization.name}
        services={{
          user,
          organization: {
            // Who may act and the tenant are the service's answers (docs/architecture.md#security-rules), from its state.
            isCollectionAdmin: () => service.isCollectionAdmin(),
            tenant: () => service.tenant(),
            listProjects: (onPage) => session.organizationService.listProjects(onPage),
          },
          store: service,
        }}
        transportEvents={transportEvents}
        consent={{
          flows: service,
          openWindow,
          copyText,
          onHint,
          onReturn: onWindowReturn,
          user,
        }}
        backupRuns={() =>
          // In the chunk of the hub's later sections (not needed for the first screen).
          import(/* webpackChunkName: "hub-sections" */ "../../service/backup-runs").then(
            (m) => new m.BackupRunsClient(service),
          )
        }
        sectionStylesheet="../static/sections.css"
        connection={{
          startConnection: () => service.startConnection(),
          currentConnection: async () => (await service.state()).connection,
          openWindow,
          onReturn: onWindowReturn,
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
