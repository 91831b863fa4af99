// The admin's unsaved edits on top of a loaded scope: which projects should be protected, with
// which data types, and the scope's rule. Pure data: the hub, the project dialog and the browser
// popup edit the scope through this one model.
import { type DataType, sameDataTypes } from "./data-types";
import {
  type BackupScope,
  type ProjectChange,
  type ProjectRef,
  type ScopeChoice,
  type SettingsChange,
  type SettingsValue,
  choiceFor,
  coverageFrom,
  isProtected,
  kindOfChange,
  sameChoice,
  sameSettings,
} from "./scope";

export interface ScopeDraft {
  /** Per project id, the choice the admin made in this session. */
  choices: ReadonlyMap<string, ScopeChoice>;
  settings: SettingsValue;
}

export function draftOf(scope: BackupScope): ScopeDraft {
  return {
    choices: new Map(),
    settings: {
      includeNewProjects: scope.settings.includeNewProjects,
      defaultDataTypes: scope.settings.defaultDataTypes,
    },
  };
}

/** What the project will be once the draft is saved. */
function draftChoice(
  scope: BackupScope,
  draft: ScopeDraft,
  projectId: string,
): ScopeChoice | undefined {
  return draft.choices.get(projectId) ?? scope.entries.get(projectId);
}

export function draftCoverage(scope: BackupScope, draft: ScopeDraft, projectId: string) {
  return coverageFrom(
    { ...scope.settings, ...draft.settings },
    draftChoice(scope, draft, projectId),
  );
}

export function setProtected(
  scope: BackupScope,
  draft: ScopeDraft,
  projects: readonly ProjectRef[],
  wantProtected: boolean,
): ScopeDraft {
  const choices = new Map(draft.choices);
  for (const p of projects) {
    const now = draftCoverage(scope, draft, p.id);
    if (isProtected(now) === wantProtected) continue;
    const dataTypes = wantProtected ? draft.settings.defaultDataTypes : [];
    remember(scope, choices, p.id, choiceFor(wantProtected, dataTypes));
  }
  return { ...draft, choices };
}

export function setDataTypes(
  scope: BackupScope,
  draft: ScopeDraft,
  projectId: string,
  dataTypes: DataType[],
): ScopeDraft {
  const choices = new Map(draft.choices);
  const now = draftCoverage(scope, draft, projectId);
  if (isProtected(now) && sameDataTypes(now.dataTypes, dataTypes)) return draft;
  remember(scope, choices, projectId, choiceFor(dataTypes.length > 0, dataTypes));
  return { ...draft, choices };
}

export function setSettings(draft: ScopeDraft, settings: Partial<SettingsValue>): ScopeDraft {
  return { ...draft, settings: { ...draft.settings, ...settings } };
}

/** A choice equal to what is stored is no change: forget it, so the draft stays minimal. */
function remember(
  scope: BackupScope,
  choices: Map<string, ScopeChoice>,
  id: string,
  choice: ScopeChoice,
): void {
  if (sameChoice(scope.entries.get(id), choice)) choices.delete(id);
  else choices.set(id, choice);
}

export interface DraftChanges {
  projects: ProjectChange[];
  settings: SettingsChange | undefined;
  added: ProjectChange[];
  removed: ProjectChange[];
  changed: ProjectChange[];
}

/** The changes a save would make, grouped the way the confirmation shows them. */
export function changesOf(
  scope: BackupScope,
  draft: ScopeDraft,
  names: ReadonlyMap<string, string>,
): DraftChanges {
  const projects: ProjectChange[] = [];
  const added: ProjectChange[] = [];
  const removed: ProjectChange[] = [];
  const changed: ProjectChange[] = [];
  const settingsAfter = { ...scope.settings, ...draft.settings };
  for (const [projectId, after] of draft.choices) {
    const before = scope.entries.get(projectId);
    if (sameChoice(before, after)) continue;
    const name = names.get(projectId) ?? before?.name ?? projectId;
    const change: ProjectChange = { projectId, name, before, after };
    projects.push(change);
    const kind = kindOfChange(settingsAfter, change);
    if (kind === "added") added.push(change);
    else if (kind === "removed") removed.push(change);
    else if (kind === "changed") changed.push(change);
  }
  const before: SettingsValue = {
    includeNewProjects: scope.settings.includeNewProjects,
    defaultDataTypes: scope.settings.defaultDataTypes,
  };
  const settings = sameSettings(before, draft.settings)
    ? undefined
    : { before, after: draft.settings };
  return { projects, settings, added, removed, changed };
}

export function isDirty(scope: BackupScope, draft: ScopeDraft): boolean {
  return (
    changesOf(scope, draft, new Map()).projects.length > 0 ||
    !sameSettings(scope.settings, draft.settings)
  );
}

/** After a save, keep only the edits that did not land (conflicts), against the new scope. */
export function rebaseDraft(
  scope: BackupScope,
  draft: ScopeDraft,
  keep: ReadonlySet<string>,
): ScopeDraft {
  const choices = new Map<string, ScopeChoice>();
  for (const [id, c] of draft.choices)
    if (keep.has(id) && !sameChoice(scope.entries.get(id), c)) choices.set(id, c);
  return { choices, settings: draft.settings };
}
