// The popup's view state as a pure reducer: what the tab shows (loading, no project, or its
// organization and project with the backup state the background answered), the action going
// (its words in the status line), its outcome, and a failure in words. use-popup.ts carries out
// the messages; this file decides.
import type { BackupStateView, ProtectResult } from "../../src/browser/messages";
import type { TabContext } from "../../src/browser/tab-context";

export type PopupView =
  | { kind: "loading" }
  | { kind: "no-project" }
  | { kind: "ready"; context: TabContext; state?: BackupStateView };

export interface PopupState {
  view: PopupView;
  /** What is going on ("Saving…"); one action at a time. */
  busy?: string;
  /** How the last action ended, when it went well. */
  notice?: string;
  error?: string;
  /** Bumped to read the project's last backup again (a backup from the popup ended). */
  lastBackupReads: number;
}

export type PopupAction =
  | { type: "noProject" }
  | { type: "contextRead"; context: TabContext }
  | { type: "stateRead"; context: TabContext; state: BackupStateView }
  | { type: "failed"; message: string }
  | { type: "actStarted"; label: string }
  | { type: "actEnded" }
  | { type: "protectSaved"; result: ProtectResult; wasProtected: boolean }
  | { type: "backupEnded" };

export const INITIAL_POPUP: PopupState = { view: { kind: "loading" }, lastBackupReads: 0 };

function protectSaved(state: PopupState, result: ProtectResult, wasProtected: boolean): PopupState {
  const { view } = state;
  if (view.kind !== "ready" || !view.state) return state;
  const next: PopupState = {
    ...state,
    view: { ...view, state: { signIn: view.state.signIn, project: result.state } },
  };
  if (result.kind === "conflict")
    return {
      ...next,
      error: `${result.by} changed this project's backup at the same time; their change was kept.`,
    };
  if (result.kind === "saved")
    return {
      ...next,
      notice: wasProtected ? "Removed from the backup scope." : "Added to the backup scope.",
    };
  return next;
}

export function popupReducer(state: PopupState, action: PopupAction): PopupState {
  switch (action.type) {
    case "noProject":
      return { ...state, view: { kind: "no-project" } };
    case "contextRead":
      return { ...state, view: { kind: "ready", context: action.context } };
    case "stateRead":
      return { ...state, view: { kind: "ready", context: action.context, state: action.state } };
    case "failed":
      return { ...state, error: action.message };
    case "actStarted":
      return { ...state, busy: action.label, error: undefined, notice: undefined };
    case "actEnded":
      return { ...state, busy: undefined };
    case "protectSaved":
      return protectSaved(state, action.result, action.wasProtected);
    case "backupEnded":
      return { ...state, lastBackupReads: state.lastBackupReads + 1 };
  }
}
