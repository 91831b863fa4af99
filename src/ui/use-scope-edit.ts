// The admin's draft of changes to the backup scope, on top of the session: edited in the scope
// editor, saved after a confirmation. The state is a pure reducer (scope-edit-state.ts).
import { useCallback, useLayoutEffect, useMemo, useReducer, useRef } from "preact/hooks";
import { type DraftChanges, type ScopeDraft, changesOf, isDirty } from "../core/scope-draft";
import type { Conflict, ScopeSnapshot, SettingsConflict } from "../core/scope-store";
import type { Problem } from "./problems";
import { type Notice, initialScopeEdit, scopeEditReducer } from "./scope-edit-state";
import { saveDraft } from "./scope-save";
import type { ScopeServices, ScopeSession } from "./scope-session";

export interface ScopeEdit {
  draft: ScopeDraft | undefined;
  setDraft: (update: (d: ScopeDraft, scope: ScopeSnapshot) => ScopeDraft) => void;
  dirty: boolean;
  pendingChanges: () => DraftChanges | undefined;
  saveProblem: Problem | undefined;
  notice: Notice | undefined;
  conflicts: readonly Conflict[];
  settingsConflict: SettingsConflict | undefined;
  save: () => Promise<void>;
  chooseTheirs: (projectId: string) => void;
  chooseMine: (projectId: string) => void;
  resolveSettings: (use: "theirs" | "mine") => void;
  dismissNotice: () => void;
}

export function useScopeEdit(services: ScopeServices, session: ScopeSession): ScopeEdit {
  const [state, dispatch] = useReducer(scopeEditReducer, initialScopeEdit);
  // A save reads both as they are when it needs them, not as they were when it started.
  const latest = useRef({ state, session });
  latest.current = { state, session };

  // Before the browser paints: the editor never shows a draft relative to an older scope.
  const { snapshot, reconciled, projects } = session;
  useLayoutEffect(() => {
    if (snapshot) dispatch({ type: "scope-changed", snapshot });
  }, [snapshot]);

  /** Names of every project known, live or deleted, for describing changes. */
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of reconciled?.deleted ?? []) m.set(e.projectId, e.name);
    for (const p of projects) m.set(p.id, p.name);
    return m;
  }, [projects, reconciled]);

  const { base, draft } = state;
  const dirty = useMemo(() => Boolean(base && draft && isDirty(base.scope, draft)), [base, draft]);
  const pendingChanges = useCallback(
    () => (base && draft ? changesOf(base.scope, draft, names) : undefined),
    [base, draft, names],
  );

  const setDraft = useCallback(
    (update: (d: ScopeDraft, scope: ScopeSnapshot) => ScopeDraft) =>
      dispatch({ type: "draft-edited", update }),
    [],
  );
  const save = useCallback(
    () =>
      saveDraft({
        services,
        session: () => latest.current.session,
        edit: () => latest.current.state,
        dispatch,
        names,
      }),
    [services, names],
  );
  const chooseTheirs = useCallback(
    (projectId: string) => dispatch({ type: "keep-theirs", projectId }),
    [],
  );
  const chooseMine = useCallback(
    (projectId: string) => dispatch({ type: "keep-mine", projectId }),
    [],
  );
  const resolveSettings = useCallback(
    (use: "theirs" | "mine") => dispatch({ type: "settings-resolved", use }),
    [],
  );

  return {
    draft,
    setDraft,
    dirty,
    pendingChanges,
    saveProblem: state.saveProblem,
    notice: state.notice,
    conflicts: state.conflicts,
    settingsConflict: state.settingsConflict,
    save,
    chooseTheirs,
    chooseMine,
    resolveSettings,
    dismissNotice: () => dispatch({ type: "notice-dismissed" }),
  };
}
