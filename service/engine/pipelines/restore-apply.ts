// Applies a Pipelines restore plan: creates each item in the plan's order, definitions by replaying
// their revisions (create at the first, then one update per later revision). Never overwrites:
// only new items, under the names the plan chose. A failed item is recorded and the rest goes on.
import type { ContentStore } from "../storage/content-store";
import type { Json, PipelinesApi, RetentionInfo } from "./pipelines-api";
import type { DefinitionEntry, PipelinesIndex } from "./pipelines-index";
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

function revisionComment(d: DefinitionEntry, i: number): string {
  const r = d.revisions[i];
  const who = r?.changedBy ? ` by ${r.changedBy}` : "";
  const when = r?.changedDate ? ` on ${r.changedDate}` : "";
  return `Restored revision ${r?.revision ?? i + 1}${who}${when}${r?.comment ? `: ${r.comment}` : ""}`;
}

export async function applyPipelinesRestore(input: {
  plan: PipelinesRestorePlan;
  index: PipelinesIndex;
  content: ContentStore;
  target: PipelinesApi;
  sourceProjectId: string;
}): Promise<PipelinesRestoreResult> {
  const { plan, index, content, target } = input;
  const project = plan.target.project.id;
  const result: PipelinesRestoreResult = { created: [], skipped: [], failed: [] };
  const queues = await target.agentQueues(project);
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
  const library = (kind: string) =>
    ({
      taskGroup: index.taskGroups,
      variableGroup: index.variableGroups,
      environment: index.environments,
      deploymentGroup: index.deploymentGroups,
    })[kind];
  const definition = (kind: string, id: string): DefinitionEntry | undefined =>
    (kind === "buildDefinition" ? index.buildDefinitions : index.releaseDefinitions).find(
      (d) => String(d.id) === id,
    );

  async function restoreItem(item: PlannedPipelinesItem): Promise<string> {
    if (item.kind === "retention") return restoreRetention();
    const entries = library(item.kind);
    if (entries) {
      const entry = entries.find((e) => e.id === item.sourceId);
      if (!entry) throw new Error("not in the snapshot");
      const body = rewriteLibraryItem(
        await content.getJson<Json>(entry.object),
        item.targetName,
        maps,
      );
      if (item.kind === "taskGroup") {
        const made = await target.createTaskGroup(project, body);
        maps.taskGroups.set(item.sourceId, String(made.id));
        return String(made.id);
      }
      if (item.kind === "variableGroup") {
        const made = await target.createVariableGroup({
          ...body,
          variableGroupProjectReferences: [
            {
              name: item.targetName,
              projectReference: { id: project, name: plan.target.project.name },
            },
          ],
        });
        maps.variableGroups.set(Number(item.sourceId), Number(made.id));
        return String(made.id);
      }
      const minimal = { name: item.targetName, description: body.description ?? "" };
      const made =
        item.kind === "environment"
          ? await target.createEnvironment(project, minimal)
          : await target.createDeploymentGroup(project, minimal);
      return String(made.id);
    }
    const d = definition(item.kind, item.sourceId);
    if (!d) throw new Error("not in the snapshot");
    const isBuild = item.kind === "buildDefinition";
    let current: Json | undefined;
    for (let i = 0; i < d.revisions.length; i++) {
      const source = await content.getJson<Json>((d.revisions[i] as { object: string }).object);
      const body = isBuild
        ? rewriteBuildDefinition(source, item.targetName, maps)
        : rewriteReleaseDefinition(source, item.targetName, maps);
      body.comment = revisionComment(d, i);
      if (!current)
        current = isBuild
          ? await target.createBuildDefinition(project, body)
          : await target.createReleaseDefinition(project, body);
      else {
        const next = { ...body, id: current.id, revision: current.revision };
        current = isBuild
          ? await target.updateBuildDefinition(project, Number(current.id), next)
          : await target.updateReleaseDefinition(project, next);
      }
    }
    if (isBuild && current) maps.buildDefinitions.set(d.id, Number(current.id));
    return String(current?.id);
  }

  async function restoreRetention(): Promise<string> {
    if (!index.retention) throw new Error("not in the snapshot");
    const now = await target.retention(project);
    const atDefaults =
      now.purgeArtifacts.value === DEFAULT_RETENTION.artifacts &&
      now.purgePipelineRuns.value === DEFAULT_RETENTION.pipelineRuns &&
      now.purgePullRequestRuns.value === DEFAULT_RETENTION.pullRequestRuns &&
      now.retainRunsPerProtectedBranch.value === DEFAULT_RETENTION.runsPerProtectedBranch;
    if (!atDefaults)
      throw new SkipError(
        "the target's retention settings were changed already; the backed-up ones are in the snapshot",
      );
    const kept = await content.getJson<RetentionInfo>(index.retention);
    await target.updateRetention(project, {
      artifactsRetention: { value: kept.purgeArtifacts.value },
      pipelineRunsRetention: { value: kept.purgePipelineRuns.value },
      pullRequestRunsRetention: { value: kept.purgePullRequestRuns.value },
      retainRunsPerProtectedBranch: { value: kept.retainRunsPerProtectedBranch.value },
    });
    return "retention";
  }

  for (const item of plan.items) {
    if (item.action === "skip") {
      result.skipped.push({ kind: item.kind, name: item.sourceName, reason: item.reason ?? "" });
      continue;
    }
    try {
      const targetId = await restoreItem(item);
      result.created.push({
        kind: item.kind,
        sourceId: item.sourceId,
        targetId,
        name: item.targetName,
      });
    } catch (e) {
      const list = e instanceof SkipError ? result.skipped : result.failed;
      list.push({ kind: item.kind, name: item.sourceName, reason: (e as Error).message });
    }
  }
  return result;
}

class SkipError extends Error {}
