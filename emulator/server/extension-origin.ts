// The extension origin: the packaged extension's files under
// /_ext/{publisher}/{extensionId}/{version}/{packagePath}, as the marketplace's CDN serves them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { contentTypeOf } from "./extension-package";
import { send, type Reply } from "./http";
import type { PackagedExtension } from "./packaged-extension";

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };

export async function serveExtensionFile(
  extension: PackagedExtension,
  extensionUrl: string,
  req: IncomingMessage,
): Promise<Reply> {
  const url = new URL(req.url ?? "/", extensionUrl);
  const m = /^\/_ext\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
  const current = await extension.current();
  if (
    !m ||
    m[1] !== current.publisherId ||
    m[2] !== current.extensionId ||
    m[3] !== current.version
  )
    return {
      status: 404,
      headers: TEXT,
      body: `Not in the packaged extension ${current.publisherId}.${current.extensionId} ${current.version}: ${url.pathname}`,
    };
  const packagePath = decodeURIComponent(m[4] as string);
  const content = current.files.get(packagePath);
  if (!content)
    return {
      status: 404,
      headers: TEXT,
      body: `The packaged extension has no file ${packagePath}.`,
    };
  return {
    status: 200,
    headers: {
      "Content-Type": contentTypeOf(packagePath),
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "Access-Control-Allow-Origin": "*",
    },
    body: content,
  };
}

export function extensionOriginHandler(
  extension: PackagedExtension,
  extensionUrl: string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serveExtensionFile(extension, extensionUrl, req).then(
      (reply) => send(res, reply),
      (e: unknown) => send(res, { status: 500, headers: TEXT, body: (e as Error).message }),
    );
  };
}
