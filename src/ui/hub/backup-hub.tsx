// The Organization settings "Backup" hub: who may act, the state at a glance, the scope editor
// with its save confirmation and conflicts, and the history of changes.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { TransportEvent } from "../../ado/transport";
import type { DraftChanges } from "../../core/scope-draft";
import type { BackupRunsServices } from "../../service/backup-runs";
import { AccessGate, accessOf } from "../components/access-gate";
import { Card, PageShell } from "../components/page";
import { ProgressRegion } from "../components/progress-region";
import { StatusMessage } from "../components/status-message";
import { formatCount, plural } from "../format";
import type { Problem } from "../problems";
import { type ScopeServices, describeSaveProgress, useScopeSession } from "../scope-session";
import { Overview } from "./overview";
import { type ConnectionServices, useConnection } from "./use-connection";
import { type ConsentServices, useConsent } from "./use-consent";
import { useDeferredSections } from "./use-deferred-sections";

export type TransportEvents = (listener: (e: TransportEvent) => void) => () => void;

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
  /** Backup runs (Back up now, progress, last backups, schedule); absent: not shown. */
  backupRuns?: BackupRunsServices;
}

const HISTORY_PAGE = 10;

function describe(organizationName: string) {
  return `Choose which projects of ${organizationName}, and which of their data, the backup service protects.`;
}

export function BackupHub(props: BackupHubProps) {
  if (props.services) return <ConnectedHub {...props} services={props.services} />;
  return (
    <PageShell title="Backup" description={describe(props.organizationName || "this organization")}>
      {props.connectProblem ? (
        <StatusMessage kind="error" title={props.connectProblem.title}>
          {props.connectProblem.detail}
        </StatusMessage>
      ) : null}
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

/** What the network is doing, in words: throttling and retries are worth telling. */
function useTransportNote(events: TransportEvents | undefined): string | undefined {
  const [note, setNote] = useState<string>();
  useEffect(() => {
    if (!events) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (text: string, ms: number): void => {
      setNote(text);
      clearTimeout(timer);
      timer = setTimeout(() => setNote(undefined), Math.max(1500, ms + 500));
    };
    const off = events((e) => {
      if (e.type === "throttled")
        show(
          `Asked to slow down (Azure DevOps or the backup service); continuing in ${Math.ceil(e.delayMs / 1000)} s…`,
          e.delayMs,
        );
      else if (e.type === "retry")
        show(`Retrying a request (${e.reason}, attempt ${e.attempt + 1})…`, e.delayMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [events]);
  return note;
}

function ConnectedHub({
  organizationName,
  services,
  transportEvents,
  consent: consentServices,
  connection: connectionServices,
  backupRuns,
}: BackupHubProps & { services: ScopeServices }) {
  const session = useScopeSession(services);
  // Consent and connection come with the state the service sends (the overview's one round); a
  // consent never checked is asked for only once every fact of the overview has its answer.
  const overviewShown =
    session.tenant.kind !== "checking" &&
    (session.snapshot !== undefined || session.scopeProblem !== undefined) &&
    (session.history !== undefined || session.historyProblem !== undefined) &&
    (session.projects.length > 0 || session.projectsDone || session.projectsProblem !== undefined);
  const consent = useConsent(
    consentServices,
    session.tenant,
    session.snapshot,
    overviewShown && accessOf(session.admin, session.tenant) === "allowed",
  );
  const connection = useConnection(connectionServices, session.snapshot);
  // The sections below the overview are a chunk of their own, loaded once the overview is complete.
  const deferred = useDeferredSections(overviewShown);
  const later = deferred.sections;
  const app = consent.profile?.setting.profile;
  const appName = app
    ? app.kind === "service"
      ? app.displayName
      : `Your own Entra app (${app.clientId})`
    : undefined;
  const [confirming, setConfirming] = useState<DraftChanges>();
  const [historyLimit, setHistoryLimit] = useState(HISTORY_PAGE);
  const transportNote = useTransportNote(transportEvents);
  const { admin, tenant, snapshot, reconciled, projectsDone, projects } = session;
  const access = accessOf(admin, tenant);
  const invalid = snapshot ? snapshot.problems : [];
  const saving = session.saving !== undefined;
  const canEdit = access === "allowed" && snapshot !== undefined && invalid.length === 0;
  const changeCount = useMemo(() => {
    if (!session.dirty) return 0;
    const c = session.pendingChanges();
    return c ? c.projects.length + (c.settings ? 1 : 0) : 0;
  }, [session.dirty, session.pendingChanges]);

  const progress =
    describeSaveProgress(session.saving) ??
    transportNote ??
    (snapshot && !projectsDone && !session.projectsProblem
      ? `Loading projects: ${formatCount(projects.length)} so far…`
      : undefined);

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
      <ProgressRegion text={progress} />
      <AccessGate
        admin={admin}
        tenant={tenant}
        organizationName={organizationName}
        purpose="change what is backed up"
        onRetry={session.reload}
      />
      <RetriableProblem problem={session.scopeProblem} onRetry={session.reload} />
      {invalid.length > 0 ? (
        <StatusMessage
          kind="error"
          title="The stored backup scope is damaged, so it cannot be changed here."
        >
          <ul class="plain-list">
            {invalid.map((p) => (
              <li key={p.documentId}>{p.message}</li>
            ))}
          </ul>
          <p>Nothing was written. Saving stays off until the stored scope is repaired.</p>
        </StatusMessage>
      ) : null}
      <RetriableProblem problem={session.projectsProblem} onRetry={session.reload} />
      <RetriableProblem problem={deferred.problem} onRetry={deferred.retry} />
      <Card title="Overview" id="overview-title">
        <Overview
          tenant={tenant}
          reconciled={projects.length > 0 || projectsDone ? reconciled : undefined}
          settings={snapshot?.scope.settings}
          projectsDone={projectsDone}
          history={session.history}
          consent={
            consentServices
              ? consent.status
              : { kind: "unknown", reason: "Consent is not checked on this page." }
          }
          appName={appName}
          learntTenant={consent.learntTenant}
          connection={connection.connection}
        />
      </Card>
      {backupRuns ? (
        <Card
          title="Backups"
          id="backups-title"
          subtitle="Back up now or on a schedule; each project's last backup. Backups act as the account that connected the organization."
        >
          {later ? (
            <later.BackupRunsSection services={backupRuns} canRun={access === "allowed"} />
          ) : (
            <SectionLoading />
          )}
        </Card>
      ) : null}
      {access === "allowed" && connectionServices ? (
        <Card
          title="Connection to the backup service"
          id="connection-title"
          subtitle="The backup service acts for the organization with the sign-in of a Project Collection Administrator."
        >
          {later ? <later.ConnectionStep step={connection} /> : <SectionLoading />}
        </Card>
      ) : null}
      {access === "allowed" && consentServices ? (
        <Card
          title="Backup app consent"
          id="consent-title"
          subtitle="The backup service signs in with an Entra app that a Global Administrator of your tenant has consented to."
        >
          {later ? <later.ConsentStep consent={consent} /> : <SectionLoading />}
        </Card>
      ) : null}
      {access === "allowed" || access === "checking" ? (
        <Card
          title="Backup scope"
          id="scope-title"
          subtitle="Tick the projects to back up. Each project's data types are in the panel beside the list."
        >
          {later ? (
            <later.ConflictList
              conflicts={session.conflicts}
              settingsConflict={session.settingsConflict}
              onKeepTheirs={session.chooseTheirs}
              onUseMine={session.chooseMine}
              onSettings={session.resolveSettings}
            />
          ) : null}
          {session.saveProblem ? (
            <StatusMessage kind="error" title={session.saveProblem.title}>
              {session.saveProblem.detail} Your unsaved changes are still here.
            </StatusMessage>
          ) : null}
          {session.notice ? (
            <StatusMessage kind={session.notice.kind} title={session.notice.title}>
              {session.notice.detail}
            </StatusMessage>
          ) : null}
          {later ? (
            <later.ScopeEditor session={session} disabled={!canEdit || saving} />
          ) : (
            // The editor's own look while it has no scope yet: the same place, no jump.
            <div class="details" aria-busy="true" />
          )}
          <div class="save-bar">
            <button
              type="button"
              class="button button--primary"
              disabled={!canEdit || saving || !session.dirty}
              onClick={() => setConfirming(session.pendingChanges())}
            >
              {saving ? "Saving…" : "Save changes"}
            </button>
            <span class="save-summary">
              {changeCount > 0
                ? `${plural(changeCount, "unsaved change", "unsaved changes")}`
                : "No unsaved changes"}
            </span>
          </div>
        </Card>
      ) : null}
      <Card
        title="History"
        id="history-title"
        subtitle="Every change to the backup scope, newest first."
      >
        {session.historyProblem ? (
          <StatusMessage kind="error" title={session.historyProblem.title}>
            {session.historyProblem.detail}
          </StatusMessage>
        ) : later ? (
          <later.HistoryList
            history={session.history}
            limit={historyLimit}
            onShowMore={() => setHistoryLimit((n) => n + HISTORY_PAGE)}
          />
        ) : (
          <p class="list-empty">Loading history…</p>
        )}
      </Card>
      {confirming && later ? (
        <later.SaveConfirmation
          changes={confirming}
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => {
            setConfirming(undefined);
            void session.save();
          }}
        />
      ) : null}
    </PageShell>
  );
}

/** A section whose code is still arriving (see useDeferredSections). */
function SectionLoading() {
  return (
    <p class="list-empty" aria-busy="true">
      Loading…
    </p>
  );
}

/** A load that failed, in words, with a way to try it again. */
function RetriableProblem({
  problem,
  onRetry,
}: {
  problem: Problem | undefined;
  onRetry: () => void;
}) {
  if (!problem) return null;
  return (
    <StatusMessage
      kind="error"
      title={problem.title}
      actions={
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      {problem.detail}
    </StatusMessage>
  );
}
