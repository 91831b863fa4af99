import { useCallback, useEffect, useState } from "preact/hooks";
import { describeDataTypes } from "../../src/core/data-types";
import { isProtected } from "../../src/core/scope";
import {
  type BackupStateView,
  BackgroundError,
  type SendMessage,
  ask,
} from "../../src/browser/messages";
import type { ProjectBackupState } from "../../src/browser/organization-backup";
import type { TabContext } from "../../src/browser/tab-context";
import type { LastBackupWire } from "../../src/core/service-api";
import { describeLastBackup } from "../../src/ui/backups/backup-format";
import { PopupBackUpNow } from "./back-up-now";

export interface PopupProps {
  sendMessage: SendMessage;
  targetTabId: () => Promise<number | undefined>;
  openOptions: () => Promise<void>;
}

type View =
  | { kind: "loading" }
  | { kind: "no-project" }
  | { kind: "ready"; context: TabContext; state?: BackupStateView };

const when = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function Coverage({ state }: { state: ProjectBackupState }) {
  const c = state.coverage;
  const last = state.lastChange
    ? ` by ${state.lastChange.by.displayName} on ${when(state.lastChange.at)}`
    : "";
  switch (c.kind) {
    case "chosen":
      return (
        <p class="coverage protected">
          <strong>Protected</strong>: {describeDataTypes(c.dataTypes)}.
          <span class="detail">Added to the backup scope{last}.</span>
        </p>
      );
    case "rule":
      return (
        <p class="coverage protected">
          <strong>Protected by the rule for all projects</strong>: {describeDataTypes(c.dataTypes)}.
        </p>
      );
    case "excluded":
      return (
        <p class="coverage">
          <strong>Not protected</strong>: excluded from the backup scope{last}.
        </p>
      );
    case "none":
      return (
        <p class="coverage">
          <strong>Not protected</strong>: not in the backup scope.
        </p>
      );
  }
}

type LastBackupView =
  | { kind: "loading" }
  | { kind: "read"; lastBackup: LastBackupWire | null }
  | { kind: "failed"; message: string };

/** The project's last backup, as the backup service recorded it (read once the project is known). */
function LastBackup({
  sendMessage,
  orgUrl,
  projectId,
  reads,
}: {
  sendMessage: SendMessage;
  orgUrl: string;
  projectId: string;
  /** Bumped to read it again (a backup from the popup ended). */
  reads: number;
}) {
  const [view, setView] = useState<LastBackupView>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    setView({ kind: "loading" });
    ask(sendMessage, "getLastBackup", { orgUrl, projectId }).then(
      ({ lastBackup }) => live && setView({ kind: "read", lastBackup }),
      (e: unknown) =>
        live && setView({ kind: "failed", message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [sendMessage, orgUrl, projectId, reads]);
  const text =
    view.kind === "loading"
      ? "Reading the last backup…"
      : view.kind === "failed"
        ? `The last backup could not be read: ${view.message}`
        : view.lastBackup
          ? `${describeLastBackup(view.lastBackup, when)}.`
          : "Not backed up yet.";
  return <p class="last-backup">{text}</p>;
}

export function Popup({ sendMessage, targetTabId, openOptions }: PopupProps) {
  const [view, setView] = useState<View>({ kind: "loading" });
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [lastBackupReads, setLastBackupReads] = useState(0);

  const failed = (e: unknown): void =>
    setError(e instanceof BackgroundError || e instanceof Error ? e.message : String(e));

  const refresh = useCallback(
    async (context: TabContext) => {
      const state = await ask(sendMessage, "getBackupState", {
        orgUrl: context.orgUrl,
        ...(context.project ? { project: context.project } : {}),
      });
      setView({ kind: "ready", context, state });
    },
    [sendMessage],
  );

  useEffect(() => {
    void (async () => {
      try {
        const tabId = await targetTabId();
        const { context } = await ask(
          sendMessage,
          "getTabContext",
          tabId !== undefined ? { tabId } : {},
        );
        if (!context) return setView({ kind: "no-project" });
        setView({ kind: "ready", context });
        await refresh(context);
      } catch (e) {
        failed(e);
      }
    })();
  }, [sendMessage, targetTabId, refresh]);

  const act = async (label: string, work: () => Promise<void>): Promise<void> => {
    setBusy(label);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(undefined);
    }
  };

  if (view.kind === "loading") {
    return error ? (
      <p role="alert" class="error">
        {error}
      </p>
    ) : (
      <p role="status">Loading…</p>
    );
  }
  if (view.kind === "no-project") {
    return (
      <>
        <h1>Backup state</h1>
        <p>Open an Azure DevOps project to see its backup state.</p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </>
    );
  }

  const { context, state } = view;
  const signIn = state?.signIn;
  const project = state?.project;
  const protectedNow = project ? isProtected(project.coverage) : false;

  return (
    <>
      <h1>Backup state</h1>
      <dl>
        <dt>Organization</dt>
        <dd>{context.organization}</dd>
        <dt>Project</dt>
        <dd>{context.project ?? "None: open a project to add it to the backup scope."}</dd>
      </dl>

      {signIn?.kind === "signed-out" && (
        <section aria-label="Sign-in">
          <p>Sign in with your work account to see and change this organization's backup scope.</p>
          <button
            type="button"
            disabled={busy !== undefined}
            onClick={() =>
              act("Signing in…", async () => {
                await ask(sendMessage, "signIn", { orgUrl: context.orgUrl });
                await refresh(context);
              })
            }
          >
            Sign in
          </button>
        </section>
      )}

      {signIn?.kind === "signed-in" && (
        <p class="account">
          Signed in as <strong>{signIn.account.name}</strong>
          {signIn.account.username && ` (${signIn.account.username})`}.{" "}
          <button
            type="button"
            class="link"
            disabled={busy !== undefined}
            onClick={() =>
              act("Signing out…", async () => {
                await ask(sendMessage, "signOut", { orgUrl: context.orgUrl });
                await refresh(context);
              })
            }
          >
            Sign out
          </button>
        </p>
      )}

      {project && (
        <section aria-label="Backup coverage">
          <Coverage state={project} />
          {signIn?.kind === "signed-in" && (
            <>
              <LastBackup
                sendMessage={sendMessage}
                orgUrl={context.orgUrl}
                projectId={project.project.id}
                reads={lastBackupReads}
              />
              <PopupBackUpNow
                sendMessage={sendMessage}
                orgUrl={context.orgUrl}
                project={project.project}
                {...(project.blocked ? { blockedBy: project.blocked } : {})}
                onFinished={() => setLastBackupReads((n) => n + 1)}
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
              disabled={busy !== undefined}
              onClick={() =>
                act("Saving…", async () => {
                  const result = await ask(sendMessage, "setProjectProtected", {
                    orgUrl: context.orgUrl,
                    project: project.project.name,
                    protect: !protectedNow,
                  });
                  setView({
                    kind: "ready",
                    context,
                    state: { signIn: state.signIn, project: result.state },
                  });
                  if (result.kind === "conflict") {
                    setError(
                      `${result.by} changed this project's backup at the same time; their change was kept.`,
                    );
                  } else if (result.kind === "saved") {
                    setNotice(
                      protectedNow
                        ? "Removed from the backup scope."
                        : "Added to the backup scope.",
                    );
                  }
                })
              }
            >
              {protectedNow ? "Remove from backup scope" : "Add to backup scope"}
            </button>
          )}
        </section>
      )}

      {!state && !error && <p role="status">Loading…</p>}
      <p role="status" class="status">
        {busy ?? notice ?? ""}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <footer>
        <button type="button" class="link" onClick={() => void openOptions()}>
          Sign-in settings
        </button>
      </footer>
    </>
  );
}
