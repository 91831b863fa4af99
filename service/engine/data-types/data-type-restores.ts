// A restore beyond Repos and Wikis, as npm run restore and the hub's restore both carry it out:
// the repositories and wikis the chosen data types keep, and the Pipelines, Test Plans and
// Artifacts restores of the snapshot, each planned first (a dry run, with what nothing in the
// target matches) and applied only when asked, after the repositories and Boards they refer to.
import { ORGANIZATION_SCOPE, describeArtifactsPlan, restoreArtifacts } from "../artifacts";
import type { AuthorizationSource } from "../azure-devops/repos-api";
import { describePipelinesPlan, restorePipelines, type PipelinesIndex } from "../pipelines";
import {
  dataSnapshotKey,
  readDataSnapshot,
  type SnapshotDataType,
} from "../pipelines/data-snapshot";
import type { AgentQueueInfo } from "../pipelines/pipelines-api";
import type { PipelinesRestorePlan } from "../pipelines/restore-plan";
import type { RestorePlan } from "../restore/plan";
import { ContentStore } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import { describeTestPlansPlan, restoreTestPlans } from "../test-plans";
import type { DataMapping, UnmappedItem } from "./data-mapping";

/** The data types a restore can be asked for (npm run restore --data, the hub's choice). */
export type RestorableData = "repos" | "wiki" | "boards" | SnapshotDataType;

/**
 * The repositories and wikis the selection keeps (a code wiki needs the repository it publishes),
 * and the branch policies of the kept repositories only.
 */
export function selectRepositoriesAndWikis(
  plan: RestorePlan,
  data: ReadonlySet<RestorableData>,
): RestorePlan {
  const wikis = data.has("wiki") ? plan.wikis : [];
  const published = new Set(wikis.map((w) => w.repository.id));
  const repositories = data.has("repos")
    ? plan.repositories
    : plan.repositories.filter((r) => published.has(r.source.id));
  const kept = new Set(repositories.map((r) => r.source.id));
  const policies = plan.policies.filter((p) =>
    (p.configuration.settings?.scope ?? []).every((s) => kept.has(s.repositoryId ?? "")),
  );
  return { ...plan, repositories, wikis, policies };
}

export interface DataTypeApplied {
  created: string[];
  failed: { name: string; reason: string }[];
}

/** One planned data type restore: its plan in words, what nothing matches, and how to apply it. */
export interface PlannedDataTypeRestore {
  /** Which restore: a data type of the project, or the organization's feeds. */
  dataType: SnapshotDataType | "organizationFeeds";
  lines: string[];
  unmapped: UnmappedItem[];
  /** `workItems`: what the Boards restore just created (Test Plans' test cases point to them). */
  apply(workItems?: ReadonlyMap<number, number>): Promise<DataTypeApplied>;
}

export interface DataTypeRestoreInput {
  store: ObjectStore;
  plan: RestorePlan;
  data: ReadonlySet<RestorableData>;
  mapping: DataMapping;
  authorization: AuthorizationSource;
  /** Also restore the run's organization feeds into the target organization. */
  organizationFeeds: boolean;
}

const LABELS: Readonly<Record<SnapshotDataType, string>> = {
  pipelines: "Pipelines",
  testPlans: "Test Plans",
  artifacts: "Artifacts",
};

function target(input: DataTypeRestoreInput) {
  return {
    organizationUrl: input.plan.targetOrganizationUrl,
    authorization: input.authorization,
    project: input.plan.targetProject,
  };
}

/** Repositories the Repos restore renames ("-restored") are the ones pipelines must point to. */
function repositoriesRenamed(input: DataTypeRestoreInput): Record<string, string> {
  const renamed: Record<string, string> = {};
  if (input.data.has("repos"))
    for (const r of input.plan.repositories)
      if (r.targetName !== r.source.name) renamed[r.source.name] = r.targetName;
  return { ...renamed, ...input.mapping.repositories };
}

/** The agent queues and service connections of the backup that nothing in the target matches. */
async function pipelinesUnmapped(
  store: ObjectStore,
  snapshotKey: string,
  plan: PipelinesRestorePlan,
): Promise<UnmappedItem[]> {
  const content = new ContentStore(store);
  const index = await content.getJson<PipelinesIndex>(
    (await readDataSnapshot(store, snapshotKey)).index,
  );
  const queues = await content.getJson<AgentQueueInfo[]>(index.agentQueues);
  return [
    ...queues
      .filter((q) => plan.agentQueues[String(q.id)] === null)
      .map((q): UnmappedItem => ({ kind: "agentQueues", source: q.name, key: q.name })),
    ...index.serviceConnections
      .filter((c) => plan.serviceConnections[c.id] === null)
      .map((c): UnmappedItem => ({ kind: "serviceConnections", source: c.name, key: c.name })),
  ];
}

type Applied = {
  created: { kind: string; name: string }[];
  failed: { kind: string; name: string; reason: string }[];
};

const appliedWords = (result: Applied): DataTypeApplied => ({
  created: result.created.map((c) => `${c.kind} ${c.name}`),
  failed: result.failed.map((f) => ({ name: `${f.kind} ${f.name}`, reason: f.reason })),
});

// Each restore is planned again when applied: the repositories and work items restored just
// before are then in the target, and definitions and test cases point to them.

async function planPipelines(
  input: DataTypeRestoreInput,
  snapshotKey: string,
): Promise<PlannedDataTypeRestore> {
  const restore = () =>
    restorePipelines({
      store: input.store,
      sourceProjectId: input.plan.snapshot.project.id,
      snapshotKey,
      target: target(input),
      mapping: { ...input.mapping, repositories: repositoriesRenamed(input) },
    });
  const { plan } = await restore();
  return {
    dataType: "pipelines",
    lines: describePipelinesPlan(plan).split("\n"),
    unmapped: await pipelinesUnmapped(input.store, snapshotKey, plan),
    apply: async () => appliedWords(await (await restore()).apply()),
  };
}

async function planTestPlans(
  input: DataTypeRestoreInput,
  snapshotKey: string,
): Promise<PlannedDataTypeRestore> {
  const restore = (workItems?: ReadonlyMap<number, number>) =>
    restoreTestPlans({
      store: input.store,
      sourceProjectId: input.plan.snapshot.project.id,
      snapshotKey,
      target: target(input),
      mapping: {
        workItems: {
          ...Object.fromEntries([...(workItems ?? [])].map(([s, t]) => [String(s), t])),
          ...input.mapping.workItems,
        },
      },
    });
  return {
    dataType: "testPlans",
    lines: describeTestPlansPlan((await restore()).plan).split("\n"),
    unmapped: [],
    apply: async (workItems) => appliedWords(await (await restore(workItems)).apply()),
  };
}

async function planArtifacts(
  input: DataTypeRestoreInput,
  snapshotKey: string,
  scope: string,
): Promise<PlannedDataTypeRestore> {
  const restore = () =>
    restoreArtifacts({
      store: input.store,
      sourceProjectId:
        scope === ORGANIZATION_SCOPE ? ORGANIZATION_SCOPE : input.plan.snapshot.project.id,
      snapshotKey,
      target: target(input),
      mapping: input.mapping,
      targetScope: scope,
    });
  return {
    dataType: scope === ORGANIZATION_SCOPE ? "organizationFeeds" : "artifacts",
    lines: describeArtifactsPlan((await restore()).plan).split("\n"),
    // Feed permissions without an identity in the target are said in the plan's notes.
    unmapped: [],
    apply: async () => {
      const result = await (await restore()).apply();
      return {
        created: [
          ...result.feeds.map((f) => `feed ${f.targetName}`),
          ...(result.republished > 0
            ? [`${result.republished} package version(s), republished from their files`]
            : []),
        ],
        failed: result.failed.map((f) => ({ name: f.what, reason: f.reason })),
      };
    },
  };
}

const nothingToApply = (
  dataType: PlannedDataTypeRestore["dataType"],
  line: string,
): PlannedDataTypeRestore => ({
  dataType,
  lines: [line],
  unmapped: [],
  apply: () => Promise.resolve({ created: [], failed: [] }),
});

/** The snapshot's Pipelines, Test Plans and Artifacts restores the selection asks for, planned. */
export async function planDataTypeRestores(
  input: DataTypeRestoreInput,
): Promise<PlannedDataTypeRestore[]> {
  const held = input.plan.snapshot.dataSnapshots ?? {};
  const planned: PlannedDataTypeRestore[] = [];
  for (const type of ["pipelines", "testPlans", "artifacts"] as const) {
    if (!input.data.has(type)) continue;
    const key = held[type];
    if (!key) {
      planned.push(
        nothingToApply(type, `${LABELS[type]}: not in this snapshot (not backed up by this run).`),
      );
      continue;
    }
    if (type === "pipelines") planned.push(await planPipelines(input, key));
    if (type === "testPlans") planned.push(await planTestPlans(input, key));
    if (type === "artifacts")
      planned.push(await planArtifacts(input, key, input.plan.targetProject.id));
  }
  if (input.organizationFeeds) {
    const key = dataSnapshotKey("artifacts", ORGANIZATION_SCOPE, input.plan.snapshot.runId);
    if (await input.store.has(key))
      planned.push(await planArtifacts(input, key, ORGANIZATION_SCOPE));
    else
      planned.push(
        nothingToApply(
          "organizationFeeds",
          `Organization feeds: not backed up by run ${input.plan.snapshot.runId}.`,
        ),
      );
  }
  return planned;
}
