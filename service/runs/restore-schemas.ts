// Strict schemas of what a restore request adds to the snapshot and target (run-schemas.ts): the
// data types to restore and the mappings, typed or pasted (npm run restore's --mapping JSON).
import { DATA_TYPES } from "../../src/core/data-types";
import { MAPPING_KINDS } from "../../src/core/restore-data-wire";
import { applyRestoreBody, restorePlanBody } from "./run-schemas";

/** Source name → target name; a few hundred people or queues at the most. */
const nameMap = {
  type: "object",
  maxProperties: 1000,
  additionalProperties: { type: "string", minLength: 1, maxLength: 256 },
} as const;

const choice = {
  dataTypes: {
    type: "array",
    items: { type: "string", enum: DATA_TYPES },
    uniqueItems: true,
    minItems: 1,
    maxItems: DATA_TYPES.length,
  },
  mapping: {
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(MAPPING_KINDS.map((k) => [k, nameMap])),
  },
  mappingText: { type: "string", maxLength: 200_000 },
} as const;

export const restorePlanChoiceBody = {
  ...restorePlanBody,
  properties: { ...restorePlanBody.properties, ...choice },
} as const;

export const applyRestoreChoiceBody = {
  ...applyRestoreBody,
  properties: { ...applyRestoreBody.properties, ...choice },
} as const;
