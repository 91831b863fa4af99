// When the scheduled backup runs: daily at an hour (UTC) or off, as one labelled select. Saved
// as soon as it changes; the next run's time is said below it.
import type { BackupScheduleWire, SaveScheduleRequest } from "../../core/service-api";
import { formatWhen } from "../format";

export interface ScheduleSettingProps {
  schedule: BackupScheduleWire | undefined;
  onChange: (schedule: SaveScheduleRequest) => void;
  disabled: boolean;
  saving: boolean;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourText = (h: number) => `${String(h).padStart(2, "0")}:00 UTC`;

function valueOf(s: BackupScheduleWire): string {
  return s.frequency === "off" ? "off" : String(s.hourUtc);
}

export function ScheduleSetting({ schedule, onChange, disabled, saving }: ScheduleSettingProps) {
  if (!schedule) return null;
  const change = (e: Event): void => {
    const v = (e.currentTarget as HTMLSelectElement).value;
    onChange(
      v === "off"
        ? { frequency: "off", hourUtc: schedule.hourUtc }
        : { frequency: "daily", hourUtc: Number(v) },
    );
  };
  return (
    <div class="schedule-setting">
      <label for="backup-schedule">Scheduled backup</label>{" "}
      <select
        id="backup-schedule"
        value={valueOf(schedule)}
        disabled={disabled || saving}
        aria-describedby="backup-schedule-note"
        onChange={change}
      >
        {HOURS.map((h) => (
          <option key={h} value={String(h)}>
            Daily at {hourText(h)}
          </option>
        ))}
        <option value="off">Off</option>
      </select>
      <p id="backup-schedule-note" class="details-meta">
        {saving
          ? "Saving…"
          : schedule.nextRunAt
            ? `Next scheduled backup: ${formatWhen(schedule.nextRunAt)}.`
            : "No scheduled backup; use Back up now."}
        {schedule.changedBy && schedule.changedAt
          ? ` Set by ${schedule.changedBy.displayName}, ${formatWhen(schedule.changedAt)}.`
          : ""}
      </p>
    </div>
  );
}
