// Strict schemas of the runs' routes (they appear in /openapi.json like every other route).
import { GUID_PATTERN } from "../../src/core/guid";
import { organizationParams, strictObject } from "../http/schemas";

/** newRunId(): 20261129T101500Z-a1b2c3 */
const RUN_ID = {
  type: "string",
  pattern: "^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$",
  maxLength: 40,
} as const;
const PROJECT_ID = { type: "string", pattern: GUID_PATTERN } as const;

/** Back up now: the whole scope, or the one project named. */
export const startRunBody = strictObject({ projectId: PROJECT_ID });

export const runParams = strictObject({ ...organizationParams.properties, runId: RUN_ID }, [
  "organization",
  "runId",
]);

/** Every project's last backup, or the one project named. */
export const backupsQuery = strictObject({ projectId: PROJECT_ID });

export const saveScheduleBody = strictObject(
  {
    frequency: { type: "string", enum: ["daily", "off"] },
    hourUtc: { type: "integer", minimum: 0, maximum: 23 },
  },
  ["frequency", "hourUtc"],
);

// ---- Restore from the hub.

const restoreSource = {
  runId: RUN_ID,
  projectId: PROJECT_ID,
  /** A project's name (Azure DevOps allows 64 characters) or id. */
  targetProject: { type: "string", minLength: 1, maxLength: 64 },
} as const;

export const restorePlanBody = strictObject(restoreSource, ["runId", "projectId", "targetProject"]);

export const applyRestoreBody = strictObject(
  { ...restoreSource, planId: { type: "string", pattern: "^[0-9a-f]{32}$" } },
  ["runId", "projectId", "targetProject", "planId"],
);

export const restoreParams = strictObject({ ...organizationParams.properties, restoreId: RUN_ID }, [
  "organization",
  "restoreId",
]);
