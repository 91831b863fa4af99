// What the emulated Boards (work item tracking) of an organization remembers. Work items keep
// their history as per-revision changes; the organization keeps one change log, whose position
// is the reporting API's watermark (emulator/CONTRACT.md "Boards").

import type { BoardRecord, PlanRecord } from "./board-model";
import type { FieldDefinition, PicklistRecord, ProcessRecord } from "./process-model";

export type Fields = Record<string, unknown>;

/** URLs of this organization are stored with this prefix, so the data does not depend on the port. */
export const ORG_URL = "__ORG_URL__";

export interface RevisionRecord {
  rev: number;
  /** Fields this revision set (null: cleared). System.History only lives in its own revision. */
  changes: Fields;
}

export interface RelationRecord {
  rel: string;
  /** With ORG_URL for this organization's work items and attachments. */
  url: string;
  attributes: Record<string, unknown>;
}

export interface CommentRecord {
  id: number;
  text: string;
  createdBy: string;
  createdDate: string;
  modifiedBy: string;
  modifiedDate: string;
  version: number;
  isDeleted: boolean;
}

export interface WorkItemRecord {
  id: number;
  projectId: string;
  revisions: RevisionRecord[];
  relations: RelationRecord[];
  comments: CommentRecord[];
  deleted?: { by: string; date: string };
}

export interface ClassificationNode {
  id: number;
  identifier: string;
  name: string;
  attributes?: { startDate?: string; finishDate?: string };
  children: ClassificationNode[];
}

export interface TeamRecord {
  id: string;
  name: string;
  description: string;
  settings: Fields;
  /** Team field values: the area paths the team owns. */
  areas: { defaultValue: string; values: { value: string; includeChildren: boolean }[] };
  /** Iteration node identifiers the team plans with. */
  iterations: string[];
  /** Its boards, made with their defaults the first time they are asked for. */
  boards?: BoardRecord[];
}

export interface QueryRecord {
  id: string;
  name: string;
  isFolder: boolean;
  wiql?: string;
  children: QueryRecord[];
}

export interface WidgetRecord {
  id: string;
  name: string;
  contributionId: string;
  position: { row: number; column: number };
  size: { rowSpan: number; columnSpan: number };
  settings: string;
}

export interface DashboardRecord {
  id: string;
  name: string;
  description: string;
  refreshInterval: number;
  widgets: WidgetRecord[];
}

export interface ProjectBoards {
  projectId: string;
  /** The process the project uses (a ProcessRecord's typeId). */
  processTypeId: string;
  /** Team id → its dashboards. */
  dashboards: Record<string, DashboardRecord[]>;
  areas: ClassificationNode;
  iterations: ClassificationNode;
  teams: TeamRecord[];
  /** The "Shared Queries" folder (personal "My Queries" are not anyone else's to back up). */
  sharedQueries: QueryRecord;
  plans: PlanRecord[];
}

export interface StoredAttachment {
  fileName: string;
  content: Buffer;
}

export interface LogEntry {
  id: number;
  rev: number;
}

/** One organization's Boards. */
export class BoardsOrganization {
  readonly items = new Map<number, WorkItemRecord>();
  readonly projects = new Map<string, ProjectBoards>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly processes = new Map<string, ProcessRecord>();
  /** Fields the organization added (reference name, lower case → definition). */
  readonly fields = new Map<string, FieldDefinition>();
  readonly picklists = new Map<string, PicklistRecord>();
  /** Every revision in the order it was made: an index here is a reporting watermark. */
  readonly log: LogEntry[] = [];
  nextId: number;
  nextNodeId = 1;
  nextCommentId = 1;

  constructor(firstId: number) {
    this.nextId = firstId;
  }

  /** A new work item of a project, with the organization's next id and no history yet. */
  newWorkItem(projectId: string): WorkItemRecord {
    return { id: this.nextId++, projectId, revisions: [], relations: [], comments: [] };
  }

  /** The fields of a work item as of `rev` (History only when that revision set it). */
  fieldsAt(item: WorkItemRecord, rev: number): Fields {
    const fields: Fields = {};
    for (const r of item.revisions) {
      if (r.rev > rev) break;
      delete fields["System.History"];
      for (const [k, v] of Object.entries(r.changes)) {
        if (v === null) delete fields[k];
        else fields[k] = v;
      }
    }
    return fields;
  }

  latestRev(item: WorkItemRecord): number {
    return item.revisions[item.revisions.length - 1]?.rev ?? 0;
  }

  /** Appends a revision and logs it: the one way history grows. */
  addRevision(item: WorkItemRecord, changes: Fields): RevisionRecord {
    const rev = this.latestRev(item) + 1;
    const record: RevisionRecord = {
      rev,
      changes: { ...changes, "System.Rev": rev, "System.Watermark": this.log.length + 1 },
    };
    item.revisions.push(record);
    this.log.push({ id: item.id, rev });
    return record;
  }
}
