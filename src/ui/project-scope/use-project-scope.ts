// One project's backup state, loaded with the least the panel needs (the scope documents in one
// list request, the PCA check, and the project), and saved through the same store as the hub.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
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
import type { Conflict, SaveResult, ScopeRepository, ScopeSnapshot } from "../../core/scope-store";
import type { TenantInfo } from "../../ado/organization";
import { checkAccess } from "../access";
import type { AdminState, TenantState } from "../components/access-gate";
import { formatWhen } from "../format";
import { type Problem, describeProblem } from "../problems";
import type { BackupRunsServices } from "../../service/backup-runs";

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

export interface ProjectConflict {
  conflict: Conflict;
  sentence: string;
  /** The scope as it is after the other admin's change. */
  latest: ScopeSnapshot;
}

export interface Saved {
  message: string;
  result: SaveResult;
}

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

function newOpId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

function ticked(view: ProjectScopeView): DataType[] {
  return view.isProtected ? [...view.dataTypes] : [...view.defaultDataTypes];
}

export function useProjectScope(
  services: ProjectScopeServices,
  onSaved?: (saved: Saved) => void,
): ProjectScopeState {
  const [project, setProject] = useState<ProjectRef>();
  const [snapshot, setSnapshot] = useState<ScopeSnapshot>();
  const [admin, setAdmin] = useState<AdminState>({ kind: "checking" });
  const [tenant, setTenant] = useState<TenantState>({ kind: "checking" });
  const [loadProblem, setLoadProblem] = useState<Problem>();
  const [dataTypes, setTicked] = useState<DataType[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveProblem, setSaveProblem] = useState<Problem>();
  const [conflict, setConflict] = useState<ProjectConflict>();
  const [saved, setSaved] = useState<Saved>();
  const generation = useRef(0);
  /** A failed save's id: trying the same change again reuses it, so a write that landed is recognised. */
  const failedSave = useRef<{ opId: string; change: ProjectChange } | undefined>(undefined);

  const view = useMemo(
    () => (snapshot && project ? projectScopeView(snapshot.scope, project) : undefined),
    [snapshot, project],
  );

  const show = useCallback((s: ScopeSnapshot, p: ProjectRef) => {
    setSnapshot(s);
    setTicked(ticked(projectScopeView(s.scope, p)));
  }, []);

  const reload = useCallback(() => {
    const gen = ++generation.current;
    const current = (): boolean => gen === generation.current;
    setLoadProblem(undefined);
    setAdmin({ kind: "checking" });
    setTenant({ kind: "checking" });
    // All four requests go out at once.
    checkAccess(services, {
      admin: (state) => current() && setAdmin(state),
      tenant: (state) => current() && setTenant(state),
    });
    Promise.all([services.project(), services.store.load()]).then(
      ([p, s]) => {
        if (!current()) return;
        setProject(p);
        show(s, p);
      },
      (e: unknown) => current() && setLoadProblem(describeProblem(e, "loading the backup scope")),
    );
  }, [services, show]);

  useEffect(() => reload(), [reload]);

  const save = useCallback(
    async (base: ScopeSnapshot, p: ProjectRef, change: ProjectChange): Promise<void> => {
      setSaving(true);
      setSaveProblem(undefined);
      setSaved(undefined);
      setConflict(undefined);
      const failed = failedSave.current;
      const opId =
        failed &&
        failed.change.projectId === change.projectId &&
        sameChoice(failed.change.after, change.after)
          ? failed.opId
          : (services.newOpId ?? newOpId)();
      try {
        const result = await services.store.save(base, [change], undefined, {
          actor: services.user,
          opId,
        });
        failedSave.current = undefined;
        const theirs = result.conflicts.find((c) => c.projectId === p.id);
        if (theirs) {
          setSnapshot(result.snapshot);
          setConflict({
            conflict: theirs,
            sentence: describeConflict(theirs, formatWhen),
            latest: result.snapshot,
          });
          return;
        }
        show(result.snapshot, p);
        const done = { message: savedMessage(base.scope, p, change), result };
        setSaved(done);
        onSaved?.(done);
      } catch (e) {
        failedSave.current = { opId, change };
        setSaveProblem(describeProblem(e, "saving the backup scope"));
      } finally {
        setSaving(false);
      }
    },
    [services, show, onSaved],
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

  const keepTheirs = useCallback(() => {
    if (!conflict || !project) return;
    show(conflict.latest, project);
    setConflict(undefined);
  }, [conflict, project, show]);

  const applyMine = useCallback(async () => {
    if (!conflict || !project) return;
    const change = retryChange(conflict.latest.scope, project, conflict.conflict.mine);
    if (!change) {
      keepTheirs(); // what they stored is what I wanted
      return;
    }
    await save(conflict.latest, project, change);
  }, [conflict, project, save, keepTheirs]);

  const setDataTypes = useCallback((next: DataType[]) => {
    setTicked(next);
    setSaved(undefined);
    setSaveProblem(undefined);
  }, []);

  return {
    project,
    snapshot,
    view,
    admin,
    tenant,
    loadProblem,
    dataTypes,
    setDataTypes,
    saving,
    saveProblem,
    conflict,
    saved,
    apply,
    keepTheirs,
    applyMine,
    reload,
  };
}
