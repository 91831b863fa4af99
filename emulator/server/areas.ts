// Resource areas and the origins that host them. Azure DevOps Services serves some areas from
// their own host (extmgmt.dev.azure.com/{org}, vsrm.…, feeds.…, pkgs.…, auditservice.…); a client
// finds each through `{org}/_apis/resourceAreas/{areaId}` → `locationUrl` (no credentials needed),
// as the api clients and the SDK's location service do. See CONTRACT.md "Resource areas".
import { RouteTable, type RouteContext } from "./http";
import { list } from "./rest-replies";

/** The origins of an emulated organization that answer REST calls: the main one and one per separate host. */
export const AREA_HOSTS = ["extmgmt", "vsrm", "feeds", "pkgs", "auditservice"] as const;
export type AreaHost = (typeof AREA_HOSTS)[number];
export type OriginName = "core" | AreaHost;

/** Default ports of the separate hosts under `npm start` (tests use 0: any free port). */
export const DEFAULT_AREA_PORTS: Record<AreaHost, number> = {
  extmgmt: 8082,
  vsrm: 8083,
  feeds: 8084,
  pkgs: 8085,
  auditservice: 8086,
};

export const AREA_CORE = "79134c72-4a58-4b42-976c-04e7115f32bf";
export const AREA_EXTENSION_MANAGEMENT = "6c2b0933-3600-42ae-bf8b-93d4f7e83594";
export const AREA_RELEASE = "efc2f575-36ef-48e9-b672-0c6fb4a48ac5";
export const AREA_PACKAGING = "7ab4e64e-c4d8-4f50-ae73-5ef2e21642a5";
export const AREA_AUDIT = "94ff054d-5ee1-413d-a341-302f7102ff6d";

interface ResourceArea {
  id: string;
  name: string;
  host: OriginName;
}

/**
 * Area ids from "Resource area IDs (reference)" of MicrosoftDocs azure-devops-docs
 * (docs/extend/develop/work-with-urls.md) and the api clients' RESOURCE_AREA_IDs; hosts as
 * Azure DevOps Services answers them. The audit area's id is our best knowledge (not in that table).
 */
export const RESOURCE_AREAS: readonly ResourceArea[] = [
  { id: AREA_CORE, name: "core", host: "core" },
  { id: "0d55247a-1c47-4462-9b1f-5e2125590ee6", name: "account", host: "core" },
  { id: "965220d5-5bb9-42cf-8d67-9b146df2a5a4", name: "build", host: "core" },
  { id: "5d6898bb-45ec-463f-95f9-54d49c71752e", name: "build", host: "core" },
  { id: "31c84e0a-3ece-48fd-a29d-100849af99ba", name: "dashboard", host: "core" },
  { id: "a85b8835-c1a1-4aac-ae97-1c3d0ba72dbd", name: "distributedtask", host: "core" },
  { id: "4e080c62-fa21-4fbc-8fef-2a10a2b38049", name: "git", host: "core" },
  { id: "bb1e7ec9-e901-4b68-999a-de7012b920f8", name: "Graph", host: "core" },
  { id: "fb13a388-40dd-4a04-b530-013a739c72ef", name: "policy", host: "core" },
  { id: "2e0bf237-8973-4ec9-a581-9c3d679d1776", name: "pipelines", host: "core" },
  { id: "3b95fb80-fdda-4218-b60e-1052d070ae6b", name: "test", host: "core" },
  { id: "c2aa639c-3ccc-4740-b3b6-ce2a1e1d984e", name: "Test", host: "core" },
  { id: "c83eaf52-edf3-4034-ae11-17d38f25404c", name: "testresults", host: "core" },
  { id: "8aa40520-446d-40e6-89f6-9c9f9ce44c48", name: "tfvc", host: "core" },
  { id: "bf7d82a0-8aa5-4613-94ef-6172a5ea01f3", name: "wiki", host: "core" },
  { id: "5264459e-e5e0-4bd8-b118-0985e68a4ec5", name: "wit", host: "core" },
  { id: "1d4f49f9-02b9-4e26-b826-2cdb6195f2a9", name: "work", host: "core" },
  { id: AREA_EXTENSION_MANAGEMENT, name: "ExtensionManagement", host: "extmgmt" },
  { id: AREA_RELEASE, name: "Release", host: "vsrm" },
  { id: AREA_PACKAGING, name: "Packaging", host: "feeds" },
  { id: "b3be7473-68ea-4a81-bfc7-9530baaa19ad", name: "nuget", host: "pkgs" },
  { id: "4c83cfc1-f33a-477e-a789-29d38ffca52e", name: "npm", host: "pkgs" },
  { id: "6f7f8c07-ff36-473c-bcf3-bd6cc9b6c066", name: "maven", host: "pkgs" },
  { id: "92f0314b-06c5-46e0-abe7-15fd9d13276a", name: "pypi", host: "pkgs" },
  { id: "d397749b-f115-4027-b6dd-77a65dd10d21", name: "upack", host: "pkgs" },
  { id: AREA_AUDIT, name: "Audit", host: "auditservice" },
];

/** Each area id (lower case) → its `locationUrl` (with a trailing slash). */
export function resourceAreaLocations(
  orgUrlOf: (origin: OriginName) => string,
): Record<string, string> {
  return Object.fromEntries(RESOURCE_AREAS.map((a) => [a.id, `${orgUrlOf(a.host)}/`]));
}

/**
 * `GET _apis/resourceAreas` and `GET _apis/resourceAreas/{areaId}`, answered alike on every origin
 * and without credentials. An area we do not list is answered with the main host, as
 * dev.azure.com/{org} hosts most areas.
 */
export function addResourceAreaRoutes(
  routes: RouteTable,
  orgUrlOf: (origin: OriginName) => string,
): RouteTable {
  const view = (id: string): Record<string, string> => {
    const known = RESOURCE_AREAS.find((a) => a.id === id.toLowerCase());
    return {
      id: known?.id ?? id,
      name: known?.name ?? id,
      locationUrl: `${orgUrlOf(known?.host ?? "core")}/`,
    };
  };
  routes.add("GET", /^\/_apis\/resourceareas\/?$/i, (ctx: RouteContext) =>
    list(
      ctx,
      RESOURCE_AREAS.map((a) => view(a.id)),
    ),
  );
  routes.add("GET", /^\/_apis\/resourceareas\/(?<id>[^/]+)\/?$/i, (ctx: RouteContext) => ({
    status: 200,
    body: view(ctx.params.id ?? ""),
  }));
  return routes;
}

/** Paths any caller may read without a token (a signed blob URL carries its own signature). */
export const ANONYMOUS_PATHS =
  /^\/_apis\/(connectiondata|resourceareas(\/[^/]+)?|blobs\/[^/]+)\/?$/i;
