// The service's wire shapes (src/core/service-api.ts) as the one scope model the pages share
// (src/core/scope-store.ts): a state becomes a ScopeSnapshot, a save a SaveScopeRequest and its
// answer a SaveResult.
import {
  type AppProfileSetting,
  DEFAULT_APP_PROFILE,
  SERVICE_APP,
  customAppProfile,
} from "../core/app-profile";
import {
  type ProjectChange,
  type ScopeChoice,
  type ScopeEntry,
  type ScopeSettings,
  type SettingsChange,
  type SettingsValue,
  sameChoice,
  sameSettings,
} from "../core/scope";
import type { Conflict, SaveResult, ScopeSnapshot, StoredAppProfile } from "../core/scope-store";
import type {
  ConflictWire,
  OrganizationStateWire,
  ProjectChangeWire,
  SaveScopeRequest,
  SaveScopeResponse,
  ScopeEntryWire,
  ScopeSettingsWire,
  StoredAppProfileWire,
} from "../core/service-api";
import { ServiceError } from "./service-error";

function entryOf(e: ScopeEntryWire): ScopeEntry {
  return {
    projectId: e.projectId,
    name: e.name,
    choice: e.choice,
    dataTypes: [...e.dataTypes],
    changedBy: { id: e.changedBy.id, displayName: e.changedBy.displayName },
    changedAt: e.changedAt,
    opId: e.opId,
  };
}

function settingsOf(s: ScopeSettingsWire): ScopeSettings {
  return {
    includeNewProjects: s.includeNewProjects,
    defaultDataTypes: [...s.defaultDataTypes],
    ...(s.changedBy ? { changedBy: s.changedBy } : {}),
    ...(s.changedAt ? { changedAt: s.changedAt } : {}),
    ...(s.opId ? { opId: s.opId } : {}),
  };
}

function scopeOf(scope: OrganizationStateWire["scope"]): ScopeSnapshot["scope"] {
  if (!scope?.settings || !Array.isArray(scope.entries))
    throw new ServiceError(
      "badResponse",
      200,
      "The backup service sent a backup scope that could not be read.",
    );
  return {
    settings: settingsOf(scope.settings),
    entries: new Map(scope.entries.map((e) => [e.projectId, entryOf(e)])),
  };
}

/** The app profile as the pages know it; the provided app's details are the product's own. */
export function appProfileSettingOf(wire: StoredAppProfileWire | undefined): AppProfileSetting {
  if (!wire?.profile) return DEFAULT_APP_PROFILE;
  const profile =
    wire.profile.kind === "custom" ? customAppProfile(wire.profile.clientId) : SERVICE_APP;
  return {
    profile,
    ...(wire.changedBy ? { changedBy: wire.changedBy } : {}),
    ...(wire.changedAt ? { changedAt: wire.changedAt } : {}),
    ...(wire.opId ? { opId: wire.opId } : {}),
  };
}

/** The service has no etags: `seenOpId` (in the setting) is what a save is checked against. */
export function storedProfileOf(wire: StoredAppProfileWire | undefined): StoredAppProfile {
  return { setting: appProfileSettingOf(wire), etag: undefined };
}

export function snapshotOf(state: OrganizationStateWire): ScopeSnapshot {
  if (!state?.caller) {
    throw new ServiceError(
      "badResponse",
      200,
      "The backup service sent an organization state that could not be read.",
    );
  }
  return {
    scope: scopeOf(state.scope),
    etags: new Map(),
    problems: [],
    appProfile: appProfileSettingOf(state.appProfile),
    organization: {
      tenantId: state.tenantId || undefined,
      caller: state.caller,
      connection: state.connection ?? { status: "notConnected" },
      consent: state.consent ?? { status: "unknown" },
    },
  };
}

function changeOf(c: ProjectChangeWire): ProjectChange {
  return { projectId: c.projectId, name: c.name, before: c.before, after: c.after };
}

function conflictOf(c: ConflictWire): Conflict {
  return {
    projectId: c.projectId,
    name: c.name,
    theirs: c.theirs ? entryOf(c.theirs) : undefined,
    mine: changeOf(c.mine),
  };
}

export function saveResultOf(answer: SaveScopeResponse, base: ScopeSnapshot): SaveResult {
  const result: SaveResult = {
    opId: answer.opId,
    applied: answer.applied.map(changeOf),
    settingsApplied: answer.settingsApplied,
    conflicts: answer.conflicts.map(conflictOf),
    snapshot: {
      ...base,
      scope: scopeOf(answer.scope),
      etags: new Map(),
      problems: [],
    },
    writes: 1,
  };
  if (answer.settingsConflict) {
    result.settingsConflict = {
      theirs: settingsOf(answer.settingsConflict.theirs),
      mine: {
        before: answer.settingsConflict.mine.before,
        after: answer.settingsConflict.mine.after,
      },
    };
  }
  return result;
}

/**
 * Only the choice: a change's `before` is often the stored entry itself, and the service refuses
 * fields it does not know (its stamp is the service's to write).
 */
function choiceOf(c: ScopeChoice): ScopeChoice {
  return { choice: c.choice, dataTypes: [...c.dataTypes] };
}

function settingsValueOf(s: SettingsValue): SettingsValue {
  return { includeNewProjects: s.includeNewProjects, defaultDataTypes: [...s.defaultDataTypes] };
}

/** A save made against `base` as the service takes it: each change with the opId the admin saw. */
export function saveRequestOf(
  base: ScopeSnapshot,
  changes: readonly ProjectChange[],
  settingsChange: SettingsChange | undefined,
  opId: string,
): SaveScopeRequest {
  const request: SaveScopeRequest = {
    opId,
    changes: changes
      .filter((c) => !sameChoice(c.before, c.after))
      .map((c) => {
        const seenOpId = base.scope.entries.get(c.projectId)?.opId;
        return {
          projectId: c.projectId,
          name: c.name,
          ...(seenOpId ? { seenOpId } : {}),
          ...(c.before ? { before: choiceOf(c.before) } : {}),
          after: choiceOf(c.after),
        };
      }),
  };
  if (settingsChange && !sameSettings(settingsChange.before, settingsChange.after)) {
    const seenOpId = base.scope.settings.opId;
    request.settings = {
      ...(seenOpId ? { seenOpId } : {}),
      before: settingsValueOf(settingsChange.before),
      after: settingsValueOf(settingsChange.after),
    };
  }
  return request;
}
