// Strict schemas of the runs' routes (they appear in /openapi.json like every other route).
import { GUID_PATTERN } from "../../src/core/guid";
import { organizationParams } from "../http/schemas";

/** newRunId(): 20261129T101500Z-a1b2c3 */
const RUN_ID_PATTERN = "^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$";

export const startRunBody = {
  type: "object",
  additionalProperties: false,
  properties: { projectId: { type: "string", pattern: GUID_PATTERN } },
} as const;

export const runParams = {
  type: "object",
  additionalProperties: false,
  required: ["organization", "runId"],
  properties: {
    ...organizationParams.properties,
    runId: { type: "string", pattern: RUN_ID_PATTERN, maxLength: 40 },
  },
} as const;

export const backupsQuery = {
  type: "object",
  additionalProperties: false,
  properties: { projectId: { type: "string", pattern: GUID_PATTERN } },
} as const;

export const saveScheduleBody = {
  type: "object",
  additionalProperties: false,
  required: ["frequency", "hourUtc"],
  properties: {
    frequency: { type: "string", enum: ["daily", "off"] },
    hourUtc: { type: "integer", minimum: 0, maximum: 23 },
  },
} as const;

// ---- Restore from the hub.

const restoreSource = {
  runId: { type: "string", pattern: RUN_ID_PATTERN, maxLength: 40 },
  projectId: { type: "string", pattern: GUID_PATTERN },
  /** A project's name (Azure DevOps allows 64 characters) or id. */
  targetProject: { type: "string", minLength: 1, maxLength: 64 },
} as const;

export const restorePlanBody = {
  type: "object",
  additionalProperties: false,
  required: ["runId", "projectId", "targetProject"],
  properties: restoreSource,
} as const;

export const applyRestoreBody = {
  type: "object",
  additionalProperties: false,
  required: ["runId", "projectId", "targetProject", "planId"],
  properties: {
    ...restoreSource,
    planId: { type: "string", pattern: "^[0-9a-f]{32}$" },
  },
} as const;

export const restoreParams = {
  type: "object",
  additionalProperties: false,
  required: ["organization", "restoreId"],
  properties: {
    ...organizationParams.properties,
    restoreId: { type: "string", pattern: RUN_ID_PATTERN, maxLength: 40 },
  },
} as const;
