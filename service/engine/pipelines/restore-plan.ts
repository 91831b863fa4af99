// The Pipelines restore plan (the dry run): what will be created in the target project, in
// dependency order (task groups, variable groups, environments, deployment groups, then build
// and release definitions, then retention), how agent queues and service connections map, and
// what cannot be restored (secret values, credentials) in words. Nothing on the target is changed
// or overwritten: a taken name gets " (restored)".
import type { ProjectRef } from "../azure-devops/repos-api";
import type { ContentStore } from "../storage/content-store";
import type { AgentQueueInfo, NamedItem, PipelinesApi } from "./pipelines-api";
import type { PipelinesIndex } from "./pipelines-index";
import { freeName } from "../restore/free-name";

/** Maps what differs between organizations: source name or id → target name or id. */
export interface PipelinesMapping {
  agentQueues?: Record<string, string>;
  serviceConnections?: Record<string, string>;
  /** Source repository name → target repository name (when the Repos restore renamed one). */
  repositories?: Record<string, string>;
}

export type PipelinesItemKind =
  | "taskGroup"
  | "variableGroup"
  | "environment"
  | "deploymentGroup"
  | "buildDefinition"
  | "releaseDefinition"
  | "retention";

/** The order apply follows: what a definition refers to exists before it. */
export const RESTORE_ORDER: readonly PipelinesItemKind[] = [
  "taskGroup",
  "variableGroup",
  "environment",
  "deploymentGroup",
  "buildDefinition",
  "releaseDefinition",
  "retention",
];

export interface PlannedPipelinesItem {
  kind: PipelinesItemKind;
  sourceId: string;
  sourceName: string;
  /** The name it gets in the target (the source name unless taken there). */
  targetName: string;
  action: "create" | "skip";
  /** Revisions replayed (definitions). */
  revisions?: number;
  reason?: string;
}

export interface PipelinesRestorePlan {
  snapshotKey: string;
  target: { organizationUrl: string; project: ProjectRef };
  items: PlannedPipelinesItem[];
  /** Source queue id → target queue, or null when nothing maps. */
  agentQueues: Record<string, { id: number; name: string } | null>;
  /** Source connection id → target connection, or null when nothing maps. */
  serviceConnections: Record<string, { id: string; name: string } | null>;
  /** Source repository name → target repository (TfsGit repositories of build definitions), or null. */
  repositories: Record<string, { id: string; name: string } | null>;
  /** What the restore cannot bring back, said plainly. */
  notRestored: string[];
}

function lookup<T extends { id: number | string; name: string }>(
  targets: T[],
  wanted: string | undefined,
): T | undefined {
  if (wanted === undefined) return undefined;
  const w = wanted.toLowerCase();
  return targets.find((t) => String(t.id).toLowerCase() === w || t.name.toLowerCase() === w);
}

export interface PipelinesPlanInput {
  content: ContentStore;
  snapshotKey: string;
  index: PipelinesIndex;
  target: PipelinesApi;
  targetOrganizationUrl: string;
  targetProject: ProjectRef;
  mapping?: PipelinesMapping;
}

export async function planPipelinesRestore(
  input: PipelinesPlanInput,
): Promise<PipelinesRestorePlan> {
  const { index, target, targetProject: project, content, mapping = {} } = input;
  const p = project.id;
  const [
    taskGroups,
    variableGroups,
    environments,
    deploymentGroups,
    queues,
    connections,
    builds,
    releases,
  ] = await Promise.all([
    target.taskGroups(p),
    target.variableGroups(p),
    target.environments(p),
    target.deploymentGroups(p),
    target.agentQueues(p),
    target.serviceConnections(p),
    target.buildDefinitions(p),
    target.releaseDefinitions(p),
  ]);
  const names = (xs: { name: string }[]): Set<string> =>
    new Set(xs.map((x) => x.name.toLowerCase()));
  const taken: Record<PipelinesItemKind, Set<string>> = {
    taskGroup: names(taskGroups),
    variableGroup: names(variableGroups),
    environment: names(environments),
    deploymentGroup: names(deploymentGroups),
    buildDefinition: names(builds),
    releaseDefinition: names(releases),
    retention: new Set(),
  };
  const items: PlannedPipelinesItem[] = [];
  const notRestored: string[] = [];
  const library = (kind: PipelinesItemKind, entries: { id: string; name: string }[]): void => {
    for (const e of entries)
      items.push({
        kind,
        sourceId: e.id,
        sourceName: e.name,
        targetName: freeName(e.name, taken[kind], "parentheses"),
        action: "create",
      });
  };
  library("taskGroup", index.taskGroups);
  library("variableGroup", index.variableGroups);
  library("environment", index.environments);
  library("deploymentGroup", index.deploymentGroups);

  const sourceQueues = await content.getJson<AgentQueueInfo[]>(index.agentQueues);
  const agentQueues: PipelinesRestorePlan["agentQueues"] = {};
  for (const q of sourceQueues) {
    const wanted = mapping.agentQueues?.[q.name] ?? mapping.agentQueues?.[String(q.id)] ?? q.name;
    const found = lookup(queues, wanted);
    agentQueues[String(q.id)] = found ? { id: found.id, name: found.name } : null;
  }
  const serviceConnections: PipelinesRestorePlan["serviceConnections"] = {};
  for (const c of index.serviceConnections) {
    const wanted =
      mapping.serviceConnections?.[c.name] ?? mapping.serviceConnections?.[c.id] ?? c.name;
    const found = lookup(connections as (NamedItem & { id: string })[], wanted);
    serviceConnections[c.id] = found ? { id: String(found.id), name: found.name } : null;
    notRestored.push(
      found
        ? `Service connection ${c.name} is not created (its credentials cannot be read): definitions use ${found.name} in the target.`
        : `Service connection ${c.name} is not created (its credentials cannot be read) and nothing maps to it: create it in the target and name it in the mapping file; inputs that used it are left empty.`,
    );
  }

  const definitions = (
    kind: PipelinesItemKind,
    entries: PipelinesIndex["buildDefinitions"],
  ): void => {
    for (const d of entries)
      items.push({
        kind,
        sourceId: String(d.id),
        sourceName: d.name,
        targetName: freeName(d.name, taken[kind], "parentheses"),
        action: d.revisions.length > 0 ? "create" : "skip",
        revisions: d.revisions.length,
        ...(d.revisions.length > 0 ? {} : { reason: "no revision was backed up" }),
      });
  };
  definitions("buildDefinition", index.buildDefinitions);
  definitions("releaseDefinition", index.releaseDefinitions);
  for (const [id, q] of Object.entries(agentQueues))
    if (!q) {
      const name = sourceQueues.find((s) => String(s.id) === id)?.name ?? id;
      notRestored.push(
        `Agent queue ${name} has no match in the target: definitions that use it are created on the target's first queue; add it to the mapping file to choose.`,
      );
    }

  if (index.retention)
    items.push({
      kind: "retention",
      sourceId: "retention",
      sourceName: "Retention settings",
      targetName: "Retention settings",
      action: "create",
      reason: "applied only when the target still has the default settings",
    });
  for (const g of index.variableGroups)
    if (g.secretNames)
      notRestored.push(
        `Variable group ${g.name}: secret values of ${g.secretNames.join(", ")} were never readable; they are created empty and must be entered again.`,
      );
  notRestored.push(
    "Definitions are recreated with their revisions replayed in order; revision authors and times are those of the restore (the originals are named in each revision's comment).",
    "Environment resources and deployment group targets register from their machines and are not recreated.",
  );
  const repositories: PipelinesRestorePlan["repositories"] = {};
  const targetRepositories = await target.repositories(p);
  for (const d of index.buildDefinitions) {
    const last = d.revisions[d.revisions.length - 1];
    const repository = last
      ? (await content.getJson<{ repository?: { type?: string; name?: string } }>(last.object))
          .repository
      : undefined;
    if (repository?.type !== "TfsGit" || !repository.name || repository.name in repositories)
      continue;
    const wanted = (mapping.repositories?.[repository.name] ?? repository.name).toLowerCase();
    const found = targetRepositories.find((r) => r.name.toLowerCase() === wanted);
    repositories[repository.name] = found ? { id: found.id, name: found.name } : null;
    if (!found)
      notRestored.push(
        `Repository ${repository.name} is not in the target project: build definitions that build it are created without it; restore Repos first (or name its new name in the mapping file).`,
      );
  }
  items.sort((a, b) => RESTORE_ORDER.indexOf(a.kind) - RESTORE_ORDER.indexOf(b.kind));
  return {
    snapshotKey: input.snapshotKey,
    target: { organizationUrl: input.targetOrganizationUrl, project },
    items,
    agentQueues,
    serviceConnections,
    repositories,
    notRestored,
  };
}

export function describePipelinesPlan(plan: PipelinesRestorePlan): string {
  const lines = [
    `Restore Pipelines from ${plan.snapshotKey} into ${plan.target.project.name} (nothing is overwritten):`,
  ];
  for (const i of plan.items) {
    const renamed = i.targetName !== i.sourceName ? ` as "${i.targetName}"` : "";
    const revs = i.revisions ? `, ${i.revisions} revision(s)` : "";
    lines.push(
      `  ${i.action} ${i.kind} "${i.sourceName}"${renamed}${revs}${i.reason ? ` — ${i.reason}` : ""}`,
    );
  }
  lines.push("Not restored or restored differently:");
  for (const n of plan.notRestored) lines.push(`  - ${n}`);
  return lines.join("\n");
}
