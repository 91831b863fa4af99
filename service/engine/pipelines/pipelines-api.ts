// The Pipelines REST calls the backup and the restore make: Build definitions and their revisions,
// Release definitions (vsrm host) and theirs, task groups, variable groups, environments,
// deployment groups, agent queues, service connections and retention settings.
import { AREA_IDS, type AreaClient } from "./area-client";

export type Json = Record<string, unknown>;

export interface DefinitionRef {
  id: number;
  name: string;
  path?: string;
  revision: number;
}

export interface RevisionInfo {
  revision: number;
  changedBy?: { displayName?: string; uniqueName?: string };
  changedDate?: string;
  changeType?: string;
  comment?: string;
}

export interface AgentQueueInfo {
  id: number;
  name: string;
  pool?: { id: number; name: string; isHosted?: boolean };
}

export interface NamedItem extends Json {
  id: number | string;
  name: string;
}

export interface RetentionInfo {
  purgeArtifacts: { value: number };
  purgePipelineRuns: { value: number };
  purgePullRequestRuns: { value: number };
  retainRunsPerProtectedBranch: { value: number };
}

/** Items a list call asks for at once; longer lists continue through x-ms-continuationtoken. */
const LIST_PAGE = 500;

export class PipelinesApi {
  constructor(readonly client: AreaClient) {}

  private p(project: string): string {
    return this.client.p(project);
  }

  buildDefinitions(project: string): Promise<DefinitionRef[]> {
    return this.client.getAll(`${this.p(project)}/_apis/build/definitions`, { $top: LIST_PAGE });
  }
  buildRevisions(project: string, id: number): Promise<RevisionInfo[]> {
    return this.client.get(`${this.p(project)}/_apis/build/definitions/${id}/revisions`);
  }
  buildDefinition(project: string, id: number, revision: number): Promise<Json> {
    return this.client.get(`${this.p(project)}/_apis/build/definitions/${id}`, { revision });
  }
  createBuildDefinition(project: string, body: Json): Promise<Json> {
    return this.client.send("POST", `${this.p(project)}/_apis/build/definitions`, body);
  }
  updateBuildDefinition(project: string, id: number, body: Json): Promise<Json> {
    return this.client.send("PUT", `${this.p(project)}/_apis/build/definitions/${id}`, body);
  }

  /** `{project}/_apis/release/definitions{rest}`, on the Release area's host (vsrm). */
  private release(project: string, rest = ""): string {
    return `${this.p(project)}/_apis/release/definitions${rest}`;
  }
  releaseDefinitions(project: string): Promise<DefinitionRef[]> {
    return this.client.getAll(this.release(project), { $top: LIST_PAGE }, AREA_IDS.release);
  }
  releaseRevisions(project: string, id: number): Promise<RevisionInfo[]> {
    return this.client.get(this.release(project, `/${id}/revisions`), {}, AREA_IDS.release);
  }
  releaseDefinition(project: string, id: number, revision: number): Promise<Json> {
    return this.client.get(
      this.release(project, `/${id}/revisions/${revision}`),
      {},
      AREA_IDS.release,
    );
  }
  createReleaseDefinition(project: string, body: Json): Promise<Json> {
    return this.client.send("POST", this.release(project), body, AREA_IDS.release);
  }
  updateReleaseDefinition(project: string, body: Json): Promise<Json> {
    return this.client.send("PUT", this.release(project), body, AREA_IDS.release);
  }

  taskGroups(project: string): Promise<NamedItem[]> {
    return this.client.get(`${this.p(project)}/_apis/distributedtask/taskgroups`);
  }
  createTaskGroup(project: string, body: Json): Promise<NamedItem> {
    return this.client.send("POST", `${this.p(project)}/_apis/distributedtask/taskgroups`, body);
  }
  variableGroups(project: string): Promise<NamedItem[]> {
    return this.client.getAll(`${this.p(project)}/_apis/distributedtask/variablegroups`, {
      $top: LIST_PAGE,
    });
  }
  createVariableGroup(body: Json): Promise<NamedItem> {
    return this.client.send("POST", `_apis/distributedtask/variablegroups`, body);
  }
  environments(project: string): Promise<NamedItem[]> {
    return this.client.getAll(`${this.p(project)}/_apis/distributedtask/environments`, {
      $top: LIST_PAGE,
    });
  }
  createEnvironment(project: string, body: Json): Promise<NamedItem> {
    return this.client.send("POST", `${this.p(project)}/_apis/distributedtask/environments`, body);
  }
  deploymentGroups(project: string): Promise<NamedItem[]> {
    return this.client.getAll(`${this.p(project)}/_apis/distributedtask/deploymentgroups`, {
      $top: LIST_PAGE,
    });
  }
  createDeploymentGroup(project: string, body: Json): Promise<NamedItem> {
    return this.client.send(
      "POST",
      `${this.p(project)}/_apis/distributedtask/deploymentgroups`,
      body,
    );
  }
  agentQueues(project: string): Promise<AgentQueueInfo[]> {
    return this.client.get(`${this.p(project)}/_apis/distributedtask/queues`);
  }
  serviceConnections(project: string): Promise<NamedItem[]> {
    return this.client.get(`${this.p(project)}/_apis/serviceendpoint/endpoints`);
  }
  /** The project's Git repositories (what a build definition's TfsGit repository names). */
  repositories(project: string): Promise<{ id: string; name: string }[]> {
    return this.client.get(`${this.p(project)}/_apis/git/repositories`);
  }
  retention(project: string): Promise<RetentionInfo> {
    return this.client.get(`${this.p(project)}/_apis/build/retention`);
  }
  updateRetention(project: string, body: Json): Promise<RetentionInfo> {
    return this.client.send("PATCH", `${this.p(project)}/_apis/build/retention`, body);
  }
}
