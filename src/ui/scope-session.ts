// One admin's session with the backup scope: everything the hub shows, loaded in one parallel
// round. The state and how each answer changes it are a pure reducer (scope-session-state.ts);
// this hook sends the requests. The draft of changes and saving it come with the hub's later
// sections (use-scope-edit.ts), and report back here.
import { useCallback, useEffect, useMemo, useReducer } from "preact/hooks";
import type { ProjectsPage, TenantInfo } from "../ado/organization";
import { type Actor, type ProjectRef, type ReconciledScope, reconcile } from "../core/scope";
import type { SaveProgress, ScopeRepository, ScopeSnapshot } from "../core/scope-store";
import { checkAccess } from "./access";
import { formatCount } from "./format";
import { newRequestId } from "./latest-answer";
import { describeProblem } from "./problems";
import {
  type LoadFailure,
  type ScopeSessionAction,
  type ScopeSessionState,
  initialScopeSession,
  scopeSessionReducer,
} from "./scope-session-state";

/** What the session needs from the adapters; HostSession provides it, tests fake it. */
export interface ScopeServices {
  user: Actor;
  organization: {
    tenant(): Promise<TenantInfo>;
    isCollectionAdmin(): Promise<boolean>;
    listProjects(onPage?: (page: ProjectsPage) => void): Promise<ProjectRef[]>;
  };
  /** The one scope repository (the backup service's client); tests may pass a stand-in. */
  store: Pick<ScopeRepository, "load" | "loadHistory" | "save">;
  newOpId?: () => string;
}

/** The session's state (less the load it awaits), the reconciled scope, and what to do. */
export interface ScopeSession extends Omit<ScopeSessionState, "loadRequest"> {
  reconciled: ReconciledScope | undefined;
  reload: () => void;
  /** A save's progress (undefined once it has ended). */
  reportSave: (progress: SaveProgress | undefined) => void;
  /**
   * The scope as a save left it; then the whole scope and history are read again (other admins
   * may have changed documents the save did not touch).
   */
  showSaved: (snapshot: ScopeSnapshot) => void;
}

/** A request of the load `requestId` failed: its problem, in the words of what it was doing. */
function failure(
  type: LoadFailure,
  requestId: number,
  e: unknown,
  doing: string,
): ScopeSessionAction {
  return { type, requestId, problem: describeProblem(e, doing) };
}

/** Loads the scope's history as an answer to the load `requestId`. */
function loadHistoryInto(
  services: ScopeServices,
  requestId: number,
  dispatch: (action: ScopeSessionAction) => void,
): void {
  services.store.loadHistory().then(
    (history) => dispatch({ type: "history-loaded", requestId, history }),
    (e: unknown) => dispatch(failure("history-failed", requestId, e, "loading the history")),
  );
}

export function useScopeSession(services: ScopeServices): ScopeSession {
  const [state, dispatch] = useReducer(scopeSessionReducer, initialScopeSession);

  const reload = useCallback(() => {
    const requestId = newRequestId();
    dispatch({ type: "load-started", requestId });
    // Every first request goes out at once (one round after the handshake).
    checkAccess(services.organization, {
      admin: (admin) => dispatch({ type: "admin-checked", requestId, admin }),
      tenant: (tenant) => dispatch({ type: "tenant-checked", requestId, tenant }),
    });
    services.store.load().then(
      (snapshot) => dispatch({ type: "scope-loaded", requestId, snapshot }),
      (e: unknown) => dispatch(failure("scope-failed", requestId, e, "loading the backup scope")),
    );
    loadHistoryInto(services, requestId, dispatch);
    services.organization
      .listProjects((page) =>
        dispatch({ type: "projects-page", requestId, projects: page.projects.slice() }),
      )
      .then(
        (projects) => dispatch({ type: "projects-listed", requestId, projects }),
        (e: unknown) => dispatch(failure("projects-failed", requestId, e, "listing the projects")),
      );
  }, [services]);

  useEffect(() => {
    reload();
  }, [reload]);

  const reportSave = useCallback(
    (progress: SaveProgress | undefined) => dispatch({ type: "save-progress", progress }),
    [],
  );

  const { loadRequest } = state;
  const showSaved = useCallback(
    (snapshot: ScopeSnapshot) => {
      dispatch({ type: "scope-saved", snapshot });
      if (loadRequest === undefined) return;
      // Reads only, answering the current load; a failed one changes nothing.
      services.store.load().then(
        (fresh) => dispatch({ type: "scope-refreshed", requestId: loadRequest, snapshot: fresh }),
        () => undefined,
      );
      loadHistoryInto(services, loadRequest, dispatch);
    },
    [services, loadRequest],
  );

  const { snapshot, projects } = state;
  const reconciled = useMemo(
    () => (snapshot ? reconcile(snapshot.scope, projects) : undefined),
    [snapshot, projects],
  );

  return {
    admin: state.admin,
    tenant: state.tenant,
    snapshot,
    scopeProblem: state.scopeProblem,
    history: state.history,
    historyProblem: state.historyProblem,
    projects,
    projectsDone: state.projectsDone,
    projectsProblem: state.projectsProblem,
    reconciled,
    saving: state.saving,
    reload,
    reportSave,
    showSaved,
  };
}

export function describeSaveProgress(p: SaveProgress | undefined): string | undefined {
  if (!p) return undefined;
  if (p.documentsToWrite === 0) return "Saving…";
  return `Saving: ${formatCount(p.documentsWritten)} of ${formatCount(p.documentsToWrite)} documents written…`;
}
