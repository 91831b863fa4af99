// The popup's view state without a DOM: an action's words while it goes, then its outcome (saved,
// a conflict named by who won, or nothing to do); a failure in words; a backup that ended asks
// for the last backup again.
import type { BackupStateView, ProtectResult } from "../../../src/browser/messages";
import { INITIAL_POPUP, type PopupState, popupReducer } from "../../../extension/popup/popup-state";

const context = {
  organization: "fabrikam",
  orgUrl: "https://dev.azure.com/fabrikam/",
  project: "Fabrikam Fiber",
};
const project = {
  project: { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" },
  status: "none",
  isProtected: false,
  dataTypes: [],
  summary: "Not in the backup scope.",
  includeNewProjects: false,
  defaultDataTypes: ["repos"],
} as const;
const read: BackupStateView = {
  signIn: { kind: "signed-in", account: { id: "u1", name: "Avery Admin", username: "avery" } },
  project: { ...project, dataTypes: [], defaultDataTypes: ["repos"] },
};

function ready(): PopupState {
  return popupReducer(INITIAL_POPUP, { type: "stateRead", context, state: read });
}

test("an action's words show while it goes, and a save says what it did", () => {
  let s = popupReducer(ready(), { type: "failed", message: "old" });
  s = popupReducer(s, { type: "actStarted", label: "Saving…" });
  expect(s).toMatchObject({ busy: "Saving…", error: undefined, notice: undefined });
  const saved: ProtectResult = {
    kind: "saved",
    state: { ...read.project!, status: "chosen", isProtected: true, dataTypes: ["repos"] },
  };
  s = popupReducer(s, { type: "protectSaved", result: saved, wasProtected: false });
  s = popupReducer(s, { type: "actEnded" });
  expect(s.busy).toBeUndefined();
  expect(s.notice).toBe("Added to the backup scope.");
  expect(s.view).toMatchObject({ kind: "ready", state: { project: { isProtected: true } } });
});

test("a conflict names who won and keeps their state; nothing to do says nothing", () => {
  const conflict: ProtectResult = { kind: "conflict", state: read.project!, by: "Gloria" };
  const s = popupReducer(ready(), { type: "protectSaved", result: conflict, wasProtected: false });
  expect(s.error).toBe(
    "Gloria changed this project's backup at the same time; their change was kept.",
  );
  const same: ProtectResult = { kind: "unchanged", state: read.project! };
  const u = popupReducer(ready(), { type: "protectSaved", result: same, wasProtected: false });
  expect(u.notice).toBeUndefined();
  expect(u.error).toBeUndefined();
});

test("a tab without a project, and a backup that ended asks for the last backup again", () => {
  expect(popupReducer(INITIAL_POPUP, { type: "noProject" }).view).toEqual({ kind: "no-project" });
  expect(popupReducer(ready(), { type: "backupEnded" }).lastBackupReads).toBe(1);
});
