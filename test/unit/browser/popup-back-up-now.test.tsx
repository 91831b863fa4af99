/** @jest-environment jsdom */
// "Back up now" in the popup for the tab's project, through the background's messages: the
// button names the project, the progress is said in a polite live region as the hub says it,
// the last backup is read again when the run ends; a refusal is said in words; a user who
// cannot change the scope cannot start a backup, and is told why.
import { fireEvent, screen, waitFor } from "@testing-library/preact";
import type { BackupRunWire, LastBackupWire } from "../../../src/core/service-api";
import { FIBER, ORG, renderPopup } from "./popup-background";

const RUN = "20301129T101500Z-a1b2c3";

const last: LastBackupWire = {
  projectId: FIBER.id,
  name: FIBER.name,
  runId: RUN,
  at: "2030-11-29T10:16:00.000Z",
  outcome: "succeeded",
  dataTypes: ["repos"],
  bytesStored: 2048,
  durationMs: 4000,
};

function run(status: BackupRunWire["status"], done: number): BackupRunWire {
  return {
    runId: RUN,
    trigger: "manual",
    projectId: FIBER.id,
    status,
    startedAt: "2030-11-29T10:15:00.000Z",
    projectsDone: done,
    projectsTotal: 1,
    jobsDone: done * 2,
    jobsTotal: 2,
    projects: [
      {
        projectId: FIBER.id,
        name: FIBER.name,
        state: done ? "succeeded" : "running",
        jobsDone: done * 2,
        jobsTotal: 2,
      },
    ],
  };
}

test("Back up now: the progress as the hub says it, then the new last backup", async () => {
  let reads = 0;
  const progress = [run("running", 0), run("finished", 1)];
  const asked = renderPopup({
    getLastBackup: () => ({ ok: true, value: { lastBackup: reads++ === 0 ? null : last } }),
    startBackup: () => ({ ok: true, value: { runId: RUN, alreadyRunning: false } }),
    getBackupRun: () => ({ ok: true, value: progress.shift() ?? run("finished", 1) }),
  });
  await screen.findByText("Not backed up yet.");
  fireEvent.click(screen.getByRole("button", { name: "Back up Fabrikam Fiber now" }));
  const status = screen.getByRole("status", { name: "Backup progress" });
  expect(status.getAttribute("aria-live")).toBe("polite");
  await waitFor(() => expect(status.textContent).toBe("Backup finished: 1 project backed up."), {
    timeout: 5000,
  });
  await screen.findByText(/^Backed up .+: Repos, 2\.0 KB added in 4 s\.$/);
  expect(asked.find((m) => m.type === "startBackup")?.request).toEqual({
    orgUrl: ORG,
    projectId: FIBER.id,
  });
  expect(asked.find((m) => m.type === "getBackupRun")?.request).toEqual({
    orgUrl: ORG,
    runId: RUN,
  });
  expect(screen.getByRole("button", { name: "Back up Fabrikam Fiber now" })).toBeTruthy();
});

test("a refusal is said in words, and the button can be pressed again", async () => {
  renderPopup({
    getLastBackup: () => ({ ok: true, value: { lastBackup: null } }),
    startBackup: () => ({
      ok: false,
      error: {
        kind: "failed",
        message:
          "The backup service answered: Backups act as the account that connected fabrikam, and it is not connected yet.",
      },
    }),
  });
  await screen.findByText("Not backed up yet.");
  fireEvent.click(screen.getByRole("button", { name: "Back up Fabrikam Fiber now" }));
  expect((await screen.findByRole("alert")).textContent).toBe(
    "The backup did not start. The backup service answered: Backups act as the account that connected fabrikam, and it is not connected yet.",
  );
  expect(
    screen.getByRole("button", { name: "Back up Fabrikam Fiber now" }).hasAttribute("disabled"),
  ).toBe(false);
});

test("a user who cannot change the scope cannot start a backup, and the button says why", async () => {
  const why = "Only a Project Collection Administrator can change the backup scope.";
  renderPopup({ getLastBackup: () => ({ ok: true, value: { lastBackup: null } }) }, why);
  const button = await screen.findByRole("button", { name: "Back up Fabrikam Fiber now" });
  expect(button.hasAttribute("disabled")).toBe(true);
  expect(screen.getByText(why).id).toBe(button.getAttribute("aria-describedby"));
});
