// How the backup service applies one save of the scope: per project, what is stored now is
// compared with what the admin saw (`seenOpId`), exactly as the hub's own save did over extension
// data (scope-store.ts): another admin's change to the same project is never overwritten but
// reported as a conflict, the same change made by both is nothing to do, and a retried save (same
// opId) is recognised and never doubled. Pure: the service runs it inside its transaction.
import type { AuditChange, AuditRecord } from "./audit";
import {
  type Actor,
  type BackupScope,
  type ScopeChoice,
  type ScopeEntry,
  type ScopeSettings,
  type SettingsValue,
  clipText,
  kindOfChange,
  sameChoice,
  sameSettings,
} from "./scope";
import { MAX_NAME } from "./scope-schema";
import type {
  ConflictWire,
  ProjectChangeWire,
  SaveScopeRequest,
  SettingsChangeWire,
} from "./service-api";

export interface ScopeChangePlan {
  /** Entries to store (insert or replace), stamped with the verified caller. */
  writes: ScopeEntry[];
  /** Settings to store; absent: unchanged. */
  settingsWrite?: ScopeSettings;
  applied: ProjectChangeWire[];
  settingsApplied: boolean;
  conflicts: ConflictWire[];
  settingsConflict?: { theirs: ScopeSettings; mine: SettingsChangeWire };
  /** The save's audit record; absent when nothing was changed. Stored once per opId. */
  audit?: AuditRecord;
}

export interface ChangeAuthor {
  /** The caller as Azure DevOps established it, never as the client named itself. */
  actor: Actor;
  /** Server time, ISO 8601. */
  at: string;
}

type ProjectOutcome = "write" | "retried" | "nothingToDo" | "conflict";

/** What to do with one project's change given what is stored now. */
export function projectOutcome(
  now: ScopeEntry | undefined,
  change: Pick<ProjectChangeWire, "seenOpId" | "after">,
  opId: string,
): ProjectOutcome {
  if (now?.opId === opId && sameChoice(now, change.after)) return "retried";
  if (now?.opId !== change.seenOpId)
    return sameChoice(now, change.after) ? "nothingToDo" : "conflict";
  return sameChoice(now, change.after) ? "nothingToDo" : "write";
}

function settingsOutcome(
  now: ScopeSettings,
  change: SettingsChangeWire,
  opId: string,
): ProjectOutcome {
  if (now.opId === opId && sameSettings(now, change.after)) return "retried";
  if (now.opId !== change.seenOpId)
    return sameSettings(now, change.after) ? "nothingToDo" : "conflict";
  return sameSettings(now, change.after) ? "nothingToDo" : "write";
}

const choiceOf = (e: ScopeChoice): ScopeChoice => ({
  choice: e.choice,
  dataTypes: [...e.dataTypes],
});
const valueOf = (s: SettingsValue): SettingsValue => ({
  includeNewProjects: s.includeNewProjects,
  defaultDataTypes: [...s.defaultDataTypes],
});

interface ProjectStep {
  change: ProjectChangeWire;
  outcome: ProjectOutcome;
  /** What was stored before this save: the audit's `before` (the client's word only on a retry). */
  before?: ScopeChoice;
}

function planSettings(
  scope: BackupScope,
  change: SettingsChangeWire | undefined,
  opId: string,
  by: ChangeAuthor,
): Pick<ScopeChangePlan, "settingsWrite" | "settingsApplied" | "settingsConflict"> & {
  before?: SettingsValue;
} {
  if (!change || sameSettings(change.before, change.after)) return { settingsApplied: false };
  const now = scope.settings;
  switch (settingsOutcome(now, change, opId)) {
    case "retried":
      return { settingsApplied: true, before: valueOf(change.before) };
    case "nothingToDo":
      return { settingsApplied: false };
    case "conflict":
      return { settingsApplied: false, settingsConflict: { theirs: now, mine: change } };
    case "write":
      return {
        settingsApplied: true,
        before: valueOf(now),
        settingsWrite: { ...valueOf(change.after), changedBy: by.actor, changedAt: by.at, opId },
      };
  }
}

/** Plans one save against the scope as stored now. */
export function planScopeChanges(
  scope: BackupScope,
  request: SaveScopeRequest,
  by: ChangeAuthor,
): ScopeChangePlan {
  const { opId } = request;
  const steps: ProjectStep[] = request.changes
    .filter((c) => !sameChoice(c.before, c.after))
    .map((change) => {
      const now = scope.entries.get(change.projectId);
      const outcome = projectOutcome(now, change, opId);
      const before = outcome === "retried" ? change.before : now;
      return { change, outcome, ...(before ? { before: choiceOf(before) } : {}) };
    });
  const settings = planSettings(scope, request.settings, opId, by);
  const writes = steps
    .filter((s) => s.outcome === "write")
    .map(({ change }): ScopeEntry => ({
      projectId: change.projectId,
      name: clipText(change.name, MAX_NAME),
      ...choiceOf(change.after),
      changedBy: by.actor,
      changedAt: by.at,
      opId,
    }));
  const conflicts: ConflictWire[] = steps
    .filter((s) => s.outcome === "conflict")
    .map(({ change }) => {
      const theirs = scope.entries.get(change.projectId);
      return {
        projectId: change.projectId,
        name: change.name,
        ...(theirs ? { theirs } : {}),
        mine: change,
      };
    });
  const appliedSteps = steps.filter((s) => s.outcome === "write" || s.outcome === "retried");
  const plan: ScopeChangePlan = {
    writes,
    applied: appliedSteps.map((s) => s.change),
    settingsApplied: settings.settingsApplied,
    conflicts,
    ...(settings.settingsWrite ? { settingsWrite: settings.settingsWrite } : {}),
    ...(settings.settingsConflict ? { settingsConflict: settings.settingsConflict } : {}),
  };
  const audit = auditOf(plan, appliedSteps, settings, scope.settings, request, by);
  return audit ? { ...plan, audit } : plan;
}

function auditOf(
  plan: ScopeChangePlan,
  applied: readonly ProjectStep[],
  settings: { before?: SettingsValue },
  storedSettings: ScopeSettings,
  request: SaveScopeRequest,
  by: ChangeAuthor,
): AuditRecord | undefined {
  // Whether a project is added or removed reads against the rule as it is after this save.
  const rule = plan.settingsWrite ?? storedSettings;
  const changes: AuditChange[] = [];
  for (const { change, before } of applied) {
    const kind = kindOfChange(rule, { ...change, before });
    if (!kind) continue;
    const record: AuditChange = {
      projectId: change.projectId,
      name: change.name,
      kind,
      after: choiceOf(change.after),
    };
    if (before) record.before = before;
    changes.push(record);
  }
  if (changes.length === 0 && !plan.settingsApplied) return undefined;
  const record: AuditRecord = { opId: request.opId, by: by.actor, at: by.at, changes };
  if (plan.settingsApplied && request.settings && settings.before)
    record.settings = { before: settings.before, after: valueOf(request.settings.after) };
  return record;
}
