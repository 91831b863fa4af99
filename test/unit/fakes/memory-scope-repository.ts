// The backup service's scope, history and app profile in memory, behind the one interface the
// pages use (ScopeRepository). Saves go through the service's own planner (src/core/scope-changes.ts)
// and answers through the client's mapping (src/service/wire-mapping.ts), so conflicts, retries and
// history read as they do against the real service; the author of a change is the save's actor.
import {
  type AppProfile,
  type AppProfileSetting,
  sameAppProfile,
} from "../../../src/core/app-profile";
import type { AuditHistory, AuditRecord } from "../../../src/core/audit";
import {
  type Actor,
  type BackupScope,
  type ProjectChange,
  type SettingsChange,
} from "../../../src/core/scope";
import { planScopeChanges } from "../../../src/core/scope-changes";
import { DEFAULT_SETTINGS } from "../../../src/core/scope-schema";
import {
  AppProfileConflictError,
  type SaveOptions,
  type SaveResult,
  type ScopeRepository,
  type ScopeSnapshot,
  type StoredAppProfile,
} from "../../../src/core/scope-store";
import type { SaveScopeResponse } from "../../../src/core/service-api";
import { saveRequestOf, saveResultOf } from "../../../src/service/wire-mapping";

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class MemoryScopeRepository implements ScopeRepository {
  scope: BackupScope = { settings: { ...DEFAULT_SETTINGS }, entries: new Map() };
  /** Newest first, one per opId (as the service keeps them). */
  records: AuditRecord[] = [];
  appProfile: AppProfileSetting | undefined;
  /** Saves that stored something (scope or app profile). */
  writes = 0;
  /** When set, the next save is stored but its answer is lost (throws like a dropped connection). */
  loseNextAnswer = false;

  async load(): Promise<ScopeSnapshot> {
    return {
      scope: {
        settings: copy(this.scope.settings),
        entries: new Map([...this.scope.entries].map(([id, e]) => [id, copy(e)])),
      },
      etags: new Map(),
      problems: [],
      ...(this.appProfile ? { appProfile: copy(this.appProfile) } : {}),
    };
  }

  async loadHistory(): Promise<AuditHistory> {
    return { records: copy(this.records), unreadable: 0 };
  }

  async save(
    base: ScopeSnapshot,
    changes: readonly ProjectChange[],
    settingsChange: SettingsChange | undefined,
    options: SaveOptions,
  ): Promise<SaveResult> {
    const plan = planScopeChanges(
      this.scope,
      saveRequestOf(base, changes, settingsChange, options.opId),
      {
        actor: options.actor,
        at: (options.now?.() ?? new Date()).toISOString(),
      },
    );
    const entries = new Map(this.scope.entries);
    for (const entry of plan.writes) entries.set(entry.projectId, entry);
    this.scope = { settings: plan.settingsWrite ?? this.scope.settings, entries };
    if (plan.writes.length > 0 || plan.settingsWrite) this.writes++;
    if (plan.audit && !this.records.some((r) => r.opId === options.opId))
      this.records.unshift(plan.audit);
    const answer: SaveScopeResponse = {
      opId: options.opId,
      applied: plan.applied,
      settingsApplied: plan.settingsApplied,
      conflicts: copy(plan.conflicts),
      ...(plan.settingsConflict ? { settingsConflict: copy(plan.settingsConflict) } : {}),
      scope: {
        settings: copy(this.scope.settings),
        entries: copy([...this.scope.entries.values()]),
      },
    };
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError("fetch failed");
    }
    return saveResultOf(answer, base);
  }

  async saveAppProfile(
    current: StoredAppProfile,
    profile: AppProfile,
    options: { actor: Actor; opId: string; now?: () => Date },
  ): Promise<StoredAppProfile> {
    const stored = this.appProfile;
    if (stored && sameAppProfile(stored.profile, profile))
      return { setting: copy(stored), etag: undefined };
    if (stored?.opId !== current.setting.opId)
      throw new AppProfileConflictError({
        setting: copy(stored ?? current.setting),
        etag: undefined,
      });
    const at = (options.now?.() ?? new Date()).toISOString();
    const before = stored?.profile ?? current.setting.profile;
    this.appProfile = { profile, changedBy: options.actor, changedAt: at, opId: options.opId };
    this.writes++;
    this.records.unshift({
      opId: options.opId,
      by: options.actor,
      at,
      changes: [],
      appProfile: {
        before: { kind: before.kind, clientId: before.clientId },
        after: { kind: profile.kind, clientId: profile.clientId },
      },
    });
    return { setting: copy(this.appProfile), etag: undefined };
  }
}
