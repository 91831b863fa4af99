// A restore plan: exactly what an apply would create in the target project, worked out without
// changing anything (the default, a dry run). Restore only ever creates: a name already taken in
// the target gets a "-restored" suffix, and a project that already has a project wiki keeps it.
import type { ProjectRef, ReposApi } from "../azure-devops/repos-api";
import {
  listSnapshots,
  readSnapshot,
  type ProjectSnapshot,
  type RepositorySnapshot,
  type WikiSnapshot,
} from "../snapshot";
import { ContentStore } from "../storage/content-store";
import type { ObjectStore } from "../storage/object-store";
import { type PlannedPolicy, planPolicies, type StoredPolicyConfiguration } from "./policies";
import { freeName } from "./free-name";

export interface PlannedRepository {
  source: RepositorySnapshot;
  targetName: string;
  refs: number;
  lfsObjects: number;
  pullRequests: number;
}

export interface PlannedWiki {
  source: WikiSnapshot;
  targetName: string;
  /** projectWiki: its backing repository's content; codeWiki: the restored repository it publishes. */
  repository: RepositorySnapshot;
}

export interface RestorePlan {
  snapshotKey: string;
  snapshot: ProjectSnapshot;
  targetOrganizationUrl: string;
  targetProject: ProjectRef;
  repositories: PlannedRepository[];
  wikis: PlannedWiki[];
  /** Branch policies and repository settings created on the new repositories. */
  policies: PlannedPolicy[];
  skipped: { name: string; reason: string }[];
  /** What the plan cannot do as the original was, said up front. */
  caveats: string[];
}

export const RESTORE_CAVEATS = [
  "Comment authors and times cannot be set through the API: each restored comment names its original author and time in its text, and is posted as the restoring account.",
  "Pull requests are re-created as new pull requests (new ids); completed and abandoned ones are created and then abandoned, never merged. A source branch deleted since is pushed as refs/heads/restored/pr-{id} when its commit was backed up.",
  "refs/pull/* are never restored; nothing on the target is overwritten or force-pushed.",
];

/** `--snapshot` is a snapshot key, or a run id (with the source project when the run has several). */
export async function findSnapshot(
  store: ObjectStore,
  snapshot: string,
  sourceProject?: string,
): Promise<{ key: string; snapshot: ProjectSnapshot }> {
  const all = await listSnapshots(store);
  // "latest": the newest snapshot of each project.
  const latest = new Map(all.map((s) => [s.projectId, s.runId]));
  const matching = all.filter((s) =>
    snapshot === "latest"
      ? latest.get(s.projectId) === s.runId
      : s.key === snapshot || s.runId === snapshot,
  );
  const candidates = await Promise.all(
    matching.map(async (s) => ({ key: s.key, snapshot: await readSnapshot(store, s.key) })),
  );
  const chosen = sourceProject
    ? candidates.filter((c) =>
        [c.snapshot.project.id, c.snapshot.project.name.toLowerCase()].includes(
          sourceProject.toLowerCase(),
        ),
      )
    : candidates;
  if (chosen.length === 1) return chosen[0] as { key: string; snapshot: ProjectSnapshot };
  if (chosen.length === 0)
    throw new Error(
      `No snapshot ${snapshot}${sourceProject ? ` of project ${sourceProject}` : ""} in ${store.location}.`,
    );
  throw new Error(
    `Run ${snapshot} holds ${chosen.length} projects (${chosen.map((c) => c.snapshot.project.name).join(", ")}): name one with --source-project.`,
  );
}

const sameUrl = (a: string, b: string) =>
  a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();

export async function planRestore(
  store: ObjectStore,
  api: ReposApi,
  selection: { snapshot: string; sourceProject?: string; targetProject: string },
): Promise<RestorePlan> {
  const { key, snapshot } = await findSnapshot(store, selection.snapshot, selection.sourceProject);
  const found = await api.project(selection.targetProject);
  const targetProject = { id: found.id, name: found.name };
  const existing = await api.repositories(targetProject.id);
  const existingWikis = await api.wikis(targetProject.id);
  const taken = new Set(existing.map((r) => r.name.toLowerCase()));
  const wikiNames = new Set(existingWikis.map((w) => w.name.toLowerCase()));
  const projectWikiRepos = new Set(
    snapshot.wikis.filter((w) => w.type === "projectWiki").map((w) => w.repositoryId),
  );
  const skipped: RestorePlan["skipped"] = [];
  const repositories: PlannedRepository[] = snapshot.repositories
    .filter((r) => !projectWikiRepos.has(r.id))
    .map((r) => ({
      source: r,
      targetName: freeName(r.name, taken),
      refs: Object.keys(r.refs).length,
      lfsObjects: r.lfs.length,
      pullRequests: Object.keys(r.pullRequests.items).length,
    }));
  const wikis: PlannedWiki[] = [];
  for (const w of snapshot.wikis) {
    const repository = snapshot.repositories.find((r) => r.id === w.repositoryId);
    if (!repository) {
      skipped.push({ name: w.name, reason: "its repository is not in the snapshot" });
      continue;
    }
    if (w.type === "projectWiki" && existingWikis.some((e) => e.type === "projectWiki")) {
      skipped.push({
        name: w.name,
        reason: `${targetProject.name} already has a project wiki; restore never overwrites it`,
      });
      continue;
    }
    const wanted = w.type === "projectWiki" ? `${targetProject.name}.wiki` : w.name;
    wikis.push({ source: w, targetName: freeName(wanted, wikiNames), repository });
  }
  for (const s of snapshot.skipped)
    if (s.kind === "repository" && s.reason === "disabled")
      skipped.push({ name: s.name, reason: "disabled at backup time: not in the snapshot" });
  const policies = snapshot.policies
    ? planPolicies(
        await new ContentStore(store).getJson<StoredPolicyConfiguration[]>(snapshot.policies),
        {
          repositories: new Map(repositories.map((r) => [r.source.id, r.targetName])),
          sameOrganization: sameUrl(snapshot.organizationUrl, api.organizationUrl),
          sameProject: snapshot.project.id === targetProject.id,
        },
      )
    : { planned: [], keptAsText: [] };
  skipped.push(...policies.keptAsText);
  return {
    snapshotKey: key,
    snapshot,
    targetOrganizationUrl: api.organizationUrl,
    targetProject,
    repositories,
    wikis,
    policies: policies.planned,
    skipped,
    caveats: RESTORE_CAVEATS,
  };
}

/** The plan as lines a person reads before saying --apply. */
export function describePlan(plan: RestorePlan): string[] {
  const lines = [
    `Restore ${plan.snapshot.project.name} from snapshot ${plan.snapshot.runId} into ${plan.targetOrganizationUrl} / ${plan.targetProject.name}:`,
  ];
  for (const r of plan.repositories)
    lines.push(
      `  create repository ${r.targetName} (from ${r.source.name}): ${r.refs} refs, ${r.lfsObjects} LFS objects, ${r.pullRequests} pull requests`,
    );
  for (const w of plan.wikis)
    lines.push(
      w.source.type === "projectWiki"
        ? `  create project wiki ${w.targetName} with the pages of ${w.source.name} (${Object.keys(w.repository.refs).length} refs)`
        : `  create code wiki ${w.targetName} publishing ${w.source.mappedPath} of the restored ${w.repository.name}`,
    );
  for (const p of plan.policies) lines.push(`  create policy ${p.name}`);
  for (const s of plan.skipped) lines.push(`  skip ${s.name}: ${s.reason}`);
  for (const c of plan.caveats) lines.push(`  note: ${c}`);
  return lines;
}
