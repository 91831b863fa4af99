/** @jest-environment jsdom */
// The hub's Restore part against a fake service: choose a backup and a target, read the plan in
// words, confirm, follow the progress, see what was created; a target left empty is said, a
// refused plan is said in words and nothing is applied; a new choice drops the plan shown. Beyond
// Repos and Wikis: the data types the backup holds are labelled checkboxes, all ticked; each chosen
// one's plan shows under its own heading with what nothing in the target matches; a target typed
// for one (or a pasted mapping) drops the plan and goes with the next; progress per data type.
import "../project-scope-jsdom-globals";
import type { DataType } from "../../../src/core/data-types";
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

/** A fake service whose backup holds `held` (unsaid when absent), answering `planAnswer`. */
function fake(
  planAnswer: () => Promise<RestorePlanWire> = async () => plan,
  { held, progress = [restoreAt("running", 1), restoreAt("finished", 2)] }: Held = {},
) {
  const calls: string[] = [];
  const asked: RestoreRequest[] = [];
  const applied: ApplyRestoreRequest[] = [];
  const ended = progress[progress.length - 1] as RestoreWire;
  const services: RestoreServices = {
    snapshots: async () => [
      {
        runId: "r1",
        projectId: FIBER,
        projectName: "Fabrikam Fiber",
        at: "2030-01-01T02:05:00Z",
        outcome: "succeeded",
        ...(held ? { dataTypes: held } : {}),
      },
    ],
    plan: async (r: RestoreRequest) => {
      calls.push(`plan ${r.runId} ${r.projectId} ${r.targetProject}`);
      asked.push(r);
      return planAnswer();
    },
    apply: async (r: ApplyRestoreRequest) => {
      calls.push(`apply ${r.targetProject} ${r.planId}`);
      applied.push(r);
      return { restoreId: r.planId === plan.planId ? "x1" : "x2", alreadyRunning: false };
    },
    restore: async () => progress.shift() ?? ended,
  };
  return { services, calls, asked, applied };
}

interface Held {
  held?: DataType[];
  progress?: RestoreWire[];
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

const dataPlan: RestorePlanWire = {
  ...plan,
  planId: "b".repeat(32),
  repositories: [],
  wikis: [],
  conflicts: [],
  notes: [],
  dataTypes: ["boards", "pipelines"],
  dataTypePlans: [
    {
      dataType: "boards",
      lines: [
        "Restore Boards of Fabrikam Fiber into Mobile App:",
        "  create 247 work items replaying 1913 revisions",
        "  note: Comment authors and times cannot be set through the API: each comment is posted by the restoring account and starts with its original author and time.",
      ],
      unmapped: [],
    },
    {
      dataType: "pipelines",
      lines: [
        "Restore Pipelines from data-snapshots/pipelines/x into Mobile App (nothing is overwritten):",
        '  create buildDefinition "fiber-ci", 4 revision(s)',
        "Not restored or restored differently:",
        "  - Variable group fiber-shared: secret values of sqlPassword were never readable; they are created empty and must be entered again.",
      ],
      unmapped: [
        { kind: "serviceConnections", source: "fabrikam-azure-prod", key: "fabrikam-azure-prod" },
      ],
    },
  ],
};

const restoredData = (status: RestoreWire["status"]): RestoreWire => ({
  ...restoreAt(status, 0),
  restoreId: "x2",
  itemsTotal: 0,
  created: [],
  dataTypes: [
    {
      dataType: "boards",
      status: status === "running" ? "restoring" : "done",
      created: status === "running" ? [] : ["247 work item(s) with their history"],
      failed: [],
    },
    {
      dataType: "pipelines",
      status: status === "running" ? "waiting" : "done",
      created: status === "running" ? [] : ["buildDefinition fiber-ci"],
      failed: [],
    },
  ],
});

const withData = (held: DataType[]) =>
  fake(async () => dataPlan, {
    held,
    progress: [restoredData("running"), restoredData("finished")],
  });

test("choose the data types, read each one's plan, map what differs, follow each one's progress", async () => {
  const { services, asked, applied } = withData(["repos", "boards", "pipelines"]);
  render(<RestoreSection services={services} />);
  const choice = await screen.findByRole("group", { name: "What to restore" });
  const boxes = within(choice).getAllByRole("checkbox") as HTMLInputElement[];
  expect(boxes.map((b) => [b.labels?.[0]?.textContent, b.checked])).toEqual([
    ["Repos", true],
    ["Boards (work items)", true],
    ["Pipelines", true],
  ]);
  fireEvent.click(within(choice).getByRole("checkbox", { name: "Repos" }));
  fireEvent.input(screen.getByRole("textbox", { name: "Restore into project" }), {
    target: { value: "Mobile App" },
  });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));

  const pipelines = await screen.findByRole("region", { name: "Pipelines" });
  expect(asked[0]).toMatchObject({
    dataTypes: ["boards", "pipelines"],
    targetProject: "Mobile App",
  });
  expect(asked[0]?.mapping).toBeUndefined();
  expect(
    within(screen.getByRole("region", { name: "Boards (work items)" })).getByRole("list", {
      name: "Boards (work items): the plan",
    }).textContent,
  ).toContain("Comment authors and times cannot be set");
  expect(
    within(pipelines).getByRole("list", { name: "Pipelines: the plan" }).textContent,
  ).toContain("secret values of sqlPassword were never readable");
  expect(
    within(pipelines).getByRole("list", { name: "Pipelines: nothing in the target matches" })
      .textContent,
  ).toContain("Service connection fabrikam-azure-prod");

  // A target for the unmatched connection: the plan shown is dropped, the next one sends it.
  fireEvent.input(
    screen.getByRole("textbox", {
      name: "Service connection fabrikam-azure-prod: use in the target",
    }),
    { target: { value: "mobile-azure" } },
  );
  expect(screen.queryByRole("region", { name: "Pipelines" })).toBeNull();
  fireEvent.input(screen.getByRole("textbox", { name: /^Or paste a mapping/ }), {
    target: { value: '{"agentQueues": {"Build pool": "Default"}}' },
  });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));
  await screen.findByRole("region", { name: "Pipelines" });
  expect(asked[1]).toMatchObject({
    mapping: { serviceConnections: { "fabrikam-azure-prod": "mobile-azure" } },
    mappingText: '{"agentQueues": {"Build pool": "Default"}}',
  });

  fireEvent.click(screen.getByRole("button", { name: "Restore" }));
  const dialog = await screen.findByRole("dialog", { name: "Restore into Mobile App?" });
  expect(dialog.textContent).toContain(
    "This creates Boards (work items) and Pipelines in Mobile App",
  );
  fireEvent.click(within(dialog).getByRole("button", { name: "Yes, restore" }));
  const status = screen.getByRole("status", { name: "Restore progress" });
  await waitFor(() =>
    expect(status.textContent).toBe("Restoring Boards (work items) into Mobile App…"),
  );
  await waitFor(
    () => expect(status.textContent).toMatch(/and restored Boards \(work items\), Pipelines\.$/),
    { timeout: 5000 },
  );
  expect(applied[0]).toMatchObject({ planId: dataPlan.planId, dataTypes: ["boards", "pipelines"] });
  expect(screen.getByRole("list", { name: "Data types restored" }).textContent).toContain(
    "Pipelines: done, created buildDefinition fiber-ci.",
  );
});

test("unticking everything is said, and no plan is asked for", async () => {
  const { services, asked } = withData(["boards"]);
  render(<RestoreSection services={services} />);
  fireEvent.click(await screen.findByRole("checkbox", { name: "Boards (work items)" }));
  expect(screen.getByText("Choose at least one thing to restore.")).toBeTruthy();
  fireEvent.input(screen.getByRole("textbox", { name: "Restore into project" }), {
    target: { value: "Mobile App" },
  });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));
  expect(asked).toEqual([]);
});
