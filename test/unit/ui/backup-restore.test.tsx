/** @jest-environment jsdom */
// The hub's Restore part against a fake service: choose a backup and a target, read the plan in
// words, confirm, follow the progress, see what was created; a target left empty is said, a
// refused plan is said in words and nothing is applied; a new choice drops the plan shown.
import "../project-scope-jsdom-globals";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type {
  ApplyRestoreRequest,
  RestorePlanWire,
  RestoreRequest,
  RestoreWire,
} from "../../../src/core/service-api";
import type { RestoreServices } from "../../../src/service/backup-restore";
import { ServiceError } from "../../../src/service/service-error";
import { HistoryList } from "../../../src/ui/components/history-list";
import { RestoreSection } from "../../../src/ui/backups/restore-section";
import {
  INITIAL_RESTORE,
  restoreReducer,
  restoreRequestOf,
} from "../../../src/ui/backups/restore-state";

const FIBER = "59be05e4-91ed-404b-8e08-6c0b417bfc86";

const plan: RestorePlanWire = {
  planId: "a".repeat(32),
  source: {
    runId: "r1",
    projectId: FIBER,
    projectName: "Fabrikam Fiber",
    at: "2030-01-01T02:05:00Z",
  },
  target: { organization: "fabrikam", projectId: "p-mobile", projectName: "Mobile App" },
  repositories: [
    {
      sourceName: "fiber-app",
      targetName: "fiber-app-restored",
      refs: 6,
      lfsObjects: 2,
      pullRequests: 3,
    },
  ],
  wikis: [
    { sourceName: "Fabrikam Fiber.wiki", targetName: "Mobile App.wiki", kind: "projectWiki" },
  ],
  conflicts: [
    "A repository named fiber-app already exists in Mobile App: it is left as it is, and the restored one is created as fiber-app-restored.",
  ],
  skipped: [],
  notes: ["refs/pull/* are never restored; nothing on the target is overwritten or force-pushed."],
};

function restoreAt(status: RestoreWire["status"], done: number): RestoreWire {
  return {
    restoreId: "x1",
    requestedBy: { id: "u", displayName: "Avery" },
    source: { runId: "r1", projectId: FIBER, projectName: "Fabrikam Fiber" },
    target: { projectId: "p-mobile", projectName: "Mobile App" },
    status,
    startedAt: "2030-01-02T10:00:00Z",
    itemsDone: done,
    itemsTotal: 2,
    created:
      status === "finished"
        ? [
            { kind: "repository", name: "fiber-app-restored" },
            { kind: "wiki", name: "Mobile App.wiki" },
            { kind: "pullRequest", name: "fiber-app-restored !1 (was !7)" },
          ]
        : [],
    failed: [],
  };
}

function fake(planAnswer: () => Promise<RestorePlanWire> = async () => plan) {
  const calls: string[] = [];
  const progress = [restoreAt("running", 1), restoreAt("finished", 2)];
  const services: RestoreServices = {
    snapshots: async () => [
      {
        runId: "r1",
        projectId: FIBER,
        projectName: "Fabrikam Fiber",
        at: "2030-01-01T02:05:00Z",
        outcome: "succeeded",
      },
    ],
    plan: async (r: RestoreRequest) => {
      calls.push(`plan ${r.runId} ${r.projectId} ${r.targetProject}`);
      return planAnswer();
    },
    apply: async (r: ApplyRestoreRequest) => {
      calls.push(`apply ${r.targetProject} ${r.planId}`);
      return { restoreId: "x1", alreadyRunning: false };
    },
    restore: async () => progress.shift() ?? restoreAt("finished", 2),
  };
  return { services, calls };
}

test("choose, read the plan in words, confirm, follow the progress, see what was created", async () => {
  const { services, calls } = fake();
  render(<RestoreSection services={services} />);
  const backup = await screen.findByRole("combobox", { name: "Backup to restore" });
  expect(backup.textContent).toContain("Fabrikam Fiber, backed up");
  fireEvent.input(screen.getByRole("textbox", { name: "Restore into project" }), {
    target: { value: " Mobile App " },
  });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));

  const heading = await screen.findByRole("heading", { name: /^Plan: Restore Fabrikam Fiber/ });
  expect(calls).toEqual([`plan r1 ${FIBER} Mobile App`]);
  await waitFor(() => expect(document.activeElement).toBe(heading));
  const creates = screen.getByRole("list", { name: "What the restore creates" });
  expect(
    within(creates)
      .getAllByRole("listitem")
      .map((li) => li.textContent),
  ).toEqual([
    "New repository fiber-app-restored (from fiber-app): 6 refs (branches, tags, notes) at the same commit ids, 2 LFS files, 3 pull requests with their comment threads (each comment names its original author and time)",
    "New project wiki Mobile App.wiki with the pages of Fabrikam Fiber.wiki",
  ]);
  expect(screen.getByRole("list", { name: "Names already taken" }).textContent).toContain(
    "created as fiber-app-restored",
  );
  expect(screen.getByText("Nothing has been created yet.")).toBeTruthy();

  fireEvent.click(screen.getByRole("button", { name: "Restore" }));
  const dialog = await screen.findByRole("dialog", { name: "Restore into Mobile App?" });
  expect(dialog.textContent).toContain("This creates 1 repository and 1 wiki in Mobile App");
  expect(calls).toHaveLength(1);
  fireEvent.click(within(dialog).getByRole("button", { name: "Yes, restore" }));

  const status = screen.getByRole("status", { name: "Restore progress" });
  await waitFor(() =>
    expect(status.textContent).toMatch(/Restoring into Mobile App: 1 of 2 items done/),
  );
  await waitFor(
    () =>
      expect(status.textContent).toBe(
        "Restore finished: created 1 repository, 1 wiki, 1 pull request in Mobile App.",
      ),
    { timeout: 5000 },
  );
  expect(calls[1]).toBe(`apply Mobile App ${plan.planId}`);
  expect(screen.getByRole("list", { name: "Created by the restore" }).textContent).toContain(
    "Repository fiber-app-restored",
  );
});

test("an empty target is said before asking; a refused plan is said in words, and Cancel applies nothing", async () => {
  let refuse = true;
  const { services, calls } = fake(async () => {
    if (refuse) throw new ServiceError("notFound", 404, "fabrikam has no project named Nope.");
    return plan;
  });
  render(<RestoreSection services={services} />);
  await screen.findByRole("combobox", { name: "Backup to restore" });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));
  const target = screen.getByRole("textbox", { name: "Restore into project" });
  expect(target.getAttribute("aria-invalid")).toBe("true");
  expect(screen.getByText("Name the project to restore into.")).toBeTruthy();
  expect(calls).toEqual([]);

  fireEvent.input(target, { target: { value: "Nope" } });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));
  expect((await screen.findByRole("alert")).textContent).toContain(
    "fabrikam has no project named Nope.",
  );
  expect(screen.queryByRole("button", { name: "Restore" })).toBeNull();

  refuse = false;
  fireEvent.input(target, { target: { value: "Mobile App" } });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));
  await screen.findByRole("heading", { name: /^Plan:/ });
  fireEvent.click(screen.getByRole("button", { name: "Restore" }));
  fireEvent.click(await screen.findByRole("button", { name: "Cancel" }));
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(calls.filter((c) => c.startsWith("apply"))).toEqual([]);
});

test("a new choice drops the plan shown: what is confirmed is what was shown", () => {
  let s = restoreReducer(INITIAL_RESTORE, {
    type: "snapshotsLoaded",
    snapshots: [
      {
        runId: "r1",
        projectId: FIBER,
        projectName: "Fabrikam Fiber",
        at: "x",
        outcome: "succeeded",
      },
    ],
  });
  s = restoreReducer(s, { type: "targetTyped", target: "Mobile App" });
  expect(restoreRequestOf(s)).toEqual({
    runId: "r1",
    projectId: FIBER,
    targetProject: "Mobile App",
    // A backup recorded before its data types were listed holds Repos and Wiki.
    dataTypes: ["repos", "wiki"],
  });
  s = restoreReducer(s, { type: "planRequested" });
  s = restoreReducer(s, { type: "planned", plan });
  expect(s.phase).toBe("planned");
  s = restoreReducer(s, { type: "targetTyped", target: "Other" });
  expect(s).toMatchObject({ phase: "choosing", plan: undefined });
  // A restore going cannot be re-aimed.
  s = restoreReducer(s, { type: "planRequested" });
  s = restoreReducer(s, { type: "planned", plan });
  s = restoreReducer(s, { type: "confirmAsked" });
  s = restoreReducer(s, { type: "applyRequested" });
  s = restoreReducer(s, { type: "started", restoreId: "x1" });
  expect(restoreReducer(s, { type: "targetTyped", target: "Elsewhere" })).toBe(s);
});

test("the history says who restored what, from which backup, into which project", () => {
  render(
    <HistoryList
      limit={10}
      history={{
        unreadable: 0,
        records: [
          {
            opId: "restore-x1",
            by: { id: "u", displayName: "Avery Admin" },
            at: "2030-01-02T10:00:00Z",
            changes: [],
            restore: {
              restoreId: "x1",
              source: { runId: "r1", projectId: FIBER, projectName: "Fabrikam Fiber" },
              target: { projectId: "p-mobile", projectName: "Mobile App" },
              repositories: ["fiber-app"],
              wikis: ["Mobile App.wiki"],
            },
          },
        ],
      }}
    />,
  );
  expect(screen.getByRole("list", { name: "Change history" }).textContent).toContain(
    "Restored Fabrikam Fiber (backup r1) into Mobile App: fiber-app, Mobile App.wiki",
  );
});
