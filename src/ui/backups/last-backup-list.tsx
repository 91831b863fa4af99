// Each project's last backup: when, what, how much it added, how long it took, or why it failed.
// One table in a scrolling region that is a single tab stop (arrow keys scroll it), so a long
// list never costs a tab per row; failures come first.
import type { LastBackupWire } from "../../core/service-api";
import { describeDataTypes } from "../../core/data-types";
import { formatWhen } from "../format";
import { OUTCOME_LABELS, formatDuration, formatSize } from "./backup-format";

export interface LastBackupListProps {
  backups: readonly LastBackupWire[] | undefined;
  /** The table's caption (also the scrolling region's name). */
  label?: string;
  emptyText?: string;
}

const ORDER = { failed: 0, partial: 1, skipped: 2, succeeded: 3 } as const;

export function LastBackupList({
  backups,
  label = "Last backup of each project",
  emptyText = "No backup has run yet.",
}: LastBackupListProps) {
  if (!backups) return <p class="list-empty">Loading the last backups…</p>;
  if (backups.length === 0) return <p class="list-empty">{emptyText}</p>;
  const rows = [...backups].sort(
    (a, b) => ORDER[a.outcome] - ORDER[b.outcome] || a.name.localeCompare(b.name),
  );
  return (
    <div class="backup-table" role="region" aria-label={label} tabIndex={0}>
      <table>
        <caption class="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Result</th>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Added</th>
            <th scope="col">Took</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.projectId} class={`backup-row backup-row--${b.outcome}`}>
              <th scope="row">{b.name}</th>
              <td>
                <span class={`badge${b.outcome === "succeeded" ? "" : " badge--warning"}`}>
                  {OUTCOME_LABELS[b.outcome]}
                </span>
                {b.reason ? <div class="backup-reason">{b.reason}</div> : null}
              </td>
              <td>{formatWhen(b.at)}</td>
              <td>{describeDataTypes(b.dataTypes)}</td>
              <td>{b.outcome === "failed" ? "—" : formatSize(b.bytesStored)}</td>
              <td>{formatDuration(b.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
