import {
  DEFAULT_BACKUP_SCHEDULE,
  isScheduledRunDue,
  isValidHourUtc,
  latestSlot,
  nextScheduledRun,
} from "../../src/core/backup-schedule";

const at = (iso: string) => new Date(iso);
const daily5 = { frequency: "daily", hourUtc: 5 } as const;

describe("backup schedule", () => {
  test("every organization starts with a daily backup", () => {
    expect(DEFAULT_BACKUP_SCHEDULE).toEqual({ frequency: "daily", hourUtc: 2 });
  });

  test("the latest slot is today's hour once it has come, yesterday's before", () => {
    expect(latestSlot(daily5, at("2030-01-02T05:00:00Z")).toISOString()).toBe(
      "2030-01-02T05:00:00.000Z",
    );
    expect(latestSlot(daily5, at("2030-01-02T04:59:59Z")).toISOString()).toBe(
      "2030-01-01T05:00:00.000Z",
    );
  });

  test("a run is due once per slot; a missed slot is caught up once", () => {
    expect(isScheduledRunDue(daily5, undefined, at("2030-01-02T01:00:00Z"))).toBe(true);
    expect(isScheduledRunDue(daily5, at("2030-01-01T05:00:10Z"), at("2030-01-02T04:00:00Z"))).toBe(
      false,
    );
    expect(isScheduledRunDue(daily5, at("2030-01-01T05:00:10Z"), at("2030-01-02T05:00:00Z"))).toBe(
      true,
    );
    // Down for three days: one run, not three.
    expect(isScheduledRunDue(daily5, at("2030-01-01T05:00:10Z"), at("2030-01-04T09:00:00Z"))).toBe(
      true,
    );
    expect(isScheduledRunDue(daily5, at("2030-01-04T09:00:01Z"), at("2030-01-04T10:00:00Z"))).toBe(
      false,
    );
  });

  test("off is never due and has no next run", () => {
    const off = { frequency: "off", hourUtc: 5 } as const;
    expect(isScheduledRunDue(off, undefined, at("2030-01-02T06:00:00Z"))).toBe(false);
    expect(nextScheduledRun(off, at("2030-01-02T06:00:00Z"))).toBeUndefined();
  });

  test("the next run is the next slot after now", () => {
    expect(nextScheduledRun(daily5, at("2030-01-02T06:00:00Z"))?.toISOString()).toBe(
      "2030-01-03T05:00:00.000Z",
    );
    expect(nextScheduledRun(daily5, at("2030-01-02T04:00:00Z"))?.toISOString()).toBe(
      "2030-01-02T05:00:00.000Z",
    );
  });

  test("hours are whole numbers 0-23", () => {
    expect([0, 23].every(isValidHourUtc)).toBe(true);
    expect([-1, 24, 1.5].some(isValidHourUtc)).toBe(false);
  });
});
