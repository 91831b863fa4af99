// The admin's draft of changes to the backup scope as a pure reducer: the draft (relative to the
// scope it was made on), the outcome of saving it, and the conflicts a save left for the admin to
// decide. Loaded with the hub's later sections, where the editor is (use-scope-edit.ts).
import { type ScopeDraft, draftOf, rebaseDraft } from "../core/scope-draft";
import type { Conflict, SaveResult, ScopeSnapshot, SettingsConflict } from "../core/scope-store";
import type { Problem } from "./problems";
import type { UnfinishedSave } from "./save-op-id";

export interface Notice {
  kind: "success" | "info";
  title: string;
  detail?: string;
}

export interface ScopeEditState {
  /** The scope the draft is relative to. */
  base: ScopeSnapshot | undefined;
  draft: ScopeDraft | undefined;
  saveProblem: Problem | undefined;
  notice: Notice | undefined;
  conflicts: readonly Conflict[];
  settingsConflict: SettingsConflict | undefined;
  /** A save that failed part-way: saving again reuses its id (save-op-id.ts). */
  unfinishedSave: UnfinishedSave<"draft"> | undefined;
}

export type ScopeEditAction =
  /** The session shows another scope (loaded, loaded again, or read again after a save). */
  | { type: "scope-changed"; snapshot: ScopeSnapshot }
  | { type: "draft-edited"; update: (draft: ScopeDraft, scope: ScopeSnapshot) => ScopeDraft }
  | { type: "save-started"; opId: string }
  | { type: "saved"; result: SaveResult; notice: Notice }
  | { type: "save-failed"; problem: Problem }
  | { type: "keep-theirs"; projectId: string }
  | { type: "keep-mine"; projectId: string }
  | { type: "settings-resolved"; use: "theirs" | "mine" }
  | { type: "notice-dismissed" };

export const initialScopeEdit: ScopeEditState = {
  base: undefined,
  draft: undefined,
  saveProblem: undefined,
  notice: undefined,
  conflicts: [],
  settingsConflict: undefined,
  unfinishedSave: undefined,
};

const KEPT: Notice = { kind: "info", title: "Your choice is kept. Save to apply it." };

export function scopeEditReducer(state: ScopeEditState, action: ScopeEditAction): ScopeEditState {
  switch (action.type) {
    case "scope-changed": {
      const { snapshot } = action;
      if (snapshot === state.base) return state;
      // The draft keeps every choice the admin made: it is relative to the scope.
      const draft = state.draft
        ? rebaseDraft(snapshot.scope, state.draft, new Set(state.draft.choices.keys()))
        : draftOf(snapshot.scope);
      return { ...state, base: snapshot, draft };
    }
    case "draft-edited":
      return {
        ...state,
        draft: state.draft && state.base ? action.update(state.draft, state.base) : state.draft,
        saveProblem: undefined,
      };
    case "save-started":
      return {
        ...state,
        unfinishedSave: { opId: action.opId, attempt: "draft" },
        saveProblem: undefined,
        notice: undefined,
      };
    case "saved": {
      const { result } = action;
      // Conflicting choices stay in the draft: the admin decides about them.
      const keep = new Set(result.conflicts.map((c) => c.projectId));
      return {
        ...state,
        unfinishedSave: undefined,
        base: result.snapshot,
        draft: state.draft && rebaseDraft(result.snapshot.scope, state.draft, keep),
        conflicts: result.conflicts,
        settingsConflict: result.settingsConflict,
        notice: action.notice,
      };
    }
    case "save-failed":
      return { ...state, saveProblem: action.problem };
    case "keep-theirs": {
      const conflicts = state.conflicts.filter((c) => c.projectId !== action.projectId);
      if (!state.draft) return { ...state, conflicts };
      const choices = new Map(state.draft.choices);
      choices.delete(action.projectId);
      return { ...state, conflicts, draft: { ...state.draft, choices } };
    }
    case "keep-mine":
      return {
        ...state,
        conflicts: state.conflicts.filter((c) => c.projectId !== action.projectId),
        notice: KEPT,
      };
    case "settings-resolved": {
      const theirs = state.settingsConflict?.theirs;
      if (action.use === "theirs" && theirs)
        return {
          ...state,
          settingsConflict: undefined,
          draft: state.draft && {
            ...state.draft,
            settings: {
              includeNewProjects: theirs.includeNewProjects,
              defaultDataTypes: theirs.defaultDataTypes,
            },
          },
        };
      return { ...state, settingsConflict: undefined, notice: KEPT };
    }
    case "notice-dismissed":
      return { ...state, notice: undefined };
  }
}
