// When an organization's scheduled backup is due: daily at a chosen hour (UTC), or off. Pure, so
// the service's scheduler and its tests agree on it without a clock.

export type BackupFrequency = "daily" | "off";

export interface BackupSchedule {
  frequency: BackupFrequency;
  /** 0–23, UTC. */
  hourUtc: number;
}

/** Every organization starts with a daily backup at 02:00 UTC until a PCA chooses otherwise. */
export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = { frequency: "daily", hourUtc: 2 };

const DAY_MS = 24 * 60 * 60 * 1000;

export function isValidHourUtc(hour: number): boolean {
  return Number.isInteger(hour) && hour >= 0 && hour <= 23;
}

/** The latest daily slot at or before `now` (today's hour, or yesterday's if it is not yet). */
export function latestSlot(schedule: BackupSchedule, now: Date): Date {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
    schedule.hourUtc,
  );
  return new Date(today <= now.getTime() ? today : today - DAY_MS);
}

/** The next slot after `now`; undefined when the schedule is off. */
export function nextScheduledRun(schedule: BackupSchedule, now: Date): Date | undefined {
  if (schedule.frequency === "off") return undefined;
  return new Date(latestSlot(schedule, now).getTime() + DAY_MS);
}

/**
 * Whether a scheduled run should start now: the schedule is on and no scheduled run started at
 * or after the latest slot. A missed slot (the service was down) is caught up once, not once per
 * missed day.
 */
export function isScheduledRunDue(
  schedule: BackupSchedule,
  lastScheduledRunAt: Date | undefined,
  now: Date,
): boolean {
  if (schedule.frequency === "off") return false;
  const slot = latestSlot(schedule, now);
  return !lastScheduledRunAt || lastScheduledRunAt.getTime() < slot.getTime();
}
