// Applies a Pipelines restore plan: creates each item in the plan's order, definitions by replaying
// their revisions (create at the first, then one update per later revision). Never overwrites:
// only new items, under the names the plan chose. A failed item is recorded and the rest goes on.
// The ids of what was created so far (IdMaps) are the restorer's named state: later items refer
// to earlier ones through them.
import type { ContentStore } from "../storage/content-store";
import type { Json, PipelinesApi, RetentionInfo } from "./pipelines-api";
import type { DefinitionEntry, LibraryEntry, PipelinesIndex } from "./pipelines-index";
import type { PipelinesRestorePlan, PlannedPipelinesItem } from "./restore-plan";
import {
  rewriteBuildDefinition,
  rewriteLibraryItem,
  rewriteReleaseDefinition,
  type IdMaps,
} from "./rewrite";

/** The retention a new project starts with; only a target still at these is changed. */
const DEFAULT_RETENTION = {
  artifacts: 30,
  pipelineRuns: 30,
  pullRequestRuns: 10,
  runsPerProtectedBranch: 3,
};

export interface PipelinesRestoreResult {
  created: { kind: string; sourceId: string; targetId: string; name: string }[];
  skipped: { kind: string; name: string; reason: string }[];
  failed: { kind: string; name: string; reason: string }[];
}

/** An item the plan may create only when the target allows it (retention): skipped, not failed. */
class NotApplicable extends Error {}

function revisionComment(d: DefinitionEntry, i: number): string {
  const r = d.revisions[i];
  const who = r?.changedBy ? ` by ${r.changedBy}` : "";
  const when = r?.changedDate ? ` on ${r.changedDate}` : "";
  return `Restored revision ${r?.revision ?? i + 1}${who}${when}${r?.comment ? `: ${r.comment}` : ""}`;
}

class PipelinesRestorer {
  private readonly project: string;

  constructor(
    private readonly plan: PipelinesRestorePlan,
    private readonly index: PipelinesIndex,
    private readonly content: ContentStore,
    private readonly target: PipelinesApi,
    private readonly maps: IdMaps,
  ) {
    this.project = plan.target.project.id;
  }

  async run(): Promise<PipelinesRestoreResult> {
    const result: PipelinesRestoreResult = { created: [], skipped: [], failed: [] };
    for (const item of this.plan.items) {
      if (item.action === "skip") {
        result.skipped.push({ kind: item.kind, name: item.sourceName, reason: item.reason ?? "" });
        continue;
      }
      try {
        const targetId = await this.restore(item);
        result.created.push({
          kind: item.kind,
          sourceId: item.sourceId,
          targetId,
          name: item.targetName,
        });
      } catch (e) {
        const list = e instanceof NotApplicable ? result.skipped : result.failed;
        list.push({ kind: item.kind, name: item.sourceName, reason: (e as Error).message });
      }
    }
    return result;
  }

  private restore(item: PlannedPipelinesItem): Promise<string> {
    switch (item.kind) {
      case "retention":
        return this.retention();
      case "buildDefinition":
      case "releaseDefinition":
        return this.definition(item);
      default:
        return this.libraryItem(item);
    }
  }

  private libraryEntry(item: PlannedPipelinesItem): LibraryEntry {
    const entries = {
      taskGroup: this.index.taskGroups,
      variableGroup: this.index.variableGroups,
      environment: this.index.environments,
      deploymentGroup: this.index.deploymentGroups,
    }[item.kind as "taskGroup" | "variableGroup" | "environment" | "deploymentGroup"];
    const entry = entries.find((e) => e.id === item.sourceId);
    if (!entry) throw new Error("not in the snapshot");
    return entry;
  }

  private async libraryItem(item: PlannedPipelinesItem): Promise<string> {
    const entry = this.libraryEntry(item);
    const source = await this.content.getJson<Json>(entry.object);
    const body = rewriteLibraryItem(source, item.targetName, this.maps);
    if (item.kind === "taskGroup") {
      const made = await this.target.createTaskGroup(this.project, body);
      this.maps.taskGroups.set(item.sourceId, String(made.id));
      return String(made.id);
    }
    if (item.kind === "variableGroup") {
      const made = await this.target.createVariableGroup({
        ...body,
        variableGroupProjectReferences: [
          {
            name: item.targetName,
            projectReference: { id: this.project, name: this.plan.target.project.name },
          },
        ],
      });
      this.maps.variableGroups.set(Number(item.sourceId), Number(made.id));
      return String(made.id);
    }
    // Environments and deployment groups: a name and a description; resources register themselves.
    const minimal = { name: item.targetName, description: body.description ?? "" };
    const made =
      item.kind === "environment"
        ? await this.target.createEnvironment(this.project, minimal)
        : await this.target.createDeploymentGroup(this.project, minimal);
    return String(made.id);
  }

  private async definition(item: PlannedPipelinesItem): Promise<string> {
    const isBuild = item.kind === "buildDefinition";
    const d = (isBuild ? this.index.buildDefinitions : this.index.releaseDefinitions).find(
      (x) => String(x.id) === item.sourceId,
    );
    if (!d) throw new Error("not in the snapshot");
    let current: Json | undefined;
    for (const [i, revision] of d.revisions.entries()) {
      const source = await this.content.getJson<Json>(revision.object);
      const body = isBuild
        ? rewriteBuildDefinition(source, item.targetName, this.maps)
        : rewriteReleaseDefinition(source, item.targetName, this.maps);
      body.comment = revisionComment(d, i);
      if (!current)
        current = isBuild
          ? await this.target.createBuildDefinition(this.project, body)
          : await this.target.createReleaseDefinition(this.project, body);
      else {
        const next = { ...body, id: current.id, revision: current.revision };
        current = isBuild
          ? await this.target.updateBuildDefinition(this.project, Number(current.id), next)
          : await this.target.updateReleaseDefinition(this.project, next);
      }
    }
    if (isBuild && current) this.maps.buildDefinitions.set(d.id, Number(current.id));
    return String(current?.id);
  }

  private async retention(): Promise<string> {
    if (!this.index.retention) throw new Error("not in the snapshot");
    const now = await this.target.retention(this.project);
    const atDefaults =
      now.purgeArtifacts.value === DEFAULT_RETENTION.artifacts &&
      now.purgePipelineRuns.value === DEFAULT_RETENTION.pipelineRuns &&
      now.purgePullRequestRuns.value === DEFAULT_RETENTION.pullRequestRuns &&
      now.retainRunsPerProtectedBranch.value === DEFAULT_RETENTION.runsPerProtectedBranch;
    if (!atDefaults)
      throw new NotApplicable(
        "the target's retention settings were changed already; the backed-up ones are in the snapshot",
      );
    const kept = await this.content.getJson<RetentionInfo>(this.index.retention);
    await this.target.updateRetention(this.project, {
      artifactsRetention: { value: kept.purgeArtifacts.value },
      pipelineRunsRetention: { value: kept.purgePipelineRuns.value },
      pullRequestRunsRetention: { value: kept.purgePullRequestRuns.value },
      retainRunsPerProtectedBranch: { value: kept.retainRunsPerProtectedBranch.value },
    });
    return "retention";
  }
}

export async function applyPipelinesRestore(input: {
  plan: PipelinesRestorePlan;
  index: PipelinesIndex;
  content: ContentStore;
  target: PipelinesApi;
  sourceProjectId: string;
}): Promise<PipelinesRestoreResult> {
  const { plan } = input;
  const queues = await input.target.agentQueues(plan.target.project.id);
  const maps: IdMaps = {
    queues: new Map(
      Object.entries(plan.agentQueues).flatMap(([k, v]) => (v ? [[Number(k), v.id]] : [])),
    ),
    taskGroups: new Map(),
    variableGroups: new Map(),
    serviceConnections: new Map(
      Object.entries(plan.serviceConnections).map(([k, v]) => [k, v?.id ?? ""]),
    ),
    buildDefinitions: new Map(),
    repositories: new Map(
      Object.entries(plan.repositories).flatMap(([k, v]) => (v ? [[k.toLowerCase(), v]] : [])),
    ),
    fallbackQueue: queues[0]?.id,
    targetProject: plan.target.project,
    sourceProjectId: input.sourceProjectId,
  };
  return new PipelinesRestorer(plan, input.index, input.content, input.target, maps).run();
}
