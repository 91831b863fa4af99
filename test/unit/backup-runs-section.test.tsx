/** @jest-environment jsdom */
import "./project-scope-jsdom-globals";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type {
  BackupRunWire,
  BackupsWire,
  LastBackupWire,
  SaveScheduleRequest,
} from "../../src/core/service-api";
import type { BackupRunsServices } from "../../src/service/backup-runs";
import { ServiceError } from "../../src/service/service-error";
import { BackupRunsSection } from "../../src/ui/backups/backup-runs-section";

const fiber: LastBackupWire = {
  projectId: "59be05e4-91ed-404b-8e08-6c0b417bfc86",
  name: "Fabrikam Fiber",
  runId: "r0",
  outcome: "succeeded",
  at: "2030-01-01T02:05:00Z",
  durationMs: 65_000,
  dataTypes: ["repos", "wiki"],
  bytesStored: 3 * 1024 * 1024,
};
const web: LastBackupWire = {
  ...fiber,
  projectId: "6831ef5d-84ec-417a-bb87-0265b9407584",
  name: "Fabrikam Web",
  outcome: "failed",
  bytesStored: 0,
  reason: "web-docs: TF401019 the repository does not exist",
};

function running(done: number, status: BackupRunWire["status"] = "running"): BackupRunWire {
  return {
    runId: "r1",
    trigger: "manual",
    status,
    startedAt: "2030-01-02T10:00:00Z",
    projectsDone: done,
    projectsTotal: 2,
    jobsDone: done,
    jobsTotal: 2,
    projects: [],
  };
}

function fake(initial: LastBackupWire[]) {
  const calls: string[] = [];
  let backups = initial;
  const answers = [running(0), running(2, "finished")];
  const services: BackupRunsServices = {
    backups: async (projectId) => {
      calls.push(`backups ${projectId ?? "all"}`);
      const answer: BackupsWire = {
        backups: projectId ? backups.filter((b) => b.projectId === projectId) : backups,
        schedule: { frequency: "daily", hourUtc: 2, nextRunAt: "2030-01-03T02:00:00Z" },
      };
      return answer;
    },
    run: async () => {
      calls.push("run");
      const next = answers.shift() ?? running(2, "finished");
      if (next.status === "finished")
        backups = [{ ...fiber, projectId: web.projectId, name: web.name }, fiber];
      return next;
    },
    startRun: async (projectId) => {
      calls.push(`start ${projectId ?? "all"}`);
      return { runId: "r1", alreadyRunning: false };
    },
    saveSchedule: async (s: SaveScheduleRequest) => {
      calls.push(`schedule ${s.frequency} ${s.hourUtc}`);
      return { ...s };
    },
  };
  return { services, calls };
}

describe("BackupRunsSection", () => {
  it("shows each project's last backup, failures first, with why", async () => {
    const { services } = fake([fiber, web]);
    render(<BackupRunsSection services={services} canRun={true} />);
    const table = await screen.findByRole("region", { name: "Last backup of each project" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual([
      "Fabrikam Web",
      "Fabrikam Fiber",
    ]);
    expect(rows[0]?.textContent).toContain("TF401019");
    expect(rows[1]?.textContent).toContain("3.0 MB");
    expect(rows[1]?.textContent).toContain("1 min 5 s");
    // One tab stop for the whole list.
    expect(table.tabIndex).toBe(0);
    expect(table.querySelectorAll("[tabindex], a, button, input")).toHaveLength(0);
  });

  it("Back up now shows the run's progress as it goes, then the new last backups", async () => {
    const { services, calls } = fake([fiber, web]);
    render(<BackupRunsSection services={services} canRun={true} />);
    const button = await screen.findByRole("button", { name: "Back up now" });
    fireEvent.click(button);
    const live = screen.getByRole("status", { name: "Backup progress" });
    await waitFor(() =>
      expect(live.textContent).toBe("Backing up 1 of 2 projects (0 of 2 repositories)…"),
    );
    expect(screen.getByRole("button", { name: "Backing up…" })).toHaveProperty("disabled", true);
    await waitFor(() => expect(live.textContent).toBe("Backup finished: 2 projects backed up."), {
      timeout: 5000,
    });
    await waitFor(() => expect(screen.queryByText("TF401019", { exact: false })).toBeNull());
    expect(calls.filter((c) => c === "backups all")).toHaveLength(2);
    expect(calls).toContain("start all");
  });

  it("the project panel backs up its one project and shows only its last backup", async () => {
    const { services, calls } = fake([fiber, web]);
    render(
      <BackupRunsSection
        services={services}
        canRun={true}
        project={{ id: fiber.projectId, name: fiber.name }}
      />,
    );
    await screen.findByRole("region", { name: "Last backup of Fabrikam Fiber" });
    expect(screen.queryByLabelText("Scheduled backup")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Back up Fabrikam Fiber now" }));
    await waitFor(() => expect(calls).toContain(`start ${fiber.projectId}`));
  });

  it("a member who is not a PCA sees the backups but cannot start one or change the schedule", async () => {
    const { services } = fake([fiber]);
    render(<BackupRunsSection services={services} canRun={false} />);
    const button = await screen.findByRole("button", { name: "Back up now" });
    expect(button).toHaveProperty("disabled", true);
    expect(button.getAttribute("aria-describedby")).toBe("backup-now-note");
    expect(document.getElementById("backup-now-note")?.textContent).toContain(
      "Only a Project Collection Administrator",
    );
    expect(screen.getByLabelText("Scheduled backup")).toHaveProperty("disabled", true);
  });

  it("the schedule select saves what is chosen", async () => {
    const { services, calls } = fake([]);
    render(<BackupRunsSection services={services} canRun={true} />);
    const select = (await screen.findByLabelText("Scheduled backup")) as HTMLSelectElement;
    expect(select.value).toBe("2");
    fireEvent.change(select, { target: { value: "off" } });
    await waitFor(() => expect(calls).toContain("schedule off 2"));
    await screen.findByText(/No scheduled backup/);
  });

  it("an unconnected organization's refusal is told in the service's words", async () => {
    const { services } = fake([]);
    services.startRun = async () => {
      throw new ServiceError(
        "connectionRequired",
        409,
        "Backups act as the account that connected fabrikam, and it is not connected yet.",
      );
    };
    render(<BackupRunsSection services={services} canRun={true} />);
    fireEvent.click(await screen.findByRole("button", { name: "Back up now" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("not connected to the backup service");
    expect(alert.textContent).toContain("it is not connected yet");
    expect(screen.getByRole("button", { name: "Back up now" })).toHaveProperty("disabled", false);
  });
});
