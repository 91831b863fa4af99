// Git's smart HTTP protocol, served by the real `git http-backend` as a CGI program
// (https://git-scm.com/docs/git-http-backend): the request body goes to its stdin, its stdout is
// CGI headers ("Status:", "Content-Type:" …), a blank line, then the body.
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface CgiRequest {
  /** The folder holding the bare repositories (GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** e.g. `/{id}.git/info/refs`. */
  pathInfo: string;
  query: string;
  /** Who the emulator authenticated; http-backend allows receive-pack only with one. */
  remoteUser: string;
}

/** Splits CGI output into its header block and the body bytes after the blank line. */
function splitHeaders(buffer: Buffer): { head: string; rest: Buffer } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf < 0 && lf < 0) return undefined;
  const useCrlf = crlf >= 0 && (lf < 0 || crlf < lf);
  const end = useCrlf ? crlf : lf;
  return {
    head: buffer.subarray(0, end).toString("latin1"),
    rest: buffer.subarray(end + (useCrlf ? 4 : 2)),
  };
}

function writeHead(res: ServerResponse, head: string): void {
  let status = 200;
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 200;
    else res.setHeader(name, value);
  }
  res.statusCode = status;
}

export function serveThroughHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  cgi: CgiRequest,
): Promise<void> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: cgi.projectRoot,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: cgi.pathInfo,
      QUERY_STRING: cgi.query,
      REQUEST_METHOD: req.method ?? "GET",
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_USER: cgi.remoteUser,
      REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
      GIT_HTTP_MAX_REQUEST_BUFFER: String(100 * 1024 * 1024),
    };
    if (req.headers["content-length"]) env.CONTENT_LENGTH = req.headers["content-length"];
    if (req.headers["content-encoding"])
      env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
    if (typeof req.headers["git-protocol"] === "string")
      env.GIT_PROTOCOL = req.headers["git-protocol"];
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let pending: Buffer = Buffer.alloc(0);
    let headersDone = false;
    const stderr: Buffer[] = [];
    child.stderr.on("data", (c: Buffer) => stderr.push(c));
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const split = splitHeaders(pending);
      if (!split) return;
      headersDone = true;
      writeHead(res, split.head);
      if (split.rest.length > 0) res.write(split.rest);
    });
    child.on("close", (code) => {
      if (!headersDone) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end(`git http-backend failed (${code}): ${Buffer.concat(stderr).toString("utf8")}`);
      } else res.end();
      done();
    });
    child.on("error", () => undefined); // reported by 'close'
    child.stdin.on("error", () => undefined); // the backend may stop reading early
    req.pipe(child.stdin);
  });
}
