// The background's message handlers as one typed map (the popup and options pages share its
// request and response types, src/browser/messages.ts), put together from small groups that each
// do one job over the same OrganizationSessions. dispatcher.ts routes messages to them.
import type { Handlers } from "../../src/browser/messages";
import { backupRunHandlers } from "./backup-run-handlers";
import { type BackgroundDeps, OrganizationSessions } from "./organization-sessions";
import { scopeHandlers } from "./scope-handlers";
import { signInHandlers } from "./sign-in-handlers";
import { tabHandlers } from "./tab-handlers";

export type { BackgroundDeps } from "./organization-sessions";

export function createHandlers(deps: BackgroundDeps): Handlers {
  const sessions = new OrganizationSessions(deps);
  return {
    ...tabHandlers(sessions),
    ...scopeHandlers(sessions),
    ...backupRunHandlers(sessions),
    ...signInHandlers(sessions),
  } satisfies Handlers;
}
