// /openapi.json, built from the schemas the routes are registered with, so the document cannot
// drift from what the service validates.
import type { FastifyInstance, RouteOptions } from "fastify";
import { AZURE_DEVOPS_TOKEN_HEADER, SERVICE_API_VERSION } from "../../src/core/service-api";
import { errorBody } from "./schemas";

interface RouteRecord {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

export interface OpenApiRoutes {
  routes: RouteRecord[];
  document(serverUrl: string): Record<string, unknown>;
}

const asList = (m: RouteOptions["method"]): string[] =>
  (Array.isArray(m) ? m : [m]).map((x) => String(x).toLowerCase());

function parameters(schema: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [where, key] of [
    ["path", "params"],
    ["query", "querystring"],
  ] as const) {
    const s = schema[key] as
      { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, property] of Object.entries(s?.properties ?? {}))
      out.push({
        name,
        in: where,
        required: where === "path" || (s?.required ?? []).includes(name),
        schema: property,
      });
  }
  return out;
}

function operation(r: RouteRecord): Record<string, unknown> {
  const api = r.url.startsWith("/api/");
  const op: Record<string, unknown> = {
    summary: (r.schema.summary as string | undefined) ?? `${r.method.toUpperCase()} ${r.url}`,
    parameters: parameters(r.schema),
    responses: {
      "200": { description: "OK" },
      ...(api
        ? {
            "401": {
              description: "unauthenticated",
              content: { "application/json": { schema: errorBody } },
            },
            "403": {
              description: "notCollectionAdmin / wrongOrganization",
              content: { "application/json": { schema: errorBody } },
            },
            "429": {
              description: "rateLimited (Retry-After)",
              content: { "application/json": { schema: errorBody } },
            },
          }
        : {}),
    },
  };
  if (r.schema.body)
    op.requestBody = { required: true, content: { "application/json": { schema: r.schema.body } } };
  if (api)
    op.security = [
      { appToken: [], azureDevOpsToken: [] },
      { entraToken: [], azureDevOpsToken: [] },
    ];
  return op;
}

export function collectRoutes(app: FastifyInstance): OpenApiRoutes {
  const routes: RouteRecord[] = [];
  app.addHook("onRoute", (options) => {
    if (
      options.schema === undefined ||
      (options.config as { openApi?: boolean } | undefined)?.openApi === false
    )
      return;
    for (const method of asList(options.method)) {
      if (method === "head" || method === "options") continue;
      routes.push({ method, url: options.url, schema: options.schema as Record<string, unknown> });
    }
  });
  return {
    routes,
    document(serverUrl) {
      const paths: Record<string, Record<string, unknown>> = {};
      for (const r of routes) {
        const path = r.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
        (paths[path] ??= {})[r.method] = operation(r);
      }
      return {
        openapi: "3.1.0",
        info: { title: "Backup service for Azure DevOps", version: SERVICE_API_VERSION },
        servers: [{ url: serverUrl }],
        components: {
          securitySchemes: {
            appToken: {
              type: "http",
              scheme: "bearer",
              bearerFormat: "JWT (HS256 app token of the extension)",
            },
            entraToken: {
              type: "http",
              scheme: "bearer",
              bearerFormat: "JWT (Entra access token for the service app)",
            },
            azureDevOpsToken: { type: "apiKey", in: "header", name: AZURE_DEVOPS_TOKEN_HEADER },
          },
        },
        paths,
      };
    },
  };
}
