// What the Pipelines areas hold per project: build and release definitions with every revision,
// task groups, variable groups, environments, deployment groups, service connections, agent
// queues and the retention settings. Definitions keep each revision's full body, as the server
// does, so `?revision=N` and the revisions list answer from history.
import { randomUUID } from "node:crypto";
import { ProjectAreasState } from "../server/project-areas-state";

export type Json = Record<string, unknown>;

export interface RevisionRecord {
  revision: number;
  changedBy: string;
  changedDate: string;
  changeType: "add" | "update";
  comment: string;
  /** The definition's full body at this revision. */
  body: Json;
}

export interface RevisionedDefinition {
  id: number;
  revisions: RevisionRecord[];
}

export interface AgentQueue {
  id: number;
  name: string;
  pool: { id: number; name: string; isHosted: boolean };
}

export interface RetentionSettings {
  artifacts: number;
  pipelineRuns: number;
  pullRequestRuns: number;
  runsPerProtectedBranch: number;
}

/** The settings a new project starts with (the documented defaults). */
export const DEFAULT_RETENTION: RetentionSettings = {
  artifacts: 30,
  pipelineRuns: 30,
  pullRequestRuns: 10,
  runsPerProtectedBranch: 3,
};

export interface ProjectPipelines {
  buildDefinitions: Map<number, RevisionedDefinition>;
  releaseDefinitions: Map<number, RevisionedDefinition>;
  /** Task group id → every version's body (newest last); `revision` counts edits. */
  taskGroups: Map<string, Json>;
  variableGroups: Map<number, Json>;
  environments: Map<number, Json>;
  deploymentGroups: Map<number, Json>;
  serviceEndpoints: Map<string, Json>;
  queues: AgentQueue[];
  retention: RetentionSettings;
}

/** Ids are collection-wide in Azure DevOps: one counter per kind for the whole organization. */
export class PipelinesState extends ProjectAreasState<ProjectPipelines> {
  protected newProject(): ProjectPipelines {
    return {
      buildDefinitions: new Map(),
      releaseDefinitions: new Map(),
      taskGroups: new Map(),
      variableGroups: new Map(),
      environments: new Map(),
      deploymentGroups: new Map(),
      serviceEndpoints: new Map(),
      // Every project has the hosted queue and the Default pool's queue.
      queues: [
        {
          id: this.nextId("queue"),
          name: "Azure Pipelines",
          pool: { id: 9, name: "Azure Pipelines", isHosted: true },
        },
        {
          id: this.nextId("queue"),
          name: "Default",
          pool: { id: 1, name: "Default", isHosted: false },
        },
      ],
      retention: { ...DEFAULT_RETENTION },
    };
  }

  newGuid(): string {
    return randomUUID();
  }

  /** Adds a revision (1 for a new definition) and returns the stored body. */
  addRevision(
    defs: Map<number, RevisionedDefinition>,
    id: number,
    body: Json,
    by: string,
    comment: string,
    at = new Date().toISOString(),
  ): RevisionRecord {
    let def = defs.get(id);
    if (!def) {
      def = { id, revisions: [] };
      defs.set(id, def);
    }
    const revision = def.revisions.length + 1;
    const record: RevisionRecord = {
      revision,
      changedBy: by,
      changedDate: at,
      changeType: revision === 1 ? "add" : "update",
      comment,
      body: { ...structuredClone(body), id, revision },
    };
    def.revisions.push(record);
    return record;
  }
}

export function latest(def: RevisionedDefinition): RevisionRecord {
  return def.revisions[def.revisions.length - 1] as RevisionRecord;
}
