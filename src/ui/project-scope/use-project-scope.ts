// One project's backup state, loaded with the least the panel needs (the scope documents in one
// list request, the PCA check, and the project), and saved through the same store as the hub.
// The state is a pure reducer (project-scope-state.ts); this hook sends the requests.
import { useCallback, useEffect, useMemo, useReducer, useRef } from "preact/hooks";
import type { DataType } from "../../core/data-types";
import {
  type ProjectEdit,
  type ProjectScopeView,
  changeFor,
  describeConflict,
  projectScopeView,
  retryChange,
  savedMessage,
} from "../../core/project-scope";
import { type Actor, type ProjectChange, type ProjectRef, sameChoice } from "../../core/scope";
import type { ScopeRepository, ScopeSnapshot } from "../../core/scope-store";
import type { TenantInfo } from "../../ado/organization";
import { checkAccess } from "../access";
import type { AdminState, TenantState } from "../components/access-gate";
import { formatWhen } from "../format";
import { type Problem, describeProblem } from "../problems";
import type { BackupRunsServices } from "../../service/backup-runs";
import { newRequestId } from "../latest-answer";
import { newOpId, opIdForSave } from "../save-op-id";
import {
  type ProjectConflict,
  type Saved,
  initialProjectScope,
  projectScopeReducer,
} from "./project-scope-state";

/** What the panel needs from the adapters; the entry points wire HostSession, tests fake it. */
export interface ProjectScopeServices {
  user: Actor;
  organizationName: string;
  /** The project the panel is about: from the action's context, the dialog's configuration or the page. */
  project(): Promise<ProjectRef>;
  isCollectionAdmin(): Promise<boolean>;
  /** The organization's Entra tenant: the same rule as the hub (no tenant, no changes). */
  tenant(): Promise<TenantInfo>;
  /** The one scope repository (the backup service's client); tests may pass a stand-in. */
  store: Pick<ScopeRepository, "load" | "save">;
  newOpId?: () => string;
  /** This project's last backup and Back up now; absent: not shown. */
  backupRuns?: BackupRunsServices;
}

export type { ProjectConflict, Saved } from "./project-scope-state";

export interface ProjectScopeState {
  project: ProjectRef | undefined;
  snapshot: ScopeSnapshot | undefined;
  view: ProjectScopeView | undefined;
  admin: AdminState;
  tenant: TenantState;
  loadProblem: Problem | undefined;
  /** The data types ticked in the panel. */
  dataTypes: DataType[];
  setDataTypes: (next: DataType[]) => void;
  saving: boolean;
  saveProblem: Problem | undefined;
  conflict: ProjectConflict | undefined;
  /** Set after a successful save, until the next edit. */
  saved: Saved | undefined;
  apply: (edit: ProjectEdit) => Promise<void>;
  keepTheirs: () => void;
  applyMine: () => Promise<void>;
  reload: () => void;
}

export function useProjectScope(
  services: ProjectScopeServices,
  onSaved?: (saved: Saved) => void,
): ProjectScopeState {
  const [state, dispatch] = useReducer(projectScopeReducer, initialProjectScope);
  // A save reads the failed save it may repeat as it is now, not as it was when made.
  const latest = useRef(state);
  latest.current = state;
  const { project, snapshot, conflict } = state;

  const view = useMemo(
    () => (snapshot && project ? projectScopeView(snapshot.scope, project) : undefined),
    [snapshot, project],
  );

  const reload = useCallback(() => {
    const requestId = newRequestId();
    dispatch({ type: "load-started", requestId });
    // All four requests go out at once.
    checkAccess(services, {
      admin: (admin) => dispatch({ type: "admin-checked", requestId, admin }),
      tenant: (tenant) => dispatch({ type: "tenant-checked", requestId, tenant }),
    });
    Promise.all([services.project(), services.store.load()]).then(
      ([p, s]) => dispatch({ type: "loaded", requestId, project: p, snapshot: s }),
      (e: unknown) =>
        dispatch({
          type: "load-failed",
          requestId,
          problem: describeProblem(e, "loading the backup scope"),
        }),
    );
  }, [services]);

  useEffect(() => reload(), [reload]);

  const save = useCallback(
    async (base: ScopeSnapshot, p: ProjectRef, change: ProjectChange): Promise<void> => {
      dispatch({ type: "save-started" });
      const opId = opIdForSave(
        latest.current.unfinishedSave,
        change,
        (failed, now) => failed.projectId === now.projectId && sameChoice(failed.after, now.after),
        services.newOpId ?? newOpId,
      );
      try {
        const result = await services.store.save(base, [change], undefined, {
          actor: services.user,
          opId,
        });
        const theirs = result.conflicts.find((c) => c.projectId === p.id);
        if (theirs) {
          dispatch({
            type: "save-conflicted",
            conflict: {
              conflict: theirs,
              sentence: describeConflict(theirs, formatWhen),
              latest: result.snapshot,
            },
          });
          return;
        }
        const done = { message: savedMessage(base.scope, p, change), result };
        dispatch({ type: "saved", saved: done });
        onSaved?.(done);
      } catch (e) {
        dispatch({
          type: "save-failed",
          problem: describeProblem(e, "saving the backup scope"),
          opId,
          change,
        });
      }
    },
    [services, onSaved],
  );

  const apply = useCallback(
    async (edit: ProjectEdit): Promise<void> => {
      if (!snapshot || !project) return;
      const change = changeFor(snapshot.scope, project, edit);
      if (!change) return;
      await save(snapshot, project, change);
    },
    [snapshot, project, save],
  );

  const keepTheirs = useCallback(() => dispatch({ type: "keep-theirs" }), []);

  const applyMine = useCallback(async () => {
    if (!conflict || !project) return;
    const change = retryChange(conflict.latest.scope, project, conflict.conflict.mine);
    if (!change) {
      keepTheirs(); // what they stored is what I wanted
      return;
    }
    await save(conflict.latest, project, change);
  }, [conflict, project, save, keepTheirs]);

  const setDataTypes = useCallback(
    (dataTypes: DataType[]) => dispatch({ type: "data-types-ticked", dataTypes }),
    [],
  );

  return {
    project,
    snapshot,
    view,
    admin: state.admin,
    tenant: state.tenant,
    loadProblem: state.loadProblem,
    dataTypes: state.dataTypes,
    setDataTypes,
    saving: state.saving,
    saveProblem: state.saveProblem,
    conflict,
    saved: state.saved,
    apply,
    keepTheirs,
    applyMine,
    reload,
  };
}
