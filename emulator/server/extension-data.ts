// Extension data (ExtensionManagement area, served on the extmgmt origin): documents in collections,
// per extension and scope, with `__etag` versions. Paths are relative to `/{org}`.
import { randomUUID } from "node:crypto";
import type { FixtureUser } from "../fixtures/types";
import { BadRequest, errorReply, RouteTable, type Reply, type RouteContext } from "./http";
import type { EmulatorState, StoredDocument } from "./state";
import type { ServerSettings } from "./types";

export interface ExtensionDataDeps {
  state: EmulatorState;
  settings: ServerSettings;
}

function list(ctx: RouteContext, items: unknown[]): Reply {
  return { status: 200, body: ctx.bareArrays ? items : { count: items.length, value: items } };
}

function caller(ctx: RouteContext, deps: ExtensionDataDeps): FixtureUser {
  const u = ctx.userId ? deps.state.user(ctx.userId) : undefined;
  if (!u) throw new BadRequest("No authenticated user.", 401, "UnauthorizedRequestException");
  return u;
}

export function createExtensionDataApi(deps: ExtensionDataDeps): RouteTable {
  const { state } = deps;
  const routes = new RouteTable();
  // Extension data -------------------------------------------------------------------------------
  const documentsPath =
    /^\/_apis\/extensionmanagement\/installedextensions\/(?<publisher>[^/]+)\/(?<extension>[^/]+)\/data\/scopes\/(?<scopeType>[^/]+)\/(?<scopeValue>[^/]+)\/collections\/(?<collection>[^/]+)\/documents(?:\/(?<id>[^/]+))?\/?$/i;

  const collectionKey = (ctx: RouteContext, u: FixtureUser): string => {
    const p = ctx.params;
    const scopeType = (p.scopeType ?? "").toLowerCase();
    let scopeValue = (p.scopeValue ?? "").toLowerCase();
    if (scopeType === "user" && scopeValue === "me") scopeValue = u.id;
    if (scopeType === "default" && scopeValue === "current") scopeValue = "";
    return [p.publisher, p.extension, scopeType, scopeValue, p.collection]
      .map((x) => (x ?? "").toLowerCase())
      .join("\u0000");
  };
  const missingDocument = (id: string, collection: string): Reply =>
    errorReply(
      404,
      `The document '${id}' does not exist in collection '${collection}'.`,
      "DocumentDoesNotExistException",
    );

  const validDocument = async (ctx: RouteContext): Promise<Record<string, unknown>> => {
    const body = await ctx.body();
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new BadRequest("The document must be a JSON object.");
    const size = Buffer.byteLength(JSON.stringify(body));
    if (size > deps.settings.maxDocumentBytes) {
      throw new BadRequest(
        `The document is ${size} bytes; the largest document accepted is ${deps.settings.maxDocumentBytes} bytes.`,
        400,
        "DocumentTooLargeException",
      );
    }
    return body as Record<string, unknown>;
  };

  const versionConflict = (id: string, sent: unknown, stored: number): Reply =>
    errorReply(
      409,
      `The document '${id}' has changed: its version is ${stored}, the write was based on ${JSON.stringify(sent ?? null)}.`,
      "InvalidDocumentVersionException",
    );

  const write = (
    coll: Map<string, StoredDocument>,
    doc: Record<string, unknown>,
    id: string,
    previous: StoredDocument | undefined,
  ): StoredDocument => {
    const stored = { ...doc, id, __etag: (previous?.__etag ?? 0) + 1 } as StoredDocument;
    coll.set(id, stored);
    return stored;
  };

  const collectionFor = (key: string, create: boolean): Map<string, StoredDocument> | undefined => {
    let coll = state.documents.get(key);
    if (!coll && create) {
      coll = new Map();
      state.documents.set(key, coll);
    }
    return coll;
  };

  routes.add("GET", documentsPath, (ctx) => {
    const u = caller(ctx, deps);
    const coll = collectionFor(collectionKey(ctx, u), false);
    const id = ctx.params.id;
    if (id === undefined) {
      if (!coll)
        return errorReply(
          404,
          `The collection '${ctx.params.collection}' does not exist.`,
          "DocumentCollectionDoesNotExistException",
        );
      return list(ctx, [...coll.values()]);
    }
    const doc = coll?.get(id);
    return doc ? { status: 200, body: doc } : missingDocument(id, ctx.params.collection ?? "");
  });

  routes.add("POST", documentsPath, async (ctx) => {
    const u = caller(ctx, deps);
    const doc = await validDocument(ctx);
    const id =
      typeof doc.id === "string" && doc.id !== ""
        ? doc.id
        : doc.id !== undefined && doc.id !== null && doc.id !== ""
          ? String(doc.id)
          : randomUUID();
    const coll = collectionFor(collectionKey(ctx, u), true) as Map<string, StoredDocument>;
    if (coll.has(id))
      return errorReply(
        409,
        `A document with id '${id}' already exists in collection '${ctx.params.collection}'.`,
        "DocumentExistsException",
      );
    return { status: 200, body: write(coll, doc, id, undefined) };
  });

  const update =
    (upsert: boolean) =>
    async (ctx: RouteContext): Promise<Reply> => {
      const u = caller(ctx, deps);
      const doc = await validDocument(ctx);
      const id =
        doc.id !== undefined && doc.id !== null && doc.id !== "" ? String(doc.id) : ctx.params.id;
      if (!id) throw new BadRequest("The document has no id.");
      const key = collectionKey(ctx, u);
      const existing = collectionFor(key, false)?.get(id);
      if (!existing) {
        if (!upsert) return missingDocument(id, ctx.params.collection ?? "");
        return {
          status: 200,
          body: write(collectionFor(key, true) as Map<string, StoredDocument>, doc, id, undefined),
        };
      }
      const sent = doc.__etag;
      // -1 is the documented "last writer wins"; anything else must name the stored version.
      if (sent !== -1 && sent !== existing.__etag)
        return versionConflict(id, sent, existing.__etag);
      return {
        status: 200,
        body: write(collectionFor(key, true) as Map<string, StoredDocument>, doc, id, existing),
      };
    };
  routes.add("PUT", documentsPath, update(true));
  routes.add("PATCH", documentsPath, update(false));

  routes.add("DELETE", documentsPath, (ctx) => {
    const u = caller(ctx, deps);
    const id = ctx.params.id;
    if (!id) throw new BadRequest("Name the document to delete.");
    const coll = collectionFor(collectionKey(ctx, u), false);
    if (!coll?.delete(id)) return missingDocument(id, ctx.params.collection ?? "");
    return { status: 204 };
  });
  return routes;
}
