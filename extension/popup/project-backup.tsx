// The tab's project: its place in the backup scope, its last backup and "Back up now" (signed
// in), and adding it to the scope or removing it, or why this user cannot.
import type { BackupStateView, SendMessage } from "../../src/browser/messages";
import type { ProjectBackupState } from "../../src/browser/organization-backup";
import type { TabContext } from "../../src/browser/tab-context";
import { PopupBackUpNow } from "./back-up-now";
import { Coverage } from "./coverage";
import { LastBackup } from "./last-backup";

export interface ProjectBackupProps {
  sendMessage: SendMessage;
  context: TabContext;
  signIn: BackupStateView["signIn"];
  project: ProjectBackupState;
  busy: boolean;
  lastBackupReads: number;
  onBackupEnded: () => void;
  onToggleProtected: () => void;
}

export function ProjectBackup(props: ProjectBackupProps) {
  const { sendMessage, context, signIn, project } = props;
  return (
    <section aria-label="Backup coverage">
      <Coverage state={project} />
      {signIn.kind === "signed-in" && (
        <>
          <LastBackup
            sendMessage={sendMessage}
            orgUrl={context.orgUrl}
            projectId={project.project.id}
            reads={props.lastBackupReads}
          />
          <PopupBackUpNow
            sendMessage={sendMessage}
            orgUrl={context.orgUrl}
            project={project.project}
            {...(project.blocked ? { blockedBy: project.blocked } : {})}
            onFinished={props.onBackupEnded}
          />
        </>
      )}
      {project.blocked ? (
        <p role="alert" class="error" id="coverage-blocked">
          {project.blocked}
        </p>
      ) : (
        <button
          type="button"
          class="primary"
          disabled={props.busy}
          onClick={props.onToggleProtected}
        >
          {project.isProtected ? "Remove from backup scope" : "Add to backup scope"}
        </button>
      )}
    </section>
  );
}
