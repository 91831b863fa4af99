// The toolbar popup: the organization and project of the tab, who is signed in, the project's
// backup state and what this user can do about it. The state is popupReducer's (use-popup.ts);
// each part of the page is its own component.
import { type SendMessage, ask } from "../../src/browser/messages";
import { Account } from "./account";
import { ProjectBackup } from "./project-backup";
import { usePopup } from "./use-popup";

export interface PopupProps {
  sendMessage: SendMessage;
  targetTabId: () => Promise<number | undefined>;
  openOptions: () => Promise<void>;
}

export function Popup({ sendMessage, targetTabId, openOptions }: PopupProps) {
  const { state: popup, dispatch, refresh, act } = usePopup(sendMessage, targetTabId);
  const { view, error, busy, notice } = popup;
  const errorLine = error ? (
    <p role="alert" class="error">
      {error}
    </p>
  ) : null;

  if (view.kind === "loading") return errorLine ?? <p role="status">Loading…</p>;
  if (view.kind === "no-project") {
    return (
      <>
        <h1>Backup state</h1>
        <p>Open an Azure DevOps project to see its backup state.</p>
        {errorLine}
      </>
    );
  }

  const { context, state } = view;
  const signIn = state?.signIn;
  const project = state?.project;
  const signInOut = (type: "signIn" | "signOut", label: string) => () =>
    void act(label, async () => {
      await ask(sendMessage, type, { orgUrl: context.orgUrl });
      await refresh(context);
    });

  return (
    <>
      <h1>Backup state</h1>
      <dl>
        <dt>Organization</dt>
        <dd>{context.organization}</dd>
        <dt>Project</dt>
        <dd>{context.project ?? "None: open a project to add it to the backup scope."}</dd>
      </dl>

      {signIn && (
        <Account
          signIn={signIn}
          busy={busy !== undefined}
          onSignIn={signInOut("signIn", "Signing in…")}
          onSignOut={signInOut("signOut", "Signing out…")}
        />
      )}

      {signIn && project && (
        <ProjectBackup
          sendMessage={sendMessage}
          context={context}
          signIn={signIn}
          project={project}
          busy={busy !== undefined}
          lastBackupReads={popup.lastBackupReads}
          onBackupEnded={() => dispatch({ type: "backupEnded" })}
          onToggleProtected={() =>
            void act("Saving…", async () => {
              const result = await ask(sendMessage, "setProjectProtected", {
                orgUrl: context.orgUrl,
                project: project.project.name,
                protect: !project.isProtected,
              });
              dispatch({ type: "protectSaved", result, wasProtected: project.isProtected });
            })
          }
        />
      )}

      {!state && !error && <p role="status">Loading…</p>}
      <p role="status" class="status">
        {busy ?? notice ?? ""}
      </p>
      {errorLine}
      <footer>
        <button type="button" class="link" onClick={() => void openOptions()}>
          Sign-in settings
        </button>
      </footer>
    </>
  );
}
