// The audit history: who changed the backup scope, when, and what; who started a backup or changed
// when backups run; who restored what.
import type { BackupSchedule } from "../../core/backup-schedule";
import type { AuditHistory } from "../../core/audit";
import { DATA_TYPE_LABELS, describeDataTypes } from "../../core/data-types";
import type { HistoryRecordWire, RestoreAuditWire } from "../../core/service-api";
import { describeChoice, formatWhen, plural } from "../format";
import { ProjectChangeItems } from "./project-change-items";

export interface HistoryListProps {
  /** Records as the service sends them: an import record says so (`imported`). */
  history: (Omit<AuditHistory, "records"> & { records: readonly HistoryRecordWire[] }) | undefined;
  /** How many records to show before "Show more". */
  limit: number;
  onShowMore?: () => void;
  /** Only changes to these projects (the project dialog shows one project's history). */
  projectId?: string;
}

const MAX_CHANGES_SHOWN = 20;

/** What a restore made, in words: its repositories and wikis by name, the other data types by label. */
function restoredItems(restore: RestoreAuditWire): string {
  const beyondGit = (restore.dataTypes ?? [])
    .filter((t) => t !== "repos" && t !== "wiki")
    .map((t) => DATA_TYPE_LABELS[t]);
  return [...restore.repositories, ...restore.wikis, ...beyondGit].join(", ") || "nothing";
}

export function HistoryList({ history, limit, onShowMore, projectId }: HistoryListProps) {
  if (!history) return <p class="list-empty">Loading history…</p>;
  const records = projectId
    ? history.records.filter(
        (r) =>
          r.changes.some((c) => c.projectId === projectId) || r.backupRun?.projectId === projectId,
      )
    : history.records;
  return (
    <div>
      {history.unreadable > 0 ? (
        <p class="details-meta">
          {plural(history.unreadable, "history record", "history records")} could not be read.
        </p>
      ) : null}
      {records.length === 0 ? (
        <p class="list-empty">No changes have been made yet.</p>
      ) : (
        <ol class="plain-list" aria-label="Change history">
          {records.slice(0, limit).map((r) => (
            <HistoryEntry key={r.opId} record={r} projectId={projectId} />
          ))}
        </ol>
      )}
      {records.length > limit && onShowMore ? (
        <button type="button" class="button button--subtle" onClick={onShowMore}>
          Show older changes
        </button>
      ) : null}
    </div>
  );
}

function describeSchedule(s: BackupSchedule): string {
  return s.frequency === "off" ? "off" : `daily at ${String(s.hourUtc).padStart(2, "0")}:00 UTC`;
}

function HistoryEntry({ record, projectId }: { record: HistoryRecordWire; projectId?: string }) {
  const changes = projectId
    ? record.changes.filter((c) => c.projectId === projectId)
    : record.changes;
  const verb = { added: "Added", removed: "Removed", changed: "Changed" } as const;
  return (
    <li class="history-entry">
      <h3>
        {record.by.displayName} <span class="history-when">· {formatWhen(record.at)}</span>
      </h3>
      <ul class="plain-list">
        {record.imported ? (
          <li>
            Imported once from the extension's former data (
            {plural(record.imported.documents, "document", "documents")} read
            {record.imported.problems.length > 0
              ? `; ${plural(record.imported.problems.length, "document", "documents")} could not be read and ${record.imported.problems.length === 1 ? "was" : "were"} skipped`
              : ""}
            )
          </li>
        ) : null}
        {record.appProfile ? (
          <li>
            Backup app:{" "}
            {record.appProfile.after.kind === "service"
              ? "the provided backup service app"
              : `your own Entra app (client ID ${record.appProfile.after.clientId})`}
          </li>
        ) : null}
        {record.restore ? (
          <li>
            Restored {record.restore.source.projectName} (backup {record.restore.source.runId}) into{" "}
            {record.restore.target.projectName}: {restoredItems(record.restore)}
          </li>
        ) : null}
        {record.backupRun ? (
          <li>
            Back up now:{" "}
            {record.backupRun.projectId
              ? (record.backupRun.projectName ?? "one project")
              : "every project in the backup scope"}{" "}
            (backup {record.backupRun.runId})
          </li>
        ) : null}
        {record.schedule ? (
          <li>
            Backups: {describeSchedule(record.schedule.after)} (was{" "}
            {describeSchedule(record.schedule.before)})
          </li>
        ) : null}
        {record.settings ? (
          <li>
            New projects: {record.settings.after.includeNewProjects ? "join" : "do not join"}{" "}
            automatically, with{" "}
            {describeDataTypes(record.settings.after.defaultDataTypes).toLowerCase()}
          </li>
        ) : null}
        <ProjectChangeItems changes={changes} max={MAX_CHANGES_SHOWN}>
          {(c) => (
            <>
              {verb[c.kind]} {c.name}
              {c.kind === "changed" ? ` (now ${describeChoice(c.after)})` : null}
            </>
          )}
        </ProjectChangeItems>
      </ul>
    </li>
  );
}
