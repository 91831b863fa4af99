// The packaged marketplace extension (out/*.vsix), read into memory: its files for the extension
// origin and its manifest for the host page. Reading the .vsix, not dist/, means the emulator runs
// exactly what would be uploaded to the marketplace.
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import yauzl from "yauzl";
import type { Contribution } from "./types";

export interface ExtensionPackage {
  vsixPath: string;
  mtimeMs: number;
  publisherId: string;
  extensionId: string;
  version: string;
  scopes: string[];
  contributions: Contribution[];
  /** Package path (no leading slash) → content. */
  files: Map<string, Buffer>;
}

export class MissingPackageError extends Error {
  constructor(detail: string) {
    super(`No packaged extension in out/: run \`npm run package\` first (${detail}).`);
    this.name = "MissingPackageError";
  }
}

/** The newest `.vsix` in `dir`. */
export async function newestVsix(dir: string): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".vsix"));
  } catch {
    throw new MissingPackageError(`${dir} does not exist`);
  }
  const dated = await Promise.all(
    names.map(async (n) => ({ path: join(dir, n), mtime: (await stat(join(dir, n))).mtimeMs })),
  );
  dated.sort((a, b) => b.mtime - a.mtime);
  const newest = dated[0];
  if (!newest) throw new MissingPackageError(`no .vsix in ${dir}`);
  return newest.path;
}

export async function readExtensionPackage(vsixPath: string): Promise<ExtensionPackage> {
  const [zipped, info] = await Promise.all([readFile(vsixPath), stat(vsixPath)]);
  const files = await unzip(zipped);
  const vsixManifest = files.get("extension.vsixmanifest")?.toString("utf8");
  const vsoManifest = files.get("extension.vsomanifest")?.toString("utf8");
  if (!vsixManifest || !vsoManifest)
    throw new Error(`${vsixPath} has no extension.vsixmanifest or extension.vsomanifest.`);
  const identity = /<Identity\b([^>]*)\/?>/.exec(vsixManifest)?.[1] ?? "";
  const attr = (name: string): string => {
    const value = new RegExp(`\\b${name}="([^"]*)"`).exec(identity)?.[1];
    if (!value) throw new Error(`${vsixPath}: extension.vsixmanifest Identity has no ${name}.`);
    return value;
  };
  const publisherId = attr("Publisher");
  const extensionId = attr("Id");
  const manifest = JSON.parse(vsoManifest) as {
    scopes?: string[];
    contributions?: {
      id: string;
      type: string;
      description?: string;
      targets?: string[];
      properties?: Record<string, unknown>;
    }[];
  };
  const contributions: Contribution[] = (manifest.contributions ?? []).map((c) => ({
    // The real host knows contributions by their full id; the manifest has the short one.
    id: c.id.includes(".") ? c.id : `${publisherId}.${extensionId}.${c.id}`,
    type: c.type.includes(".") ? c.type : `${publisherId}.${extensionId}.${c.type}`,
    ...(c.description !== undefined ? { description: c.description } : {}),
    targets: c.targets ?? [],
    properties: c.properties ?? {},
  }));
  return {
    vsixPath,
    mtimeMs: info.mtimeMs,
    publisherId,
    extensionId,
    version: attr("Version"),
    scopes: manifest.scopes ?? [],
    contributions,
    files,
  };
}

/** Every file in a zip (a .vsix is one), by its decoded path. */
export function unzip(zipped: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zipped, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error("unreadable .vsix"));
      const files = new Map<string, Buffer>();
      zip.on("error", reject);
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`unreadable entry ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            // tfx writes some names percent-encoded (spaces); serve them by their decoded path.
            files.set(decodedName(entry.fileName), Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a literal "%" that is not an escape
  }
}

const contentTypes: Record<string, string> = {
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  map: "application/json; charset=utf-8",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  md: "text/markdown; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  vsixmanifest: "application/xml; charset=utf-8",
  vsomanifest: "application/json; charset=utf-8",
};

export function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return contentTypes[ext] ?? "application/octet-stream";
}
