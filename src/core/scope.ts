import { type DataType, sameDataTypes } from "./data-types";

/** Who made a change, as the organization knows them. */
export interface Actor {
  id: string;
  displayName: string;
}

export interface ProjectRef {
  id: string;
  name: string;
}

/** An admin's explicit choice for one project; projects without one follow the scope's rule. */
export interface ScopeChoice {
  choice: "included" | "excluded";
  dataTypes: DataType[];
}

export interface ScopeEntry extends ScopeChoice {
  projectId: string;
  /** The project's name when the choice was last made: shows deleted projects and renames. */
  name: string;
  changedBy: Actor;
  changedAt: string;
  /** The save that wrote this entry: how a retried write recognises itself and conflicts are found. */
  opId: string;
}

export interface ScopeSettings {
  includeNewProjects: boolean;
  defaultDataTypes: DataType[];
  changedBy?: Actor;
  changedAt?: string;
  opId?: string;
}

/** The backup scope: which projects, and which of their data, are protected. Keyed by project id. */
export interface BackupScope {
  settings: ScopeSettings;
  entries: ReadonlyMap<string, ScopeEntry>;
}

export type Coverage =
  | { kind: "chosen"; dataTypes: DataType[] }
  | { kind: "rule"; dataTypes: DataType[] }
  | { kind: "excluded" }
  | { kind: "none" };

export function isProtected(c: Coverage): c is Extract<Coverage, { dataTypes: DataType[] }> {
  return c.kind === "chosen" || c.kind === "rule";
}

export function coverageOf(scope: BackupScope, projectId: string): Coverage {
  return coverageFrom(scope.settings, scope.entries.get(projectId));
}

export function coverageFrom(settings: ScopeSettings, entry: ScopeChoice | undefined): Coverage {
  if (entry) {
    return entry.choice === "included"
      ? { kind: "chosen", dataTypes: entry.dataTypes }
      : { kind: "excluded" };
  }
  return settings.includeNewProjects
    ? { kind: "rule", dataTypes: settings.defaultDataTypes }
    : { kind: "none" };
}

export interface ProjectState {
  project: ProjectRef;
  coverage: Coverage;
  entry?: ScopeEntry;
  /** Set when the project was renamed since its entry was written. */
  renamedFrom?: string;
}

export interface ReconciledScope {
  rows: ProjectState[];
  /** Entries for projects that no longer exist in the organization. */
  deleted: ScopeEntry[];
  protectedCount: number;
}

/** Joins the scope with the organization's projects as they are now. */
export function reconcile(scope: BackupScope, projects: readonly ProjectRef[]): ReconciledScope {
  const seen = new Set<string>();
  let protectedCount = 0;
  const rows = projects.map((project): ProjectState => {
    seen.add(project.id);
    const entry = scope.entries.get(project.id);
    const coverage = coverageFrom(scope.settings, entry);
    if (isProtected(coverage)) protectedCount++;
    const state: ProjectState = { project, coverage };
    if (entry) {
      state.entry = entry;
      if (entry.name !== project.name) state.renamedFrom = entry.name;
    }
    return state;
  });
  const deleted = [...scope.entries.values()].filter((e) => !seen.has(e.projectId));
  return { rows, deleted, protectedCount };
}

/** One project's change, as the editor asks for it. `before` is what the admin saw. */
export interface ProjectChange {
  projectId: string;
  name: string;
  before: ScopeChoice | undefined;
  after: ScopeChoice;
}

export interface SettingsValue {
  includeNewProjects: boolean;
  defaultDataTypes: DataType[];
}

export interface SettingsChange {
  before: SettingsValue;
  after: SettingsValue;
}

export function sameChoice(a: ScopeChoice | undefined, b: ScopeChoice | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.choice !== b.choice) return false;
  return a.choice === "excluded" || sameDataTypes(a.dataTypes, b.dataTypes);
}

export function sameSettings(a: SettingsValue, b: SettingsValue): boolean {
  return (
    a.includeNewProjects === b.includeNewProjects &&
    sameDataTypes(a.defaultDataTypes, b.defaultDataTypes)
  );
}

/**
 * What an admin wants for one project: protected with these data types, or not protected.
 * Turning protection off is always recorded as an explicit exclusion, so that a later
 * "include new projects automatically" rule does not silently bring the project back.
 */
export function choiceFor(wantProtected: boolean, dataTypes: readonly DataType[]): ScopeChoice {
  return wantProtected
    ? { choice: "included", dataTypes: [...dataTypes] }
    : { choice: "excluded", dataTypes: [] };
}

export type ChangeKind = "added" | "removed" | "changed";

/** How a change reads to a person: added to / removed from the backup, or its data types changed. */
export function kindOfChange(
  settings: ScopeSettings,
  change: ProjectChange,
): ChangeKind | undefined {
  const was = coverageFrom(settings, change.before);
  const will = coverageFrom(settings, change.after);
  if (isProtected(was) && !isProtected(will)) return "removed";
  if (!isProtected(was) && isProtected(will)) return "added";
  if (isProtected(was) && isProtected(will) && !sameDataTypes(was.dataTypes, will.dataTypes))
    return "changed";
  if (was.kind !== will.kind) return "changed";
  return undefined;
}

/** Shortens text to at most `max` UTF-16 units without splitting a character made of two. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
