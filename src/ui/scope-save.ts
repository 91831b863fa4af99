// Saving the admin's draft of the backup scope, and what the save tells the admin.
import { changesOf } from "../core/scope-draft";
import type { SaveResult, ScopeSnapshot } from "../core/scope-store";
import { plural } from "./format";
import { describeProblem } from "./problems";
import { newOpId, opIdForSave } from "./save-op-id";
import type { Notice, ScopeEditAction, ScopeEditState } from "./scope-edit-state";
import type { ScopeServices, ScopeSession } from "./scope-session";

/** How many changes the save saved, and how many others saved meanwhile were kept. */
export function savedNotice(base: ScopeSnapshot, result: SaveResult, opId: string): Notice {
  const saved = result.applied.length + (result.settingsApplied ? 1 : 0);
  const merged = [...result.snapshot.scope.entries.values()].filter(
    (e) => e.opId !== opId && base.scope.entries.get(e.projectId)?.opId !== e.opId,
  ).length;
  return {
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
  };
}

export interface SaveContext {
  services: ScopeServices;
  /** The session and the draft's state as they are when read (the save spans their changes). */
  session: () => ScopeSession;
  edit: () => ScopeEditState;
  dispatch: (action: ScopeEditAction) => void;
  /** Names of every project known, for describing the changes in the history. */
  names: ReadonlyMap<string, string>;
}

/**
 * Saves the draft. Every save of the hub's draft is the same save: after one failed part-way,
 * the next reuses its id.
 */
export async function saveDraft({
  services,
  session,
  edit,
  dispatch,
  names,
}: SaveContext): Promise<void> {
  const { base, draft, unfinishedSave } = edit();
  if (!base || !draft) return;
  const changes = changesOf(base.scope, draft, names);
  const opId = opIdForSave(unfinishedSave, "draft", () => true, services.newOpId ?? newOpId);
  dispatch({ type: "save-started", opId });
  session().reportSave({ documentsWritten: 0, documentsToWrite: 0 });
  try {
    const result = await services.store.save(base, changes.projects, changes.settings, {
      actor: services.user,
      opId,
      onProgress: (p) => session().reportSave(p),
    });
    dispatch({ type: "saved", result, notice: savedNotice(base, result, opId) });
    session().showSaved(result.snapshot);
  } catch (e) {
    dispatch({ type: "save-failed", problem: describeProblem(e, "saving the backup scope") });
  } finally {
    session().reportSave(undefined);
  }
}
