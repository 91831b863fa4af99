// One admin's session with the backup scope: everything the hub (and the project dialog) shows
// and edits, loaded in one parallel round, edited as a draft, saved with a confirmation.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { TenantInfo, ProjectsPage } from "../ado/organization";
import type { AuditHistory } from "../core/audit";
import type { Actor, ProjectRef, ReconciledScope } from "../core/scope";
import { reconcile } from "../core/scope";
import {
  type DraftChanges,
  type ScopeDraft,
  changesOf,
  draftOf,
  isDirty,
  rebaseDraft,
} from "../core/scope-draft";
import type {
  Conflict,
  SaveProgress,
  ScopeRepository,
  ScopeSnapshot,
  SettingsConflict,
} from "../core/scope-store";
import type { AdminState, TenantState } from "./components/access-gate";
import { formatCount, plural } from "./format";
import { checkAccess } from "./access";
import { type Problem, describeProblem } from "./problems";

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

export interface Notice {
  kind: "success" | "info";
  title: string;
  detail?: string;
}

export interface ScopeSession {
  admin: AdminState;
  tenant: TenantState;
  snapshot: ScopeSnapshot | undefined;
  scopeProblem: Problem | undefined;
  history: AuditHistory | undefined;
  historyProblem: Problem | undefined;
  projects: readonly ProjectRef[];
  projectsDone: boolean;
  projectsProblem: Problem | undefined;
  reconciled: ReconciledScope | undefined;
  draft: ScopeDraft | undefined;
  setDraft: (update: (d: ScopeDraft, scope: ScopeSnapshot) => ScopeDraft) => void;
  dirty: boolean;
  /** Names of every project known, live or deleted, for describing changes. */
  names: ReadonlyMap<string, string>;
  pendingChanges: () => DraftChanges | undefined;
  saving: SaveProgress | undefined;
  saveProblem: Problem | undefined;
  notice: Notice | undefined;
  conflicts: readonly Conflict[];
  settingsConflict: SettingsConflict | undefined;
  save: () => Promise<void>;
  chooseTheirs: (projectId: string) => void;
  chooseMine: (projectId: string) => void;
  resolveSettings: (use: "theirs" | "mine") => void;
  reload: () => void;
  dismissNotice: () => void;
}

function newOpId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

export function useScopeSession(services: ScopeServices): ScopeSession {
  const [admin, setAdmin] = useState<AdminState>({ kind: "checking" });
  const [tenant, setTenant] = useState<TenantState>({ kind: "checking" });
  const [snapshot, setSnapshot] = useState<ScopeSnapshot>();
  const [scopeProblem, setScopeProblem] = useState<Problem>();
  const [history, setHistory] = useState<AuditHistory>();
  const [historyProblem, setHistoryProblem] = useState<Problem>();
  const [projects, setProjects] = useState<readonly ProjectRef[]>([]);
  const [projectsDone, setProjectsDone] = useState(false);
  const [projectsProblem, setProjectsProblem] = useState<Problem>();
  const [draft, setDraftState] = useState<ScopeDraft>();
  const [saving, setSaving] = useState<SaveProgress>();
  const [saveProblem, setSaveProblem] = useState<Problem>();
  const [notice, setNotice] = useState<Notice>();
  const [conflicts, setConflicts] = useState<readonly Conflict[]>([]);
  const [settingsConflict, setSettingsConflict] = useState<SettingsConflict>();
  const generation = useRef(0);
  const snapshotRef = useRef<ScopeSnapshot | undefined>(undefined);
  /**
   * The id of a save that failed part-way. Saving again reuses it, so the store recognises the
   * documents that attempt already wrote and the audit record names them (a new id would not).
   */
  const unfinishedOpId = useRef<string | undefined>(undefined);
  snapshotRef.current = snapshot;

  const loadHistory = useCallback(
    (gen: number) =>
      services.store.loadHistory().then(
        (records) => {
          if (gen !== generation.current) return;
          setHistory(records);
          setHistoryProblem(undefined);
        },
        (e: unknown) =>
          gen === generation.current &&
          setHistoryProblem(describeProblem(e, "loading the history")),
      ),
    [services],
  );

  const reload = useCallback(() => {
    const gen = ++generation.current;
    const current = (): boolean => gen === generation.current;
    setAdmin({ kind: "checking" });
    setTenant({ kind: "checking" });
    setScopeProblem(undefined);
    setProjectsProblem(undefined);
    setProjectsDone(false);
    // Every first request goes out at once (one round after the handshake).
    checkAccess(services.organization, {
      admin: (state) => current() && setAdmin(state),
      tenant: (state) => current() && setTenant(state),
    });
    services.store.load().then(
      (s) => {
        if (!current()) return;
        setSnapshot(s);
        // A retry keeps what the admin had changed: the draft is relative to the scope.
        setDraftState((d) =>
          d ? rebaseDraft(s.scope, d, new Set(d.choices.keys())) : draftOf(s.scope),
        );
      },
      (e: unknown) => current() && setScopeProblem(describeProblem(e, "loading the backup scope")),
    );
    void loadHistory(gen);
    services.organization
      .listProjects((page) => current() && setProjects(page.projects.slice()))
      .then(
        (all) => {
          if (!current()) return;
          setProjects(all);
          setProjectsDone(true);
        },
        (e: unknown) => current() && setProjectsProblem(describeProblem(e, "listing the projects")),
      );
  }, [services, loadHistory]);

  useEffect(() => {
    reload();
  }, [reload]);

  const reconciled = useMemo(
    () => (snapshot ? reconcile(snapshot.scope, projects) : undefined),
    [snapshot, projects],
  );

  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of reconciled?.deleted ?? []) m.set(e.projectId, e.name);
    for (const p of projects) m.set(p.id, p.name);
    return m;
  }, [projects, reconciled]);

  const setDraft = useCallback((update: (d: ScopeDraft, scope: ScopeSnapshot) => ScopeDraft) => {
    setDraftState((d) => {
      const s = snapshotRef.current;
      return d && s ? update(d, s) : d;
    });
    setSaveProblem(undefined);
  }, []);

  const dirty = useMemo(
    () => Boolean(snapshot && draft && isDirty(snapshot.scope, draft)),
    [snapshot, draft],
  );

  const pendingChanges = useCallback(
    () => (snapshot && draft ? changesOf(snapshot.scope, draft, names) : undefined),
    [snapshot, draft, names],
  );

  const save = useCallback(async () => {
    const base = snapshotRef.current;
    if (!base || !draft) return;
    const changes = changesOf(base.scope, draft, names);
    const opId = unfinishedOpId.current ?? (services.newOpId ?? newOpId)();
    unfinishedOpId.current = opId;
    setSaveProblem(undefined);
    setNotice(undefined);
    setSaving({ documentsWritten: 0, documentsToWrite: 0 });
    try {
      const result = await services.store.save(base, changes.projects, changes.settings, {
        actor: services.user,
        opId,
        onProgress: (p) => setSaving(p),
      });
      unfinishedOpId.current = undefined;
      const keep = new Set(result.conflicts.map((c) => c.projectId));
      setSnapshot(result.snapshot);
      setDraftState((d) => (d ? rebaseDraft(result.snapshot.scope, d, keep) : d));
      setConflicts(result.conflicts);
      setSettingsConflict(result.settingsConflict);
      const saved = result.applied.length + (result.settingsApplied ? 1 : 0);
      const merged = [...result.snapshot.scope.entries.values()].filter(
        (e) => e.opId !== opId && base.scope.entries.get(e.projectId)?.opId !== e.opId,
      ).length;
      setNotice({
        kind: "success",
        title:
          saved > 0
            ? `Saved ${plural(saved, "change", "changes")} to the backup scope.`
            : "Nothing needed saving.",
        ...(merged > 0
          ? {
              detail: `${plural(merged, "change", "changes")} another administrator saved meanwhile ${merged === 1 ? "was" : "were"} kept as well.`,
            }
          : {}),
      });
      // Read the whole scope and history again: other admins may have changed documents this
      // save did not touch. Reads only; the draft keeps what is still unsaved.
      const gen = generation.current;
      void services.store.load().then(
        (fresh) => {
          if (gen !== generation.current || fresh.problems.length > 0) return;
          setSnapshot(fresh);
          setDraftState((d) => (d ? rebaseDraft(fresh.scope, d, new Set(d.choices.keys())) : d));
        },
        () => undefined, // the saved snapshot is already shown; a failed refresh changes nothing
      );
      void loadHistory(gen);
    } catch (e) {
      setSaveProblem(describeProblem(e, "saving the backup scope"));
    } finally {
      setSaving(undefined);
    }
  }, [draft, names, services, loadHistory]);

  const chooseTheirs = useCallback((projectId: string) => {
    setDraftState((d) => {
      if (!d) return d;
      const choices = new Map(d.choices);
      choices.delete(projectId);
      return { ...d, choices };
    });
    setConflicts((cs) => cs.filter((c) => c.projectId !== projectId));
  }, []);

  const chooseMine = useCallback((projectId: string) => {
    setConflicts((cs) => cs.filter((c) => c.projectId !== projectId));
    setNotice({ kind: "info", title: "Your choice is kept. Save to apply it." });
  }, []);

  const resolveSettings = useCallback(
    (use: "theirs" | "mine") => {
      const theirs = settingsConflict?.theirs;
      if (use === "theirs" && theirs) {
        setDraftState((d) =>
          d
            ? {
                ...d,
                settings: {
                  includeNewProjects: theirs.includeNewProjects,
                  defaultDataTypes: theirs.defaultDataTypes,
                },
              }
            : d,
        );
      } else setNotice({ kind: "info", title: "Your choice is kept. Save to apply it." });
      setSettingsConflict(undefined);
    },
    [settingsConflict],
  );

  return {
    admin,
    tenant,
    snapshot,
    scopeProblem,
    history,
    historyProblem,
    projects,
    projectsDone,
    projectsProblem,
    reconciled,
    draft,
    setDraft,
    dirty,
    names,
    pendingChanges,
    saving,
    saveProblem,
    notice,
    conflicts,
    settingsConflict,
    save,
    chooseTheirs,
    chooseMine,
    resolveSettings,
    reload,
    dismissNotice: () => setNotice(undefined),
  };
}

export function describeSaveProgress(p: SaveProgress | undefined): string | undefined {
  if (!p) return undefined;
  if (p.documentsToWrite === 0) return "Saving…";
  return `Saving: ${formatCount(p.documentsWritten)} of ${formatCount(p.documentsToWrite)} documents written…`;
}
