// The Organization settings "Backup" hub: who may act, the state at a glance, then (loaded after
// this first screen) backups, the connection and consent steps, the scope editor with its save
// confirmation and conflicts, and the history of changes.
import type { Problem } from "../problems";
import { AccessGate, accessOf } from "../components/access-gate";
import { Card, PageShell } from "../components/page";
import { ProgressRegion } from "../components/progress-region";
import { formatCount } from "../format";
import {
  type ScopeServices,
  type ScopeSession,
  describeSaveProgress,
  useScopeSession,
} from "../scope-session";
import type { BackupRunsLoader } from "./backups-section";
import { appNameOf } from "./consent-state";
import { ProblemMessage } from "../components/problem-message";
import { DamagedScope } from "./hub-messages";
import { Overview } from "./overview";
import { SectionPlaceholders } from "./section-placeholders";
import { type ConnectionServices, useKnownConnection } from "./use-connection";
import { type ConsentServices, useConsentState } from "./use-consent";
import { useDeferredSections } from "./use-deferred-sections";
import { type TransportEvents, useTransportNote } from "./use-transport-note";

export type { TransportEvents } from "./use-transport-note";

export interface BackupHubProps {
  organizationName: string;
  /** Undefined until the host handshake completes: the hub shows its layout, empty. */
  services: ScopeServices | undefined;
  transportEvents?: TransportEvents;
  connectProblem?: Problem;
  /** The consent step's adapters; without them consent is not checked. */
  consent?: ConsentServices;
  /** The connection step's adapters; without them the organization cannot be connected here. */
  connection?: ConnectionServices;
  /** Backup runs (Back up now, progress, last backups, schedule), made when shown; absent: not shown. */
  backupRuns?: BackupRunsLoader;
  /** The later sections' stylesheet (static/sections.css), loaded with their code. */
  sectionStylesheet?: string;
}

function describe(organizationName: string) {
  return `Choose which projects of ${organizationName}, and which of their data, the backup service protects.`;
}

export function BackupHub(props: BackupHubProps) {
  if (props.services) return <ConnectedHub {...props} services={props.services} />;
  return (
    <PageShell title="Backup" description={describe(props.organizationName || "this organization")}>
      <ProblemMessage problem={props.connectProblem} />
      <ProgressRegion text={props.connectProblem ? undefined : "Connecting to Azure DevOps…"} />
      <Card title="Overview" id="overview-title">
        <Overview
          tenant={{ kind: "checking" }}
          reconciled={undefined}
          settings={undefined}
          projectsDone={false}
          history={undefined}
        />
      </Card>
    </PageShell>
  );
}

/** Every fact of the overview has its answer (what the later sections wait for). */
function overviewComplete(session: ScopeSession): boolean {
  return (
    session.tenant.kind !== "checking" &&
    (session.snapshot !== undefined || session.scopeProblem !== undefined) &&
    (session.history !== undefined || session.historyProblem !== undefined) &&
    (session.projects.length > 0 || session.projectsDone || session.projectsProblem !== undefined)
  );
}

/** The progress line: a save under way, the network's news, or projects still arriving. */
function progressOf(session: ScopeSession, transportNote: string | undefined): string | undefined {
  return (
    describeSaveProgress(session.saving) ??
    transportNote ??
    (session.snapshot && !session.projectsDone && !session.projectsProblem
      ? `Loading projects: ${formatCount(session.projects.length)} so far…`
      : undefined)
  );
}

function ConnectedHub({
  organizationName,
  services,
  transportEvents,
  consent: consentServices,
  connection: connectionServices,
  backupRuns,
  sectionStylesheet,
}: BackupHubProps & { services: ScopeServices }) {
  const session = useScopeSession(services);
  // Consent and connection come with the state the service sends (the overview's one round); a
  // consent never checked is asked for only once every fact of the overview has its answer.
  const overviewShown = overviewComplete(session);
  const consent = useConsentState(session.snapshot);
  const connection = useKnownConnection(session.snapshot);
  // The sections below the overview are a chunk of their own, loaded once the overview is complete.
  const deferred = useDeferredSections(overviewShown, sectionStylesheet);
  const later = deferred.sections;
  const transportNote = useTransportNote(transportEvents);
  const { admin, tenant, snapshot, reconciled, projectsDone, projects } = session;
  const access = accessOf(admin, tenant);

  return (
    <PageShell
      title="Backup"
      description={describe(organizationName)}
      actions={
        <p class="page-user">
          Signed in as <strong>{services.user.displayName}</strong>
        </p>
      }
    >
      <ProgressRegion text={progressOf(session, transportNote)} />
      <AccessGate
        admin={admin}
        tenant={tenant}
        organizationName={organizationName}
        purpose="change what is backed up"
        onRetry={session.reload}
      />
      <ProblemMessage problem={session.scopeProblem} onRetry={session.reload} />
      <DamagedScope problems={snapshot?.problems ?? []} />
      <ProblemMessage problem={session.projectsProblem} onRetry={session.reload} />
      <ProblemMessage problem={deferred.problem} onRetry={deferred.retry} />
      <Card title="Overview" id="overview-title">
        <Overview
          tenant={tenant}
          reconciled={projects.length > 0 || projectsDone ? reconciled : undefined}
          settings={snapshot?.scope.settings}
          projectsDone={projectsDone}
          history={session.history}
          consent={
            consentServices
              ? consent.state.status
              : { kind: "unknown", reason: "Consent is not checked on this page." }
          }
          appName={appNameOf(consent.state)}
          connection={connection.connection}
        />
      </Card>
      {later ? (
        <later.HubSections
          services={services}
          session={session}
          access={access}
          overviewShown={overviewShown}
          consent={consent}
          consentServices={consentServices}
          connection={connection}
          connectionServices={connectionServices}
          backupRuns={backupRuns}
        />
      ) : (
        <SectionPlaceholders
          access={access}
          backups={backupRuns !== undefined}
          connection={connectionServices !== undefined}
          consent={consentServices !== undefined}
          historyProblem={session.historyProblem}
        />
      )}
    </PageShell>
  );
}
