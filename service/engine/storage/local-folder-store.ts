// An ObjectStore in a local folder. Write-once through a hard link from a temporary file: link()
// fails if the name exists, so two writers never replace each other's object and a reader never
// sees a half-written one.
import { createWriteStream } from "node:fs";
import { copyFile, link, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { dirname, join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { streamOf } from "./object-source";
import { ObjectMissingError, type LinkingStore, type ObjectSource } from "./object-store";

function isCode(e: unknown, code: string): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === code;
}

/** link() cannot join these two paths (another file system, or links not allowed): copy instead. */
const CANNOT_LINK = ["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK"];

export class LocalFolderStore implements LinkingStore {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  private path(key: string): string {
    if (key.split("/").some((s) => s === ".." || s === "")) throw new Error(`Bad key ${key}`);
    return join(this.root, ...key.split("/"));
  }

  private async temporary(): Promise<string> {
    const temporary = join(this.root, ".incoming", `${randomBytes(8).toString("hex")}`);
    await mkdir(dirname(temporary), { recursive: true });
    return temporary;
  }

  /** Publishes a complete temporary file under `key`; false when the key was taken meanwhile. */
  private async publish(temporary: string, key: string): Promise<boolean> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(temporary, target);
      return true;
    } catch (e) {
      if (isCode(e, "EEXIST")) return false;
      throw e;
    }
  }

  async putOnce(key: string, source: ObjectSource): Promise<boolean> {
    if (await this.has(key)) return false;
    const temporary = await this.temporary();
    try {
      if (Buffer.isBuffer(source)) await writeFile(temporary, source);
      else if ("file" in source) await copyFile(source.file, temporary);
      else await pipeline(streamOf(source), createWriteStream(temporary));
      return await this.publish(temporary, key);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /**
   * The file itself becomes the object (a second name for the same bytes, none written): link()
   * fails if the key exists, so the object is still written once and never replaced.
   */
  async linkOnce(key: string, file: string): Promise<boolean> {
    if (await this.has(key)) return false;
    try {
      return await this.publish(file, key);
    } catch (e) {
      if (CANNOT_LINK.some((code) => isCode(e, code))) return this.putOnce(key, { file });
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    return stat(this.path(key)).then(
      () => true,
      (e: unknown) => {
        if (isCode(e, "ENOENT")) return false;
        throw e;
      },
    );
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if (isCode(e, "ENOENT")) throw new ObjectMissingError(key);
      throw e;
    }
  }

  async download(key: string, file: string): Promise<void> {
    try {
      await copyFile(this.path(key), file);
    } catch (e) {
      if (isCode(e, "ENOENT")) throw new ObjectMissingError(key);
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const start = this.path(prefix.replace(/\/$/, ""));
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if (isCode(e, "ENOENT") || isCode(e, "ENOTDIR")) return;
        throw e;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else out.push(relative(this.root, path).split(sep).join("/"));
      }
    };
    await walk(start);
    return out;
  }
}
