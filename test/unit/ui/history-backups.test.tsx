/** @jest-environment jsdom */
// The history names who pressed "Back up now" (of one project or of the whole scope) and who
// changed when backups run, and what a restore made, in words; the project dialog's history shows
// that project's runs.
import "../project-scope-jsdom-globals";
import { render, screen } from "@testing-library/preact";
import type { HistoryRecordWire } from "../../../src/core/service-api";
import { HistoryList } from "../../../src/ui/components/history-list";

const FIBER = "59be05e4-91ed-404b-8e08-6c0b417bfc86";
const avery = { id: "u", displayName: "Avery Admin" };

/** A record Avery made at a time, changing no project: the schedule and run records add their part. */
const byAvery = (opId: string, at: string) => ({ opId, by: avery, at, changes: [] });
const DAILY_AT_TWO = { frequency: "daily", hourUtc: 2 } as const;

const records: HistoryRecordWire[] = [
  {
    ...byAvery("schedule-1", "2030-01-02T11:00:00Z"),
    schedule: { before: DAILY_AT_TWO, after: { frequency: "off", hourUtc: 2 } },
  },
  {
    ...byAvery("schedule-0", "2030-01-02T10:30:00Z"),
    schedule: { before: DAILY_AT_TWO, after: { frequency: "daily", hourUtc: 5 } },
  },
  { ...byAvery("run-r2", "2030-01-02T10:10:00Z"), backupRun: { runId: "r2" } },
  {
    ...byAvery("run-r1", "2030-01-02T10:00:00Z"),
    backupRun: { runId: "r1", projectId: FIBER, projectName: "Fabrikam Fiber" },
  },
];

test("the history says who started a backup now and who changed when backups run", () => {
  render(<HistoryList limit={10} history={{ unreadable: 0, records }} />);
  const text = screen.getByRole("list", { name: "Change history" }).textContent ?? "";
  expect(text).toContain("Back up now: Fabrikam Fiber (backup r1)");
  expect(text).toContain("Back up now: every project in the backup scope (backup r2)");
  expect(text).toContain("Backups: daily at 05:00 UTC (was daily at 02:00 UTC)");
  expect(text).toContain("Backups: off (was daily at 02:00 UTC)");
});

test("a project's history shows the backups started of that project only", () => {
  render(<HistoryList limit={10} history={{ unreadable: 0, records }} projectId={FIBER} />);
  const items = screen.getAllByRole("listitem").map((li) => li.textContent ?? "");
  expect(items.some((t) => t.includes("Back up now: Fabrikam Fiber (backup r1)"))).toBe(true);
  expect(items.some((t) => t.includes("every project"))).toBe(false);
  expect(items.some((t) => t.includes("Backups:"))).toBe(false);
});

test("a restore's record names the repositories and wikis it made and the other data types it restored", () => {
  const restored: HistoryRecordWire = {
    ...byAvery("restore-1", "2030-01-03T09:00:00Z"),
    restore: {
      restoreId: "x1",
      source: { runId: "r1", projectId: FIBER, projectName: "Fabrikam Fiber" },
      target: { projectId: "t", projectName: "Mobile App" },
      repositories: ["fiber-app"],
      wikis: [],
      dataTypes: ["repos", "boards", "pipelines"],
    },
  };
  render(<HistoryList limit={10} history={{ unreadable: 0, records: [restored] }} />);
  expect(screen.getByRole("list", { name: "Change history" }).textContent).toContain(
    "Restored Fabrikam Fiber (backup r1) into Mobile App: fiber-app, Boards (work items), Pipelines",
  );
});
