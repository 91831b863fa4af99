// The Git LFS API of a hosted repository, at `{remote}.git/info/lfs` the way Azure Repos serves it:
// the batch API with the "basic" transfer (https://github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md)
// and object download/upload at `objects/{oid}`. The locking API is not offered (404), which
// git-lfs reports and carries on from.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { readBody, send, type Reply } from "../server/http";
import type { HostedRepository } from "./hosting";

const LFS_JSON = "application/vnd.git-lfs+json";
const OID = /^[0-9a-f]{64}$/;

interface BatchRequest {
  operation?: unknown;
  transfers?: unknown;
  objects?: unknown;
}

function lfsError(status: number, message: string): Reply {
  return { status, headers: { "Content-Type": LFS_JSON }, body: JSON.stringify({ message }) };
}

function batch(
  repo: HostedRepository,
  body: BatchRequest,
  objectsUrl: string,
  authorization: string,
): Reply {
  const operation = body.operation;
  if (operation !== "download" && operation !== "upload")
    return lfsError(422, "operation must be download or upload");
  if (!Array.isArray(body.objects)) return lfsError(422, "objects must be a list");
  // Object URLs are on this host: the same credentials apply there.
  const header = { Authorization: authorization };
  const objects = (body.objects as { oid?: unknown; size?: unknown }[]).map((o) => {
    const oid = String(o.oid ?? "");
    const size = Number(o.size ?? 0);
    if (!OID.test(oid)) return { oid, size, error: { code: 422, message: "invalid oid" } };
    const path = join(repo.lfsDir, oid);
    const present = existsSync(path);
    if (operation === "download") {
      if (!present) return { oid, size, error: { code: 404, message: "Object does not exist" } };
      return {
        oid,
        size: statSync(path).size,
        authenticated: true,
        actions: { download: { href: `${objectsUrl}/${oid}`, header, expires_in: 3600 } },
      };
    }
    if (present) return { oid, size, authenticated: true };
    return {
      oid,
      size,
      authenticated: true,
      actions: { upload: { href: `${objectsUrl}/${oid}`, header, expires_in: 3600 } },
    };
  });
  return {
    status: 200,
    headers: { "Content-Type": LFS_JSON },
    body: JSON.stringify({ transfer: "basic", objects, hash_algo: "sha256" }),
  };
}

async function upload(req: IncomingMessage, repo: HostedRepository, oid: string): Promise<Reply> {
  const content = await readBody(req, 512 * 1024 * 1024);
  if (createHash("sha256").update(content).digest("hex") !== oid)
    return lfsError(422, "The content does not match the oid.");
  const target = join(repo.lfsDir, oid);
  writeFileSync(`${target}.part`, content);
  renameSync(`${target}.part`, target);
  return { status: 200 };
}

/** `rest` is the path after `{repo}.git/info/lfs`. */
export async function serveLfs(
  req: IncomingMessage,
  res: ServerResponse,
  repo: HostedRepository,
  rest: string,
  objectsUrl: string,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const authorization = req.headers.authorization ?? "";
  if (rest === "/objects/batch" && method === "POST") {
    let parsed: BatchRequest;
    try {
      parsed = JSON.parse((await readBody(req, 16 * 1024 * 1024)).toString("utf8")) as BatchRequest;
    } catch {
      return send(res, lfsError(422, "The batch request is not JSON."));
    }
    return send(res, batch(repo, parsed, objectsUrl, authorization));
  }
  const object = /^\/objects\/([0-9a-f]{64})$/.exec(rest);
  if (object) {
    const oid = object[1] as string;
    if (method === "PUT") return send(res, await upload(req, repo, oid));
    if (method === "GET") {
      const path = join(repo.lfsDir, oid);
      if (!existsSync(path)) return send(res, lfsError(404, "Object does not exist"));
      return send(res, {
        status: 200,
        headers: { "Content-Type": "application/octet-stream" },
        body: readFileSync(path),
      });
    }
  }
  return send(res, lfsError(404, `Not found: ${rest}`));
}
