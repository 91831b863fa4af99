// `npm run restore` beyond Repos, Wikis and Boards: which data types the admin asked for, the
// mapping file (agent queues, service connections, repositories, work items, feed identities), and
// the Pipelines, Test Plans and Artifacts restores of the chosen snapshot, each planned first (a
// dry run) and applied only with --apply, after the repositories and Boards they refer to.
import { readFile } from "node:fs/promises";
import type { AuthorizationSource } from "../engine/azure-devops/repos-api";
import {
  ORGANIZATION_SCOPE,
  describeArtifactsPlan,
  restoreArtifacts,
  type ArtifactsMapping,
} from "../engine/artifacts";
import {
  describePipelinesPlan,
  restorePipelines,
  type PipelinesMapping,
} from "../engine/pipelines";
import { dataSnapshotKey, type SnapshotDataType } from "../engine/pipelines/data-snapshot";
import type { RestorePlan } from "../engine/restore/plan";
import type { ObjectStore } from "../engine/storage/object-store";
import {
  describeTestPlansPlan,
  restoreTestPlans,
  type TestPlansMapping,
} from "../engine/test-plans";
import { CLI_DATA_TYPES, UsageError } from "./common";

export const RESTORED_DATA = CLI_DATA_TYPES;
export type RestoredData = (typeof RESTORED_DATA)[number];

/** `--data a,b`: the data types to restore; every one the snapshot holds when not given. */
export function parseRestoredData(value: string | undefined): ReadonlySet<RestoredData> {
  if (value === undefined) return new Set(RESTORED_DATA);
  const asked = value.split(",").map((d) => d.trim());
  const unknown = asked.filter((d) => !(RESTORED_DATA as readonly string[]).includes(d));
  if (unknown.length > 0 || asked.length === 0)
    throw new UsageError(`--data takes ${RESTORED_DATA.join(", ")} or several of them.`);
  return new Set(asked as RestoredData[]);
}

export type DataMapping = PipelinesMapping & TestPlansMapping & ArtifactsMapping;

/** `--mapping FILE`: one JSON object; each restore reads the maps it knows. */
export async function readDataMapping(file: string | undefined): Promise<DataMapping> {
  if (!file) return {};
  const parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new UsageError(`${file}: the mapping file holds one JSON object.`);
  return parsed as DataMapping;
}

/**
 * The repositories and wikis the selection keeps (a code wiki needs the repository it publishes),
 * and the branch policies of the kept repositories only.
 */
export function selectRepositoriesAndWikis(
  plan: RestorePlan,
  data: ReadonlySet<RestoredData>,
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

/** One planned data type restore: its plan in words, and how to apply it. */
export interface PlannedDataTypeRestore {
  lines: string[];
  /** `workItems`: what the Boards restore just created (Test Plans' test cases point to them). */
  apply(workItems?: ReadonlyMap<number, number>): Promise<DataTypeApplied>;
}

export interface DataTypeRestoreInput {
  store: ObjectStore;
  plan: RestorePlan;
  data: ReadonlySet<RestoredData>;
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
  return {
    lines: describePipelinesPlan((await restore()).plan).split("\n"),
    apply: async () => {
      const result = await (await restore()).apply();
      return {
        created: result.created.map((c) => `${c.kind} ${c.name}`),
        failed: result.failed.map((f) => ({ name: `${f.kind} ${f.name}`, reason: f.reason })),
      };
    },
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
    lines: describeTestPlansPlan((await restore()).plan).split("\n"),
    apply: async (workItems) => {
      const result = await (await restore(workItems)).apply();
      return {
        created: result.created.map((c) => `${c.kind} ${c.name}`),
        failed: result.failed.map((f) => ({ name: `${f.kind} ${f.name}`, reason: f.reason })),
      };
    },
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
    lines: describeArtifactsPlan((await restore()).plan).split("\n"),
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
      planned.push({
        lines: [`${LABELS[type]}: not in this snapshot (not backed up by this run).`],
        apply: () => Promise.resolve({ created: [], failed: [] }),
      });
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
      planned.push({
        lines: [`Organization feeds: not backed up by run ${input.plan.snapshot.runId}.`],
        apply: () => Promise.resolve({ created: [], failed: [] }),
      });
  }
  return planned;
}
