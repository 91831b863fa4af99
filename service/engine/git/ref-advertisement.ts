// The refs a Git server advertises (smart HTTP, `GET …/info/refs?service=git-upload-pack`, what
// `git ls-remote` reads): one request through the REST transport and no git process, enough to see
// that a repository has not changed since its last snapshot.
// https://git-scm.com/docs/http-protocol#_smart_clients, https://git-scm.com/docs/protocol-common#_pkt_line_format
import type { AdoTransport } from "../../../src/ado/transport";

/** Protocol v0 advertisement → ref → object id; HEAD, peeled tags and refs/pull/* left out. */
export function parseAdvertisement(body: Buffer): Record<string, string> {
  const refs: Record<string, string> = {};
  let at = 0;
  let sawService = false;
  while (at + 4 <= body.length) {
    const length = Number.parseInt(body.toString("latin1", at, at + 4), 16);
    if (Number.isNaN(length)) throw new Error("not a Git ref advertisement");
    if (length === 0) {
      at += 4; // flush packet: between the service line and the refs, and at the end
      continue;
    }
    const line = body
      .toString("utf8", at + 4, at + length)
      .split("\0")[0]
      ?.replace(/\n$/, "");
    at += length;
    if (line === undefined) continue;
    if (line.startsWith("# service=")) {
      sawService = true;
      continue;
    }
    if (line.startsWith("version ")) throw new Error(`unexpected protocol ${line}`);
    const [sha, ref] = line.split(" ");
    if (!sha || !ref || ref === "HEAD" || ref.endsWith("^{}") || ref.startsWith("refs/pull/"))
      continue;
    refs[ref] = sha;
  }
  if (!sawService) throw new Error("not a Git ref advertisement");
  return refs;
}

/** The repository's refs as its Git server advertises them now. */
export async function advertisedRefs(
  transport: AdoTransport,
  remoteUrl: string,
): Promise<Record<string, string>> {
  const url = new URL(remoteUrl);
  // Azure DevOps remote URLs carry the organization as a user name; fetch() refuses credentials in URLs.
  url.username = "";
  url.password = "";
  url.pathname = `${url.pathname.replace(/\/$/, "")}/info/refs`;
  url.search = "?service=git-upload-pack";
  const response = await transport.request(url.toString());
  return parseAdvertisement(Buffer.from(await response.arrayBuffer()));
}

export function sameRefs(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((n) => a[n] === b[n]);
}
