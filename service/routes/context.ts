// What the organization routes share: the store, Azure DevOps, identity's part, the clock.
import type { AppProfileSetting } from "../../src/core/app-profile";
import type { BackupScope } from "../../src/core/scope";
import type { OrganizationStateWire, StoredAppProfileWire } from "../../src/core/service-api";
import type { ServiceConfig } from "../config";
import type { Identity } from "../identity";
import type { Database } from "../store/database";
import type { Caller } from "../http/authentication";
import { lockOrganization } from "../store/organization-lock";

// Defined with the organization's routes (service/http/organization-route.ts); still imported
// from here by restore-routes.ts.

export interface ServiceContext {
  db: Database;
  config: ServiceConfig;
  identity: Identity;
  now: () => Date;
  /** The one-time import of the organization's extension-data scope (a PCA's read). */
  importOnce(caller: Caller): Promise<void>;
}

/**
 * A PCA's change to what the organization keeps (its scope, its app profile): the former extension
 * data imported first, then `change` in one transaction that holds the organization's row, so
 * concurrent changes run one after another and none is lost.
 */
export async function changeOrganization<T>(
  ctx: ServiceContext,
  caller: Caller,
  change: (tx: Database, now: Date) => Promise<T>,
): Promise<T> {
  await ctx.importOnce(caller);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await lockOrganization(tx, caller.organization, now);
    return change(tx, now);
  });
}

export function scopeWire(scope: BackupScope): OrganizationStateWire["scope"] {
  return {
    settings: { ...scope.settings, defaultDataTypes: [...scope.settings.defaultDataTypes] },
    entries: [...scope.entries.values()].map((e) => ({ ...e, dataTypes: [...e.dataTypes] })),
  };
}

export function appProfileWire(setting: AppProfileSetting): StoredAppProfileWire {
  return {
    profile: { ...setting.profile },
    ...(setting.changedBy ? { changedBy: setting.changedBy } : {}),
    ...(setting.changedAt ? { changedAt: setting.changedAt } : {}),
    ...(setting.opId ? { opId: setting.opId } : {}),
  };
}
