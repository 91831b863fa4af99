// JSON schemas of every route's input (Fastify validates with them; /openapi.json is built from
// them). Strict: no unknown fields (additionalProperties false, and Ajv is told not to strip them
// silently), bounded strings and arrays, data types only from src/core's list.
import type { FastifySchema } from "fastify";
import { DATA_TYPES } from "../../src/core/data-types";
import { GUID_PATTERN } from "../../src/core/guid";
import { MAX_NAME } from "../../src/core/scope-schema";
import { ORGANIZATION_PATTERN } from "./authentication";

/** opIds are chosen by clients (UUIDs today): short, printable, no separators of our cursor. */
const OP_ID = {
  type: "string",
  minLength: 1,
  maxLength: 128,
  pattern: "^[A-Za-z0-9._:-]+$",
} as const;
/** Enough for 10,000 projects in one save (the product's stated size). */
export const MAX_CHANGES = 10_000;

const dataTypes = {
  type: "array",
  items: { type: "string", enum: [...DATA_TYPES] },
  maxItems: DATA_TYPES.length,
  uniqueItems: true,
} as const;

const scopeChoice = {
  type: "object",
  additionalProperties: false,
  required: ["choice", "dataTypes"],
  properties: { choice: { type: "string", enum: ["included", "excluded"] }, dataTypes },
} as const;

const settingsValue = {
  type: "object",
  additionalProperties: false,
  required: ["includeNewProjects", "defaultDataTypes"],
  properties: { includeNewProjects: { type: "boolean" }, defaultDataTypes: dataTypes },
} as const;

const projectChange = {
  type: "object",
  additionalProperties: false,
  required: ["projectId", "name", "after"],
  properties: {
    projectId: { type: "string", pattern: GUID_PATTERN },
    name: { type: "string", maxLength: MAX_NAME },
    seenOpId: OP_ID,
    before: scopeChoice,
    after: scopeChoice,
  },
} as const;

export const organizationParams = {
  type: "object",
  additionalProperties: false,
  required: ["organization"],
  properties: { organization: { type: "string", pattern: ORGANIZATION_PATTERN } },
} as const;

export const saveScopeBody = {
  type: "object",
  additionalProperties: false,
  required: ["opId", "changes"],
  properties: {
    opId: OP_ID,
    changes: { type: "array", items: projectChange, maxItems: MAX_CHANGES },
    settings: {
      type: "object",
      additionalProperties: false,
      required: ["before", "after"],
      properties: { seenOpId: OP_ID, before: settingsValue, after: settingsValue },
    },
  },
} as const;

export const saveAppProfileBody = {
  type: "object",
  additionalProperties: false,
  required: ["opId", "profile"],
  properties: {
    opId: OP_ID,
    seenOpId: OP_ID,
    profile: {
      oneOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["kind"],
          properties: { kind: { type: "string", const: "service" } },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["kind", "clientId"],
          properties: {
            kind: { type: "string", const: "custom" },
            clientId: { type: "string", pattern: GUID_PATTERN, maxLength: 36 },
          },
        },
      ],
    },
  },
} as const;

export const historyQuery = {
  type: "object",
  additionalProperties: false,
  properties: {
    before: { type: "string", minLength: 1, maxLength: 400, pattern: "^[A-Za-z0-9_-]+$" },
    limit: { type: "string", pattern: "^[0-9]{1,3}$" },
  },
} as const;

export const errorBody = {
  type: "object",
  required: ["code", "message"],
  properties: { code: { type: "string" }, message: { type: "string" } },
} as const;

/** A route's schema with its one-line summary for /openapi.json. */
export function routeSchema(summary: string, schema: FastifySchema = {}): FastifySchema {
  return { ...schema, summary } as FastifySchema;
}
