// What the organization routes share: the store, Azure DevOps, identity's part, the clock.
import type { AppProfileSetting } from "../../src/core/app-profile";
import type { BackupScope } from "../../src/core/scope";
import type { OrganizationStateWire, StoredAppProfileWire } from "../../src/core/service-api";
import type { ServiceConfig } from "../config";
import type { Identity } from "../identity";
import type { Database } from "../store/database";
import type { Caller } from "../http/authentication";

// Defined with the organization's routes (service/http/organization-route.ts); still imported
// from here by restore-routes.ts.
export { ORGANIZATION_PREFIX } from "../http/organization-route";

export interface ServiceContext {
  db: Database;
  config: ServiceConfig;
  identity: Identity;
  now: () => Date;
  /** The one-time import of the organization's extension-data scope (a PCA's read). */
  importOnce(caller: Caller): Promise<void>;
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
