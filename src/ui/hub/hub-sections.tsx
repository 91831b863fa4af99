// The hub's sections below its overview, loaded after its first screen (deferred-sections.ts):
// backups, the connection and consent steps, the scope editor and the history.
import { useState } from "preact/hooks";
import type { Access } from "../components/access-gate";
import { HistoryList } from "../components/history-list";
import { Card } from "../components/page";
import type { ScopeServices, ScopeSession } from "../scope-session";
import { useScopeEdit } from "../use-scope-edit";
import { type BackupRunsLoader, BackupsSection } from "./backups-section";
import { ConnectionSection } from "./connection-section";
import { ConsentSection } from "./consent-section";
import { ProblemMessage } from "../components/problem-message";
import { ScopeSection } from "./scope-section";
import { HISTORY_CARD } from "./section-cards";
import type { ConnectionServices, KnownConnection } from "./use-connection";
import type { ConsentServices, ConsentStore } from "./use-consent";

const HISTORY_PAGE = 10;

export interface HubSectionsProps {
  services: ScopeServices;
  session: ScopeSession;
  access: Access;
  overviewShown: boolean;
  consent: ConsentStore;
  /** The consent step's adapters; without them consent is not checked. */
  consentServices: ConsentServices | undefined;
  connection: KnownConnection;
  /** The connection step's adapters; without them the organization cannot be connected here. */
  connectionServices: ConnectionServices | undefined;
  backupRuns: BackupRunsLoader | undefined;
}

export function HubSections(props: HubSectionsProps) {
  const { session, access, consentServices } = props;
  // Here, not in the scope card: the draft outlives the card while it is hidden (e.g. a reload).
  const edit = useScopeEdit(props.services, session);
  const allowed = access === "allowed";
  const snapshot = session.snapshot;
  const canEdit = allowed && snapshot !== undefined && snapshot.problems.length === 0;
  return (
    <>
      {props.backupRuns ? <BackupsSection load={props.backupRuns} canRun={allowed} /> : null}
      {props.connectionServices ? (
        <ConnectionSection
          services={props.connectionServices}
          known={props.connection}
          shown={allowed}
        />
      ) : null}
      {consentServices ? (
        <ConsentSection
          services={consentServices}
          tenant={session.tenant}
          snapshot={snapshot}
          consent={props.consent}
          autoCheck={props.overviewShown && allowed}
          shown={allowed}
        />
      ) : null}
      {allowed || access === "checking" ? (
        <ScopeSection session={session} edit={edit} canEdit={canEdit} />
      ) : null}
      <HistorySection session={session} />
    </>
  );
}

function HistorySection({ session }: { session: ScopeSession }) {
  const [limit, setLimit] = useState(HISTORY_PAGE);
  return (
    <Card {...HISTORY_CARD}>
      {session.historyProblem ? (
        <ProblemMessage problem={session.historyProblem} />
      ) : (
        <HistoryList
          history={session.history}
          limit={limit}
          onShowMore={() => setLimit((n) => n + HISTORY_PAGE)}
        />
      )}
    </Card>
  );
}
