// What changes between the backed-up project and the restore target: the project name at the
// start of area and iteration paths (and in query WIQL), people (a user mapping file), work item
// ids in links, and attachment URLs (files and inline images re-uploaded).
import { readFile } from "node:fs/promises";
import type { Fields } from "./boards-api";

/** `{"users": {"avery@source.example": "Avery <avery@target.example>"}}`: source e-mail → target identity. */
export interface UserMapping {
  users: Record<string, string>;
}

export async function readUserMapping(file: string | undefined): Promise<UserMapping> {
  if (!file) return { users: {} };
  const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<UserMapping>;
  const users: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.users ?? {})) users[k.toLowerCase()] = v;
  return { users };
}

const IDENTITY = /^(.*?)\s*<([^<>@\s]+@[^<>\s]+)>$/;
const ATTACHMENT_URL =
  /[^"'\s<>]*\/_apis\/wit\/attachments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\?[^"'\s<>]*)?/gi;

/** Fields the service sets itself, or that a restore carries differently (History: as comments). */
const NOT_WRITTEN = new Set([
  "System.Id",
  "System.Rev",
  "System.Watermark",
  "System.CommentCount",
  "System.History",
  "System.TeamProject",
  "System.AreaId",
  "System.IterationId",
  "System.AuthorizedDate",
  "System.RevisedDate",
  "System.AuthorizedAs",
  "System.PersonId",
  "System.NodeName",
  "System.RemoteLinkCount",
  "System.RelatedLinkCount",
  "System.ExternalLinkCount",
  "System.HyperLinkCount",
  "System.AttachedFileCount",
]);

export function isWritten(field: string): boolean {
  return !NOT_WRITTEN.has(field) && !/^System\.(AreaLevel|IterationLevel)\d+$/.test(field);
}

export class Rewriter {
  readonly unmapped = new Set<string>();

  constructor(
    readonly sourceProject: string,
    readonly targetProject: string,
    readonly mapping: UserMapping,
    /** Source attachment id → its URL on the target (filled as attachments are uploaded). */
    readonly attachmentUrls = new Map<string, string>(),
  ) {}

  path(value: string): string {
    const s = this.sourceProject;
    if (value.toLowerCase() === s.toLowerCase()) return this.targetProject;
    if (value.toLowerCase().startsWith(`${s.toLowerCase()}\\`))
      return `${this.targetProject}${value.slice(s.length)}`;
    return value;
  }

  identity(value: string): string {
    const m = IDENTITY.exec(value);
    if (!m) return value;
    const mapped = this.mapping.users[(m[2] as string).toLowerCase()];
    if (mapped) return mapped;
    this.unmapped.add(value);
    return value;
  }

  html(value: string): string {
    if (!value.includes("/_apis/wit/attachments/")) return value;
    return value.replace(
      ATTACHMENT_URL,
      (whole, id: string) => this.attachmentUrls.get(id.toLowerCase()) ?? whole,
    );
  }

  value(field: string, value: unknown): unknown {
    if (typeof value !== "string") return value;
    if (field === "System.AreaPath" || field === "System.IterationPath") return this.path(value);
    return this.html(this.identity(value));
  }

  fields(fields: Fields): Fields {
    const out: Fields = {};
    for (const [k, v] of Object.entries(fields)) if (isWritten(k)) out[k] = this.value(k, v);
    return out;
  }

  wiql(wiql: string): string {
    const escaped = this.sourceProject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return wiql.replace(new RegExp(`'${escaped}(?=['\\\\])`, "gi"), `'${this.targetProject}`);
  }
}

export function attachmentIdOf(url: string): string | undefined {
  return /\/_apis\/wit\/attachments\/([0-9a-f-]{36})/i.exec(url)?.[1]?.toLowerCase();
}

export function workItemIdOf(url: string): number | undefined {
  const m = /\/_apis\/wit\/workItems\/(\d+)$/i.exec(url);
  return m ? Number(m[1]) : undefined;
}
