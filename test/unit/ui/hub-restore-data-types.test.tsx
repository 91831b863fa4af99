/** @jest-environment jsdom */
// The hub's Restore part beyond Repos and Wikis, against a fake service: the data types the chosen
// backup holds are offered as labelled checkboxes, all ticked; what is ticked is what is asked
// for; each chosen data type's plan is shown under its own heading with what nothing in the target
// matches; a target typed for one (or a pasted mapping) drops the plan shown and is sent with the
// next one; the progress and result are said data type by data type.
import "../project-scope-jsdom-globals";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type {
  ApplyRestoreRequest,
  RestorePlanWire,
  RestoreRequest,
  RestoreWire,
} from "../../../src/core/service-api";
import type { RestoreServices } from "../../../src/service/backup-restore";
import { RestoreSection } from "../../../src/ui/backups/restore-section";

const FIBER = "59be05e4-91ed-404b-8e08-6c0b417bfc86";

const plan: RestorePlanWire = {
  planId: "b".repeat(32),
  source: {
    runId: "r1",
    projectId: FIBER,
    projectName: "Fabrikam Fiber",
    at: "2030-01-01T02:05:00Z",
  },
  target: { organization: "fabrikam", projectId: "p-mobile", projectName: "Mobile App" },
  repositories: [],
  wikis: [],
  conflicts: [],
  skipped: [],
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

const restored = (status: RestoreWire["status"]): RestoreWire => ({
  restoreId: "x2",
  requestedBy: { id: "u", displayName: "Avery" },
  source: { runId: "r1", projectId: FIBER, projectName: "Fabrikam Fiber" },
  target: { projectId: "p-mobile", projectName: "Mobile App" },
  status,
  startedAt: "2030-01-02T10:00:00Z",
  itemsDone: 0,
  itemsTotal: 0,
  created: [],
  failed: [],
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

test("choose the data types, read each one's plan, map what differs, follow each one's progress", async () => {
  const asked: RestoreRequest[] = [];
  const applied: ApplyRestoreRequest[] = [];
  const progress = [restored("running"), restored("finished")];
  const services: RestoreServices = {
    snapshots: async () => [
      {
        runId: "r1",
        projectId: FIBER,
        projectName: "Fabrikam Fiber",
        at: "2030-01-01T02:05:00Z",
        outcome: "succeeded",
        dataTypes: ["repos", "boards", "pipelines"],
      },
    ],
    plan: async (r) => {
      asked.push(r);
      return plan;
    },
    apply: async (r) => {
      applied.push(r);
      return { restoreId: "x2", alreadyRunning: false };
    },
    restore: async () => progress.shift() ?? restored("finished"),
  };
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
  expect(applied[0]).toMatchObject({ planId: plan.planId, dataTypes: ["boards", "pipelines"] });
  expect(screen.getByRole("list", { name: "Data types restored" }).textContent).toContain(
    "Pipelines: done, created buildDefinition fiber-ci.",
  );
});

test("unticking everything is said, and no plan is asked for", async () => {
  const asked: RestoreRequest[] = [];
  const services: RestoreServices = {
    snapshots: async () => [
      {
        runId: "r1",
        projectId: FIBER,
        projectName: "F",
        at: "x",
        outcome: "succeeded",
        dataTypes: ["boards"],
      },
    ],
    plan: async (r) => {
      asked.push(r);
      return plan;
    },
    apply: async () => ({ restoreId: "x", alreadyRunning: false }),
    restore: async () => restored("finished"),
  };
  render(<RestoreSection services={services} />);
  fireEvent.click(await screen.findByRole("checkbox", { name: "Boards (work items)" }));
  expect(screen.getByText("Choose at least one thing to restore.")).toBeTruthy();
  fireEvent.input(screen.getByRole("textbox", { name: "Restore into project" }), {
    target: { value: "Mobile App" },
  });
  fireEvent.click(screen.getByRole("button", { name: "Show plan" }));
  expect(asked).toEqual([]);
});
