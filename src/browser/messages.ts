// The messages the popup and options pages send to the background, with their request and
// response types in one map, so both ends are checked against the same protocol.
import type { Runtime } from "webextension-polyfill";
import type { BackupRunWire, LastBackupWire, StartRunResponse } from "../core/service-api";
import type { ProjectBackupState } from "./organization-backup";
import type { TabContext } from "./tab-context";
import type { SignedInAccount } from "./token-cache";

export type SignInState = { kind: "signed-in"; account: SignedInAccount } | { kind: "signed-out" };

export interface BackupStateView {
  signIn: SignInState;
  /** The project's coverage; absent when signed out or when the tab shows no project. */
  project?: ProjectBackupState;
}

export type ProtectResult =
  | { kind: "saved"; state: ProjectBackupState }
  | { kind: "unchanged"; state: ProjectBackupState }
  | { kind: "conflict"; state: ProjectBackupState; by: string };

export interface Messages {
  getTabContext: { request: { tabId?: number }; response: { context: TabContext | null } };
  getBackupState: { request: { orgUrl: string; project?: string }; response: BackupStateView };
  /** The project's last backup, as the backup service recorded it; null when none has run. */
  getLastBackup: {
    request: { orgUrl: string; projectId: string };
    response: { lastBackup: LastBackupWire | null };
  };
  /** Back up now: the tab's project, through the backup service (PCA), as the hub's button. */
  startBackup: { request: { orgUrl: string; projectId: string }; response: StartRunResponse };
  /** A run's progress, polled by the popup while it goes. */
  getBackupRun: { request: { orgUrl: string; runId: string }; response: BackupRunWire };
  setProjectProtected: {
    request: { orgUrl: string; project: string; protect: boolean };
    response: ProtectResult;
  };
  signIn: { request: { orgUrl: string }; response: SignInState };
  signOut: { request: { orgUrl: string }; response: SignInState };
}

export type MessageType = keyof Messages;
export type RequestOf<K extends MessageType> = Messages[K]["request"];
export type ResponseOf<K extends MessageType> = Messages[K]["response"];

export type Handlers = {
  [K in MessageType]: (
    request: RequestOf<K>,
    sender?: Runtime.MessageSender,
  ) => Promise<ResponseOf<K>>;
};

/** What went wrong, in words the popup shows as they are, and a kind it can act on. */
export type FailureKind =
  | "unknown-message"
  | "not-azure-devops"
  | "no-tenant"
  | "signed-out"
  | "sign-in"
  | "not-found"
  | "forbidden"
  | "unavailable"
  | "scope"
  | "failed";

export interface Failure {
  kind: FailureKind;
  message: string;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: Failure };

export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  request: RequestOf<K>;
}

/** An answer from the background that is a failure, carried back to the page that asked. */
export class BackgroundError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = "BackgroundError";
  }
}

export type SendMessage = (message: unknown) => Promise<unknown>;

/** Asks the background; resolves with the typed answer or rejects with a BackgroundError. */
export async function ask<K extends MessageType>(
  sendMessage: SendMessage,
  type: K,
  request: RequestOf<K>,
): Promise<ResponseOf<K>> {
  const envelope: Envelope<K> = { type, request };
  const reply = (await sendMessage(envelope)) as Reply<ResponseOf<K>> | undefined;
  if (!reply || typeof reply !== "object" || !("ok" in reply)) {
    throw new BackgroundError(
      "failed",
      "The extension's background did not answer. Reload the extension and try again.",
    );
  }
  if (!reply.ok) throw new BackgroundError(reply.error.kind, reply.error.message);
  return reply.value;
}
