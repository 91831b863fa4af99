// The project's last backup, as the backup service recorded it (read once the project is known,
// and again when a backup from the popup ends), in the words the hub and the panel use.
import { useEffect, useState } from "preact/hooks";
import { type SendMessage, ask } from "../../src/browser/messages";
import type { LastBackupWire } from "../../src/core/service-api";
import { describeLastBackup } from "../../src/ui/backups/backup-format";
import { formatWhen } from "../../src/ui/format";

export interface LastBackupProps {
  sendMessage: SendMessage;
  orgUrl: string;
  projectId: string;
  /** Bumped to read it again. */
  reads: number;
}

type LastBackupView =
  | { kind: "loading" }
  | { kind: "read"; lastBackup: LastBackupWire | null }
  | { kind: "failed"; message: string };

function describe(view: LastBackupView): string {
  switch (view.kind) {
    case "loading":
      return "Reading the last backup…";
    case "failed":
      return `The last backup could not be read: ${view.message}`;
    case "read":
      return view.lastBackup
        ? `${describeLastBackup(view.lastBackup, formatWhen)}.`
        : "Not backed up yet.";
  }
}

export function LastBackup({ sendMessage, orgUrl, projectId, reads }: LastBackupProps) {
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
  return <p class="last-backup">{describe(view)}</p>;
}
