// Extension data (ExtensionManagement area, served on the extmgmt origin): documents in collections,
// per extension and scope, with `__etag` versions, answered as Azure DevOps Services answers them
// (CONTRACT.md "Extension data"). Paths are relative to `/{org}`.
import { randomUUID } from "node:crypto";
import type { FixtureUser } from "../fixtures/types";
import { BadRequest, errorReply, RouteTable, type Reply, type RouteContext } from "./http";
import { caller, list } from "./rest-replies";
import type { EmulatorState, StoredDocument } from "./state";
import type { ServerSettings } from "./types";

export interface ExtensionDataDeps {
  state: EmulatorState;
  settings: ServerSettings;
}

const documentsPath =
  /^\/_apis\/extensionmanagement\/installedextensions\/(?<publisher>[^/]+)\/(?<extension>[^/]+)\/data\/scopes\/(?<scopeType>[^/]+)\/(?<scopeValue>[^/]+)\/collections\/(?<collection>[^/]+)\/documents(?:\/(?<id>[^/]+))?\/?$/i;

type Collection = Map<string, StoredDocument>;

/**
 * The stored collection's key. Only the two scopes the service knows are accepted: `Default`/`Current`
 * (the organization) and `User`/`Me` (the caller).
 */
function collectionKey(ctx: RouteContext, u: FixtureUser): string {
  const p = ctx.params;
  const scopeType = (p.scopeType ?? "").toLowerCase();
  const given = (p.scopeValue ?? "").toLowerCase();
  let scopeValue: string;
  if (scopeType === "default" && given === "current") scopeValue = "";
  else if (scopeType === "user" && given === "me") scopeValue = u.id;
  else
    throw new BadRequest(
      `The scope ${p.scopeType}/${p.scopeValue} is not valid: use Default/Current or User/Me.`,
      400,
      "ArgumentException",
    );
  return [p.publisher, p.extension, scopeType, scopeValue, p.collection]
    .map((x) => (x ?? "").toLowerCase())
    .join("\u0000");
}

function missingDocument(id: string, collection: string): Reply {
  return errorReply(
    404,
    `The document '${id}' does not exist in collection '${collection}'.`,
    "DocumentDoesNotExistException",
  );
}

function missingCollection(collection: string): Reply {
  return errorReply(
    404,
    `The collection '${collection}' does not exist.`,
    "DocumentCollectionDoesNotExistException",
  );
}

/** The body as the service keeps it: a JSON object within the size limit, `__` properties other than `__etag` dropped. */
async function validDocument(
  ctx: RouteContext,
  deps: ExtensionDataDeps,
): Promise<Record<string, unknown>> {
  const body = await ctx.body();
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BadRequest("The document must be a JSON object.");
  const size = Buffer.byteLength(JSON.stringify(body));
  if (size > deps.settings.maxDocumentBytes) {
    throw new BadRequest(
      `The document is ${size} bytes; the largest document accepted is ${deps.settings.maxDocumentBytes} bytes.`,
      500,
      "MaximumDocumentSizeException",
    );
  }
  return Object.fromEntries(
    Object.entries(body).filter(([k]) => !k.startsWith("__") || k === "__etag"),
  );
}

function versionConflict(id: string, sent: unknown, stored: number): Reply {
  return errorReply(
    400,
    `The document '${id}' has changed: its version is ${stored}, the write was based on ${JSON.stringify(sent ?? null)}.`,
    "InvalidDocumentVersionException",
  );
}

function write(
  coll: Collection,
  doc: Record<string, unknown>,
  id: string,
  previous: StoredDocument | undefined,
): StoredDocument {
  const stored = { ...doc, id, __etag: (previous?.__etag ?? 0) + 1 } as StoredDocument;
  coll.set(id, stored);
  return stored;
}

function idOf(doc: Record<string, unknown>): string | undefined {
  return doc.id !== undefined && doc.id !== null && doc.id !== "" ? String(doc.id) : undefined;
}

export function createExtensionDataApi(deps: ExtensionDataDeps): RouteTable {
  const { state } = deps;
  const routes = new RouteTable();

  const existing = (key: string): Collection | undefined => state.documents.get(key);
  const created = (key: string): Collection => {
    let coll = state.documents.get(key);
    if (!coll) state.documents.set(key, (coll = new Map()));
    return coll;
  };

  routes.add("GET", documentsPath, (ctx) => {
    const coll = existing(collectionKey(ctx, caller(ctx, deps)));
    const id = ctx.params.id;
    const collection = ctx.params.collection ?? "";
    if (id === undefined)
      return coll ? list(ctx, [...coll.values()]) : missingCollection(collection);
    const doc = coll?.get(id);
    return doc ? { status: 200, body: doc } : missingDocument(id, collection);
  });

  routes.add("POST", documentsPath, async (ctx) => {
    const key = collectionKey(ctx, caller(ctx, deps));
    const doc = await validDocument(ctx, deps);
    const id = idOf(doc) ?? randomUUID();
    if (existing(key)?.has(id))
      return errorReply(
        400,
        `A document with id '${id}' already exists in collection '${ctx.params.collection}'.`,
        "DocumentExistsException",
      );
    return { status: 201, body: write(created(key), doc, id, undefined) };
  });

  const update =
    (upsert: boolean) =>
    async (ctx: RouteContext): Promise<Reply> => {
      const key = collectionKey(ctx, caller(ctx, deps));
      const doc = await validDocument(ctx, deps);
      const id = idOf(doc) ?? ctx.params.id;
      if (!id) throw new BadRequest("The document has no id.");
      const previous = existing(key)?.get(id);
      if (!previous) {
        if (!upsert) return missingDocument(id, ctx.params.collection ?? "");
        return { status: 200, body: write(created(key), doc, id, undefined) };
      }
      const sent = doc.__etag;
      // -1 is the documented "last writer wins"; anything else must name the stored version.
      if (sent !== -1 && sent !== previous.__etag)
        return versionConflict(id, sent, previous.__etag);
      return { status: 200, body: write(created(key), doc, id, previous) };
    };
  routes.add("PUT", documentsPath, update(true));
  routes.add("PATCH", documentsPath, update(false));

  routes.add("DELETE", documentsPath, (ctx) => {
    const key = collectionKey(ctx, caller(ctx, deps));
    const id = ctx.params.id;
    if (!id) throw new BadRequest("Name the document to delete.");
    const coll = existing(key);
    if (!coll?.delete(id)) return missingDocument(id, ctx.params.collection ?? "");
    // A collection lives only while it holds a document: emptied, it is gone (404 to a list).
    if (coll.size === 0) state.documents.delete(key);
    return { status: 204 };
  });

  return routes;
}
