// The tab's project's backups through the backup service: its last backup, "Back up now" (PCA,
// as the hub's button) and the run's progress.
import type { Handlers } from "../../src/browser/messages";
import { ServiceError } from "../../src/service/service-error";
import { fail } from "./failures";
import type { OrganizationSessions } from "./organization-sessions";

export function backupRunHandlers(
  sessions: OrganizationSessions,
): Pick<Handlers, "getLastBackup" | "startBackup" | "getBackupRun"> {
  return {
    async getLastBackup({ orgUrl, projectId }) {
      const runs = sessions.runsFor(orgUrl, await sessions.signedIn(orgUrl));
      const { backups } = await runs.backups(projectId);
      return { lastBackup: backups.find((b) => b.projectId === projectId.toLowerCase()) ?? null };
    },

    async startBackup({ orgUrl, projectId }) {
      const runs = sessions.runsFor(orgUrl, await sessions.signedIn(orgUrl));
      try {
        return await runs.startRun(projectId);
      } catch (e) {
        // The popup's words for the scope say "change the backup scope"; this is a backup.
        if (e instanceof ServiceError && e.code === "notCollectionAdmin")
          throw fail(
            "forbidden",
            `Only a Project Collection Administrator can start a backup. ${e.message}`,
          );
        throw e;
      }
    },

    async getBackupRun({ orgUrl, runId }) {
      return sessions.runsFor(orgUrl, await sessions.signedIn(orgUrl)).run(runId);
    },
  };
}
