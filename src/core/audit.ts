// The audit history: one record per save, saying who changed what, and when. The service writes
// it with the identity it verified; clients only read it.
import type { Actor, ChangeKind, ScopeChoice, SettingsValue } from "./scope";

export interface AuditChange {
  projectId: string;
  name: string;
  kind: ChangeKind;
  before?: ScopeChoice;
  after: ScopeChoice;
}

export interface AuditRecord {
  opId: string;
  by: Actor;
  at: string;
  changes: AuditChange[];
  settings?: { before: SettingsValue; after: SettingsValue };
  /** A change of the tenant's app profile (the provided service app or its own Entra app). */
  appProfile?: { before: AppProfileRef; after: AppProfileRef };
}

export interface AppProfileRef {
  kind: "service" | "custom";
  clientId: string;
}

export interface AuditHistory {
  records: AuditRecord[];
  /** Records that could not be read; they are counted and shown, not dropped. */
  unreadable: number;
}
