// One project's place in the backup scope, as the project action, its dialog and the Project
// settings page show and change it. Pure: the panel gets the scope from the store, and its edits
// are built with the same draft model as the hub's (scopeDraft), so there is one set of rules.
import { coverageInWords } from "./coverage-words";
import { type DataType, describeDataTypes } from "./data-types";
import {
  type Actor,
  type BackupScope,
  type Coverage,
  type ProjectChange,
  type ProjectRef,
  coverageOf,
  isProtected,
  kindOfChange,
} from "./scope";
import { changesOf, draftOf, setDataTypes, setProtected } from "./scope-draft";
import type { Conflict } from "./scope-store";

/**
 * The project a host's action context names. The context's shape is undocumented (docs/platform.md#contribution-points), so
 * the common shapes are accepted; anything else is "unknown" and the caller asks the page data
 * service. An id without a name (or a name without an id) is "partial": the caller looks it up.
 */
export type ProjectTarget =
  | { kind: "project"; project: ProjectRef }
  | { kind: "partial"; id?: string; name?: string }
  | { kind: "unknown" };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v : undefined;

export function projectFromContext(context: unknown): ProjectTarget {
  if (!isRecord(context)) return { kind: "unknown" };
  const nested = isRecord(context.project) ? context.project : undefined;
  const id = text(nested?.id) ?? text(context.projectId) ?? text(context.id);
  const name =
    text(nested?.name) ??
    text(context.projectName) ??
    (typeof context.project === "string" ? text(context.project) : undefined) ??
    (text(context.id) ? text(context.name) : undefined);
  if (id && name) return { kind: "project", project: { id, name } };
  if (id || name) return { kind: "partial", ...(id ? { id } : {}), ...(name ? { name } : {}) };
  return { kind: "unknown" };
}

/** What a configuration passed to the dialog carries (it travels as JSON through the host). */
export function projectFromConfiguration(configuration: unknown): ProjectTarget {
  return isRecord(configuration) ? projectFromContext(configuration.target) : { kind: "unknown" };
}

export type ProjectScopeStatus = Coverage["kind"];

export interface LastChange {
  by: Actor;
  at: string;
  /** What the change was: this project's own choice, or the scope's "include new projects" rule. */
  what: "project" | "rule";
}

export interface ProjectScopeView {
  project: ProjectRef;
  status: ProjectScopeStatus;
  isProtected: boolean;
  dataTypes: DataType[];
  /** One sentence: in scope or not, and why. */
  summary: string;
  includeNewProjects: boolean;
  /** The data types a project gets when added (the scope's defaults). */
  defaultDataTypes: DataType[];
  lastChange?: LastChange;
  /** The name the project had when its choice was made, when it was renamed since. */
  recordedName?: string;
}

export function projectScopeView(scope: BackupScope, project: ProjectRef): ProjectScopeView {
  const coverage = coverageOf(scope, project.id);
  const entry = scope.entries.get(project.id);
  const { settings } = scope;
  const view: ProjectScopeView = {
    project,
    status: coverage.kind,
    isProtected: isProtected(coverage),
    dataTypes: isProtected(coverage) ? coverage.dataTypes : [],
    summary: coverageInWords(coverage).sentence,
    includeNewProjects: settings.includeNewProjects,
    defaultDataTypes: settings.defaultDataTypes,
  };
  if (entry) {
    view.lastChange = { by: entry.changedBy, at: entry.changedAt, what: "project" };
    if (entry.name !== project.name) view.recordedName = entry.name;
  } else if (settings.changedBy && settings.changedAt) {
    view.lastChange = { by: settings.changedBy, at: settings.changedAt, what: "rule" };
  }
  return view;
}

export const ADD_TEXT = "Add to backup scope";
export const REMOVE_TEXT = "Remove from backup scope";

/** The menu item's text: what choosing it will do. */
export function menuTextFor(scope: BackupScope, projectId: string): string {
  return isProtected(coverageOf(scope, projectId)) ? REMOVE_TEXT : ADD_TEXT;
}

/** What the admin asks for in the panel. */
export type ProjectEdit =
  | { kind: "add"; dataTypes: DataType[] }
  | { kind: "remove" }
  | { kind: "dataTypes"; dataTypes: DataType[] };

/**
 * The change to save, built with the hub's draft model. Removing a project covered by the rule
 * records an explicit exclusion (choiceFor), so the rule does not bring it back.
 * Returns undefined when the edit changes nothing.
 */
export function changeFor(
  scope: BackupScope,
  project: ProjectRef,
  edit: ProjectEdit,
): ProjectChange | undefined {
  let draft = draftOf(scope);
  if (edit.kind === "remove") draft = setProtected(scope, draft, [project], false);
  else draft = setDataTypes(scope, draft, project.id, edit.dataTypes);
  const changes = changesOf(scope, draft, new Map([[project.id, project.name]]));
  return changes.projects.find((c) => c.projectId === project.id);
}

/** After a conflict, the same wish applied on top of what the other admin stored. */
export function retryChange(
  scope: BackupScope,
  project: ProjectRef,
  mine: ProjectChange,
): ProjectChange | undefined {
  const edit: ProjectEdit =
    mine.after.choice === "included"
      ? { kind: "dataTypes", dataTypes: mine.after.dataTypes }
      : { kind: "remove" };
  return changeFor(scope, project, edit);
}

/** One sentence for a conflict: who changed this project meanwhile, and what it is now. */
export function describeConflict(conflict: Conflict, formatTime: (iso: string) => string): string {
  const theirs = conflict.theirs;
  if (!theirs) return `Someone else reset ${conflict.name}'s backup choice while you were editing.`;
  const now =
    theirs.choice === "included"
      ? `it is in the backup scope (${describeDataTypes(theirs.dataTypes)})`
      : "it is not in the backup scope";
  return `${theirs.changedBy.displayName} changed ${conflict.name} at ${formatTime(theirs.changedAt)} while you were editing: ${now}.`;
}

/** The toast after a save. */
export function savedMessage(
  scope: BackupScope,
  project: ProjectRef,
  change: ProjectChange,
): string {
  switch (kindOfChange(scope.settings, change)) {
    case "removed":
      return `${project.name} was removed from the backup scope.`;
    case "added":
      return `${project.name} was added to the backup scope.`;
    default:
      return change.after.choice === "included"
        ? `${project.name} is backed up with: ${describeDataTypes(change.after.dataTypes)}.`
        : `${project.name} stays out of the backup scope.`;
  }
}
