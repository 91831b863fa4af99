// Branch policies and repository settings (the Policy area's configurations) in a restore: a
// configuration scoped to restored repositories is created again on the NEW repositories (its
// scope re-pointed at their ids). What the target cannot take as it was is not created and is
// kept as text in the plan, with why: a policy over every repository of the project (creating it
// would change the target's other repositories), one naming users or groups when the target is
// another organization (its ids name nobody there), one running a build pipeline of another
// project, and one whose repositories are not restored.
import type { ReposApi } from "../azure-devops/repos-api";

export interface PolicyScope {
  repositoryId?: string | null;
  refName?: string;
  matchKind?: string;
}

/** A policy configuration as the backup read it (`GET {project}/_apis/policy/configurations`). */
export interface StoredPolicyConfiguration {
  id?: number;
  isEnabled?: boolean;
  isBlocking?: boolean;
  isDeleted?: boolean;
  type?: { id?: string; displayName?: string };
  settings?: Record<string, unknown> & { scope?: PolicyScope[] };
}

export interface PlannedPolicy {
  /** In words: "Minimum number of reviewers on fiber-app (refs/heads/main)". */
  name: string;
  configuration: StoredPolicyConfiguration;
}

export interface PolicyTarget {
  /** Source repository id → the restored repository's name, for the repositories being restored. */
  repositories: Map<string, string>;
  sameOrganization: boolean;
  sameProject: boolean;
}

function describeScope(scope: PolicyScope[], names: Map<string, string>): string {
  return scope
    .map((s) => {
      const repo = s.repositoryId
        ? (names.get(s.repositoryId) ?? s.repositoryId)
        : "every repository";
      return s.refName ? `${repo} (${s.refName}${s.matchKind === "prefix" ? "*" : ""})` : repo;
    })
    .join(", ");
}

/** Why the configuration cannot be created in the target as it was; undefined when it can. */
function whyNot(c: StoredPolicyConfiguration, target: PolicyTarget): string | undefined {
  const scope = c.settings?.scope ?? [];
  if (scope.length === 0 || scope.some((s) => !s.repositoryId))
    return "it applies to every repository of the project; creating it would change the target's other repositories";
  if (scope.some((s) => !target.repositories.has(s.repositoryId as string)))
    return "its repository is not restored";
  const reviewers = c.settings?.requiredReviewerIds;
  if (!target.sameOrganization && Array.isArray(reviewers) && reviewers.length > 0)
    return `it names users or groups of the source organization (${reviewers.join(", ")}), which the target organization does not know`;
  if (!target.sameProject && c.settings?.buildDefinitionId !== undefined)
    return `it runs build pipeline ${String(c.settings.buildDefinitionId)} of the source project, which the target project does not have`;
  return undefined;
}

/** Which configurations are created on the new repositories, and which are kept as text. */
export function planPolicies(
  configurations: StoredPolicyConfiguration[],
  target: PolicyTarget,
): { planned: PlannedPolicy[]; keptAsText: { name: string; reason: string }[] } {
  const planned: PlannedPolicy[] = [];
  const keptAsText: { name: string; reason: string }[] = [];
  for (const c of configurations) {
    if (c.isDeleted) continue;
    const type = c.type?.displayName ?? c.type?.id ?? "Policy";
    const name = `${type} on ${describeScope(c.settings?.scope ?? [], target.repositories)}`;
    const reason = whyNot(c, target);
    if (reason)
      keptAsText.push({
        name: `policy ${name}`,
        reason: `${reason}. Not created; as backed up: ${JSON.stringify(c.settings ?? {})}`,
      });
    else planned.push({ name, configuration: c });
  }
  return { planned, keptAsText };
}

/** Creates the planned configuration on the new repositories (source id → new id). */
export async function createPolicy(
  api: ReposApi,
  projectId: string,
  policy: PlannedPolicy,
  restoredIds: Map<string, string>,
): Promise<void> {
  const c = policy.configuration;
  const scope = (c.settings?.scope ?? []).map((s) => {
    const repositoryId = restoredIds.get(s.repositoryId ?? "");
    if (!repositoryId) throw new Error(`its repository ${s.repositoryId ?? ""} was not restored`);
    return { ...s, repositoryId };
  });
  await api.createPolicyConfiguration(projectId, {
    isEnabled: c.isEnabled !== false,
    isBlocking: c.isBlocking === true,
    type: { id: c.type?.id },
    settings: { ...c.settings, scope },
  });
}
