// Fabrikam Fiber, the project the browser tests' tab shows, and its last backup as the backup
// service reports it: what the background reads and the popup shows.
import type { LastBackupWire } from "../../../src/core/service-api";

export const FIBER = { id: "59be05e4-91ed-404b-8e08-6c0b417bfc86", name: "Fabrikam Fiber" };

export const FIBER_LAST_BACKUP: LastBackupWire = {
  projectId: FIBER.id,
  name: FIBER.name,
  runId: "run-1",
  at: "2026-11-29T03:00:00.000Z",
  outcome: "succeeded",
  dataTypes: ["repos"],
  bytesStored: 2048,
  durationMs: 4000,
};
