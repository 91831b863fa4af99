// How a backup's size, duration and outcome read in the UI.
import { describeDataTypes } from "../../core/data-types";
import type { BackupOutcome, LastBackupWire } from "../../core/service-api";

const UNITS = ["B", "KB", "MB", "GB", "TB"];

export function formatSize(bytes: number): string {
  let n = bytes;
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(n < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const OUTCOME_LABELS: Readonly<Record<BackupOutcome, string>> = {
  succeeded: "Backed up",
  partial: "Backed up, some items failed",
  failed: "Failed",
  skipped: "Nothing to back up",
};

/** One line for the popup and screen readers: what, when, how big, how long or why not. */
export function describeLastBackup(b: LastBackupWire, when: (iso: string) => string): string {
  const what = describeDataTypes(b.dataTypes);
  if (b.outcome === "failed")
    return `Last backup failed ${when(b.at)}: ${b.reason ?? "no reason given"}`;
  return `${OUTCOME_LABELS[b.outcome]} ${when(b.at)}: ${what}, ${formatSize(b.bytesStored)} added in ${formatDuration(b.durationMs)}`;
}
