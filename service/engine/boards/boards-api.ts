// The work item tracking REST calls of a Boards backup and restore (api-version 7.1), through the
// run's one AdoTransport (Retry-After, backoff on 5xx and dropped connections).
import { acceptHeader, type AdoTransport } from "../../../src/ado/transport";

const API_VERSION = "7.1";
const COMMENTS_VERSION = "7.1-preview.4";
/** Documented: a batch read takes at most 200 ids. */
export const BATCH_IDS = 200;

export type Fields = Record<string, unknown>;

export interface Relation {
  rel: string;
  url: string;
  attributes?: Record<string, unknown>;
}

export interface RevisionValue {
  id: number;
  rev: number;
  fields: Fields;
}

export interface RevisionsBatch {
  values: RevisionValue[];
  continuationToken: string;
  isLastBatch: boolean;
}

export interface WorkItemValue {
  id: number;
  rev: number;
  fields: Fields;
  relations?: Relation[];
}

export interface IdentityRef {
  displayName?: string;
  uniqueName?: string;
}

export interface CommentValue {
  id: number;
  text: string;
  version: number;
  createdBy?: IdentityRef;
  createdDate?: string;
  modifiedBy?: IdentityRef;
  modifiedDate?: string;
  isDeleted?: boolean;
}

export interface NodeValue {
  id: number;
  identifier: string;
  name: string;
  structureType: "area" | "iteration";
  path: string;
  hasChildren?: boolean;
  attributes?: Record<string, unknown>;
  children?: NodeValue[];
}

export interface TeamValue {
  id: string;
  name: string;
  description?: string;
}

export interface QueryValue {
  id: string;
  name: string;
  path: string;
  isFolder?: boolean;
  hasChildren?: boolean;
  wiql?: string;
  children?: QueryValue[];
}

export interface DeletedValue {
  id: number;
  deletedBy?: string;
  deletedDate?: string;
  name?: string;
  type?: string;
}

type Query = Record<string, string | number | boolean>;

export class BoardsApi {
  constructor(
    readonly organizationUrl: string,
    readonly transport: AdoTransport,
  ) {}

  url(path: string, query: Query = {}): string {
    const u = new URL(`${this.organizationUrl.replace(/\/$/, "")}/${path}`);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u.toString();
  }

  p(project: string): string {
    return encodeURIComponent(project);
  }

  get<T>(path: string, query?: Query, version = API_VERSION): Promise<T> {
    return this.transport.requestJson<T>(this.url(path, query), {
      headers: { Accept: acceptHeader(version) },
    });
  }

  send<T>(
    method: string,
    path: string,
    body: unknown,
    options: { query?: Query; version?: string; contentType?: string } = {},
  ): Promise<T> {
    return this.transport.requestJson<T>(this.url(path, options.query), {
      method,
      headers: {
        Accept: acceptHeader(options.version ?? API_VERSION),
        "Content-Type": options.contentType ?? "application/json",
      },
      body: JSON.stringify(body),
    });
  }

  /** A list the API answers as `{count, value}` (or a bare array). */
  async values<T>(path: string, query?: Query, version = API_VERSION): Promise<T[]> {
    const page = await this.get<T[] | { value: T[] }>(path, query, version);
    return Array.isArray(page) ? page : page.value;
  }

  /** One page of the reporting revisions, from a watermark (none: from the beginning). */
  reportingRevisions(
    project: string,
    continuationToken: string | undefined,
    maxPageSize: number,
  ): Promise<RevisionsBatch> {
    return this.get(`${this.p(project)}/_apis/wit/reporting/workitemrevisions`, {
      includeDeleted: true,
      $expand: "fields",
      $maxPageSize: maxPageSize,
      ...(continuationToken ? { continuationToken } : {}),
    });
  }

  /** Current work items with their relations; deleted ones come back as null. */
  async workItemsBatch(project: string, ids: number[]): Promise<(WorkItemValue | null)[]> {
    if (ids.length > BATCH_IDS) throw new Error(`At most ${BATCH_IDS} ids a batch read.`);
    const page = await this.send<(WorkItemValue | null)[] | { value: (WorkItemValue | null)[] }>(
      "POST",
      `${this.p(project)}/_apis/wit/workitemsbatch`,
      { ids, $expand: "relations", errorPolicy: "omit" },
    );
    return Array.isArray(page) ? page : page.value;
  }

  async comments(project: string, id: number): Promise<CommentValue[]> {
    const all: CommentValue[] = [];
    let token: string | undefined;
    do {
      const page = await this.get<{ comments: CommentValue[]; continuationToken?: string }>(
        `${this.p(project)}/_apis/wit/workItems/${id}/comments`,
        { includeDeleted: true, $top: 200, ...(token ? { continuationToken: token } : {}) },
        COMMENTS_VERSION,
      );
      all.push(...page.comments);
      token = page.continuationToken;
    } while (token);
    return all;
  }

  async download(url: string): Promise<Buffer> {
    const response = await this.transport.request(url, {
      headers: { Accept: "application/octet-stream" },
    });
    return Buffer.from(await response.arrayBuffer());
  }

  classificationNodes(project: string): Promise<NodeValue[]> {
    return this.values(`${this.p(project)}/_apis/wit/classificationnodes`, { $depth: 50 });
  }

  teams(project: string): Promise<TeamValue[]> {
    return this.values(`_apis/projects/${this.p(project)}/teams`);
  }

  teamSettings(project: string, team: string): Promise<Fields> {
    return this.get(`${this.p(project)}/${this.p(team)}/_apis/work/teamsettings`);
  }

  teamFieldValues(project: string, team: string): Promise<Fields> {
    return this.get(`${this.p(project)}/${this.p(team)}/_apis/work/teamsettings/teamfieldvalues`);
  }

  teamIterations(project: string, team: string): Promise<{ id: string; path: string }[]> {
    return this.values(`${this.p(project)}/${this.p(team)}/_apis/work/teamsettings/iterations`);
  }

  /** The query tree to any depth: the API answers at most two levels, so deeper folders are read again. */
  async sharedQueries(project: string): Promise<QueryValue | undefined> {
    const roots = await this.values<QueryValue>(`${this.p(project)}/_apis/wit/queries`, {
      $depth: 2,
      $expand: "all",
    });
    const shared = roots.find((q) => q.isFolder && q.name === "Shared Queries");
    if (shared) await this.completeFolder(project, shared);
    return shared;
  }

  private async completeFolder(project: string, folder: QueryValue): Promise<void> {
    if (folder.hasChildren && !folder.children) {
      const full = await this.get<QueryValue>(`${this.p(project)}/_apis/wit/queries/${folder.id}`, {
        $depth: 2,
        $expand: "all",
      });
      folder.children = full.children ?? [];
    }
    for (const c of folder.children ?? []) if (c.isFolder) await this.completeFolder(project, c);
  }

  /** A team's dashboards, each read again for its widgets. */
  async dashboards(project: string, team: string): Promise<Fields[]> {
    const base = `${this.p(project)}/${this.p(team)}/_apis/dashboard/dashboards`;
    const page = await this.get<Fields[] | { value: Fields[] }>(base, {}, "7.1-preview.3");
    const listed = Array.isArray(page) ? page : page.value;
    return Promise.all(
      listed.map((d) => this.get<Fields>(`${base}/${String(d.id)}`, {}, "7.1-preview.3")),
    );
  }

  tags(project: string): Promise<{ id: string; name: string }[]> {
    return this.values(`${this.p(project)}/_apis/wit/tags`);
  }

  recycleBin(project: string): Promise<{ id: number }[]> {
    return this.values(`${this.p(project)}/_apis/wit/recyclebin`);
  }

  recycleBinDetails(project: string, ids: number[]): Promise<DeletedValue[]> {
    return this.values(`${this.p(project)}/_apis/wit/recyclebin`, { ids: ids.join(",") });
  }

  // Restore ------------------------------------------------------------------------------------

  createNode(
    project: string,
    group: "areas" | "iterations",
    parentPath: string,
    body: { name: string; attributes?: Record<string, unknown> },
  ): Promise<NodeValue> {
    const parent = parentPath
      .split("\\")
      .filter((p) => p !== "")
      .map(encodeURIComponent)
      .join("/");
    return this.send(
      "POST",
      `${this.p(project)}/_apis/wit/classificationnodes/${group}${parent ? `/${parent}` : ""}`,
      body,
    );
  }

  createTeam(project: string, body: { name: string; description?: string }): Promise<TeamValue> {
    return this.send("POST", `_apis/projects/${this.p(project)}/teams`, body);
  }

  updateTeamSettings(project: string, team: string, body: Fields): Promise<Fields> {
    return this.send("PATCH", `${this.p(project)}/${this.p(team)}/_apis/work/teamsettings`, body);
  }

  updateTeamFieldValues(project: string, team: string, body: Fields): Promise<Fields> {
    return this.send(
      "PATCH",
      `${this.p(project)}/${this.p(team)}/_apis/work/teamsettings/teamfieldvalues`,
      body,
    );
  }

  addTeamIteration(project: string, team: string, id: string): Promise<unknown> {
    return this.send(
      "POST",
      `${this.p(project)}/${this.p(team)}/_apis/work/teamsettings/iterations`,
      { id },
    );
  }

  createDashboard(project: string, team: string, body: Fields): Promise<Fields> {
    return this.send(
      "POST",
      `${this.p(project)}/${this.p(team)}/_apis/dashboard/dashboards`,
      body,
      {
        version: "7.1-preview.3",
      },
    );
  }

  createQuery(
    project: string,
    parentPath: string,
    body: { name: string; wiql?: string; isFolder?: boolean },
  ): Promise<QueryValue> {
    const parent = parentPath.split("/").map(encodeURIComponent).join("/");
    return this.send("POST", `${this.p(project)}/_apis/wit/queries/${parent}`, body);
  }

  async uploadAttachment(
    project: string,
    fileName: string,
    content: Buffer,
  ): Promise<{ id: string; url: string }> {
    return this.transport.requestJson(
      this.url(`${this.p(project)}/_apis/wit/attachments`, { fileName, uploadType: "Simple" }),
      {
        method: "POST",
        headers: {
          Accept: acceptHeader(API_VERSION),
          "Content-Type": "application/octet-stream",
        },
        body: new Uint8Array(content),
      },
    );
  }

  createWorkItem(project: string, type: string, patch: unknown[]): Promise<WorkItemValue> {
    return this.send(
      "POST",
      `${this.p(project)}/_apis/wit/workitems/$${encodeURIComponent(type)}`,
      patch,
      {
        query: { bypassRules: true, suppressNotifications: true },
        contentType: "application/json-patch+json",
      },
    );
  }

  updateWorkItem(project: string, id: number, patch: unknown[]): Promise<WorkItemValue> {
    return this.send("PATCH", `${this.p(project)}/_apis/wit/workitems/${id}`, patch, {
      query: { bypassRules: true, suppressNotifications: true },
      contentType: "application/json-patch+json",
    });
  }

  addComment(project: string, id: number, text: string): Promise<CommentValue> {
    return this.send(
      "POST",
      `${this.p(project)}/_apis/wit/workItems/${id}/comments`,
      { text },
      { version: COMMENTS_VERSION },
    );
  }
}
