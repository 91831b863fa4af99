// The tab's project in the backup scope: its state, and adding or removing it through the backup
// service (which checks that the user is a PCA and records who did it).
import type { Handlers, SignInState } from "../../src/browser/messages";
import type { OrganizationSessions } from "./organization-sessions";

export function scopeHandlers(
  sessions: OrganizationSessions,
): Pick<Handlers, "getBackupState" | "setProjectProtected"> {
  return {
    async getBackupState({ orgUrl, project }) {
      const key = await sessions.signInKey(orgUrl);
      const session = await sessions.currentSession(key);
      if (!session) return { signIn: { kind: "signed-out" } };
      const signIn: SignInState = { kind: "signed-in", account: session.account };
      if (!project) return { signIn };
      return { signIn, project: await sessions.backupFor(orgUrl, { key, session }).state(project) };
    },

    async setProjectProtected({ orgUrl, project, protect }) {
      const backup = sessions.backupFor(orgUrl, await sessions.signedIn(orgUrl));
      const actor = await backup.actor();
      return backup.setProtected(project, protect, actor, sessions.deps.newOpId());
    },
  };
}
