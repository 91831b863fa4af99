import type { BackupRunWire, BackupsWire } from "../../src/core/service-api";
import {
  INITIAL_BACKUP_RUNS,
  backupRunsReducer,
  describeRun,
  isRunGoing,
  type BackupRunsAction,
  type BackupRunsState,
} from "../../src/ui/backups/backup-runs-state";

const schedule = { frequency: "daily", hourUtc: 2 } as const;
const problem = { title: "The backup service answered with an error.", detail: "boom" };

function run(over: Partial<BackupRunWire> = {}): BackupRunWire {
  return {
    runId: "r1",
    trigger: "manual",
    status: "running",
    startedAt: "2030-01-01T00:00:00Z",
    projectsDone: 2,
    projectsTotal: 12,
    jobsDone: 5,
    jobsTotal: 9,
    projects: [],
    ...over,
  };
}

const reduce = (actions: BackupRunsAction[], from: BackupRunsState = INITIAL_BACKUP_RUNS) =>
  actions.reduce(backupRunsReducer, from);

const loaded = (answer: Partial<BackupsWire> = {}): BackupRunsAction => ({
  type: "loaded",
  answer: { backups: [], schedule, ...answer },
});

describe("backup runs state", () => {
  test("loading the last backups keeps them and the schedule", () => {
    const s = reduce([{ type: "loadStarted" }, loaded()]);
    expect(s).toMatchObject({ backups: [], schedule, loading: false, watching: undefined });
    expect(isRunGoing(s)).toBe(false);
  });

  test("a run found going is watched", () => {
    const s = reduce([loaded({ activeRun: run({ runId: "sched" }) })]);
    expect(s.watching).toBe("sched");
    expect(isRunGoing(s)).toBe(true);
  });

  test("Back up now: starting, then watching; a failure is told and nothing is watched", () => {
    const starting = reduce([{ type: "startRequested" }]);
    expect(isRunGoing(starting)).toBe(true);
    expect(describeRun(undefined, true)).toBe("Starting the backup…");
    expect(reduce([{ type: "started", runId: "r1" }], starting)).toMatchObject({
      starting: false,
      watching: "r1",
    });
    const failed = reduce([{ type: "startFailed", problem }], starting);
    expect(failed).toMatchObject({ starting: false, watching: undefined, actionProblem: problem });
  });

  test("progress updates the run; its end stops watching and asks to read the backups again", () => {
    const watching = reduce([{ type: "started", runId: "r1" }]);
    const going = reduce([{ type: "progress", run: run() }], watching);
    expect(going.run?.projectsDone).toBe(2);
    expect(going.reloads).toBe(0);
    const ended = reduce(
      [{ type: "progress", run: run({ status: "finished", projectsDone: 12 }) }],
      going,
    );
    expect(ended.watching).toBeUndefined();
    expect(ended.reloads).toBe(1);
    expect(isRunGoing(ended)).toBe(false);
  });

  test("a late answer about another run changes nothing", () => {
    const watching = reduce([{ type: "started", runId: "r2" }]);
    expect(reduce([{ type: "progress", run: run({ runId: "r1" }) }], watching)).toBe(watching);
  });

  test("the schedule is saved, or the problem told", () => {
    const saving = reduce([loaded(), { type: "scheduleSaving" }]);
    expect(saving.savingSchedule).toBe(true);
    const off = { frequency: "off", hourUtc: 2 } as const;
    expect(reduce([{ type: "scheduleSaved", schedule: off }], saving)).toMatchObject({
      savingSchedule: false,
      schedule: off,
    });
    expect(reduce([{ type: "scheduleFailed", problem }], saving)).toMatchObject({
      savingSchedule: false,
      schedule,
      actionProblem: problem,
    });
  });

  test("the live region's words", () => {
    expect(describeRun(run())).toBe("Backing up 3 of 12 projects (5 of 9 repositories)…");
    expect(
      describeRun(
        run({
          projectsTotal: 1,
          projectsDone: 0,
          jobsDone: 0,
          jobsTotal: 0,
          projects: [
            { projectId: "p", name: "Fabrikam Fiber", state: "running", jobsDone: 0, jobsTotal: 0 },
          ],
        }),
      ),
    ).toBe("Backing up Fabrikam Fiber…");
    const states = ["succeeded", "failed", "partial"] as const;
    expect(
      describeRun(
        run({
          status: "finished",
          projectsDone: 3,
          projectsTotal: 3,
          projects: states.map((state, i) => ({
            projectId: String(i),
            name: String(i),
            state,
            jobsDone: 1,
            jobsTotal: 1,
          })),
        }),
      ),
    ).toBe("Backup finished: 2 projects backed up, 1 failed.");
    expect(
      describeRun(
        run({
          status: "finished",
          projectsTotal: 0,
          projectsDone: 0,
          failure: "The organization is not connected.",
        }),
      ),
    ).toBe("The backup did not run: The organization is not connected.");
    expect(describeRun(run({ status: "interrupted" }))).toMatch(/interrupted/);
  });
});
