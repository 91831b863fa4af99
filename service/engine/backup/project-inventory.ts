// What a project holds for a run to back up: its repositories and wikis as listed (a wiki's
// repository counts as Wiki, the others as Repos), and its branch policies (recorded, not
// restored). A problem listing wikis or reading policies is a note, not the project's end.
import {
  type GitRepositoryInfo,
  type ProjectRef,
  type ReposApi,
  type WikiInfo,
} from "../azure-devops/repos-api";
import { AdoRequestError } from "../../../src/ado/transport";
import type { ItemNote, WikiSnapshot } from "../snapshot";
import type { ContentStore } from "../storage/content-store";
import type { BackedUpData } from "./run";

export interface ProjectInventory {
  repos: GitRepositoryInfo[];
  wikis: WikiInfo[];
  notes: ItemNote[];
}

export async function inventory(
  api: ReposApi,
  project: ProjectRef,
  data: readonly BackedUpData[],
): Promise<ProjectInventory> {
  const notes: ItemNote[] = [];
  const listed = await Promise.all([
    api.wikis(project.id).catch((e: unknown) => {
      notes.push({
        kind: "wiki",
        id: project.id,
        name: `${project.name} wikis`,
        reason: (e as Error).message,
      });
      return [];
    }),
    api.repositories(project.id),
  ]);
  let wikis: WikiInfo[] = listed[0];
  const all = listed[1];
  const wikiRepos = new Set(
    wikis.filter((w) => w.type === "projectWiki").map((w) => w.repositoryId),
  );
  const repos = all.filter((r) =>
    wikiRepos.has(r.id) ? data.includes("wiki") : data.includes("repos"),
  );
  if (!data.includes("wiki")) wikis = [];
  return { repos, wikis, notes };
}

export function wikiSnapshot(w: WikiInfo): WikiSnapshot {
  const version = w.versions?.[0]?.version;
  return {
    id: w.id,
    name: w.name,
    type: w.type,
    repositoryId: w.repositoryId,
    mappedPath: w.mappedPath ?? "/",
    ...(version ? { version } : {}),
  };
}

/** Branch policies are recorded (not restored); a server without the Policy area is noted. */
export async function backupPolicies(
  api: ReposApi,
  content: ContentStore,
  project: ProjectRef,
  notes: { skipped: ItemNote[]; failed: ItemNote[] },
): Promise<string | undefined> {
  try {
    return await content.putJson(await api.policyConfigurations(project.id));
  } catch (e) {
    const name = `${project.name} policies`;
    if (e instanceof AdoRequestError && e.status === 404)
      notes.skipped.push({
        kind: "policies",
        id: project.id,
        name,
        reason: "not offered by this server",
      });
    else
      notes.failed.push({ kind: "policies", id: project.id, name, reason: (e as Error).message });
    return undefined;
  }
}
