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

/** A JSON object with these properties and no other (never stripped: refused), `required` of them. */
export function strictObject<const P extends Record<string, object>>(
  properties: P,
  required: readonly (keyof P & string)[] = [],
) {
  return {
    type: "object",
    additionalProperties: false,
    ...(required.length > 0 ? { required: [...required] } : {}),
    properties,
  } as const;
}

const dataTypes = {
  type: "array",
  items: { type: "string", enum: [...DATA_TYPES] },
  maxItems: DATA_TYPES.length,
  uniqueItems: true,
} as const;

const scopeChoice = strictObject(
  { choice: { type: "string", enum: ["included", "excluded"] }, dataTypes },
  ["choice", "dataTypes"],
);

const settingsValue = strictObject(
  { includeNewProjects: { type: "boolean" }, defaultDataTypes: dataTypes },
  ["includeNewProjects", "defaultDataTypes"],
);

const projectChange = strictObject(
  {
    projectId: { type: "string", pattern: GUID_PATTERN },
    name: { type: "string", maxLength: MAX_NAME },
    seenOpId: OP_ID,
    before: scopeChoice,
    after: scopeChoice,
  },
  ["projectId", "name", "after"],
);

export const organizationParams = strictObject(
  { organization: { type: "string", pattern: ORGANIZATION_PATTERN } },
  ["organization"],
);

export const saveScopeBody = strictObject(
  {
    opId: OP_ID,
    changes: { type: "array", items: projectChange, maxItems: MAX_CHANGES },
    settings: strictObject({ seenOpId: OP_ID, before: settingsValue, after: settingsValue }, [
      "before",
      "after",
    ]),
  },
  ["opId", "changes"],
);

export const saveAppProfileBody = strictObject(
  {
    opId: OP_ID,
    seenOpId: OP_ID,
    profile: {
      oneOf: [
        strictObject({ kind: { type: "string", const: "service" } }, ["kind"]),
        strictObject(
          {
            kind: { type: "string", const: "custom" },
            clientId: { type: "string", pattern: GUID_PATTERN, maxLength: 36 },
          },
          ["kind", "clientId"],
        ),
      ],
    },
  },
  ["opId", "profile"],
);

export const historyQuery = strictObject({
  before: { type: "string", minLength: 1, maxLength: 400, pattern: "^[A-Za-z0-9_-]+$" },
  limit: { type: "string", pattern: "^[0-9]{1,3}$" },
});

export const errorBody = {
  type: "object",
  required: ["code", "message"],
  properties: { code: { type: "string" }, message: { type: "string" } },
} as const;

/** A route's schema with its one-line summary for /openapi.json. */
export function routeSchema(summary: string, schema: FastifySchema = {}): FastifySchema {
  return { ...schema, summary } as FastifySchema;
}
