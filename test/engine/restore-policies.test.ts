// Branch policies and repository settings come back with a restore, on the NEW repositories:
// what the target can take is created there (its scope pointed at the new repository); what it
// cannot take as it was is kept as text in the plan with why (users or groups of another
// organization, a build pipeline of another project, a policy over every repository).
import { ReposApi } from "../../service/engine/azure-devops/repos-api";
import { describePlan, planRestore } from "../../service/engine/restore/plan";
import type { StoredPolicyConfiguration } from "../../service/engine/restore/policies";
import { applyToTarget, backUpSource, bearer, planIntoRecovered, useEngineRig } from "./support";

jest.setTimeout(180_000);

const rig = useEngineRig("restore-policies");

beforeAll(async () => {
  const result = await backUpSource(rig, ["Fabrikam Fiber"]);
  expect(result.failedCount).toBe(0);
});

test("into another organization: the repository's own policies are created on the new repository, the rest kept as text", async () => {
  const { api, plan } = await planIntoRecovered(rig, "Fabrikam Fiber");
  expect(plan.policies.map((p) => p.name).sort()).toEqual([
    "Git repository settings on fiber-app",
    "Minimum number of reviewers on fiber-app (refs/heads/main)",
  ]);
  const kept = new Map(plan.skipped.map((s) => [s.name, s.reason]));
  expect(kept.get("policy Required reviewers on fiber-app (refs/heads/main)")).toMatch(
    /names users or groups of the source organization .*as backed up: .*requiredReviewerIds/,
  );
  expect(kept.get("policy Build on fiber-app (refs/heads/main)")).toMatch(
    /runs build pipeline 1 of the source project/,
  );
  expect(kept.get("policy Comment requirements on every repository (refs/heads/main)")).toMatch(
    /applies to every repository of the project/,
  );
  expect(describePlan(plan)).toContain(
    "  create policy Minimum number of reviewers on fiber-app (refs/heads/main)",
  );

  const result = await applyToTarget(rig, api, plan, "restore");
  expect(result.failed).toEqual([]);
  expect(result.created.filter((c) => c.kind === "policy")).toHaveLength(2);
  const app = (await api.repositories("Recovered")).find((r) => r.name === "fiber-app");
  const created = (await api.policyConfigurations("Recovered")) as StoredPolicyConfiguration[];
  expect(created).toHaveLength(2);
  const reviewers = created.find((c) => c.type?.displayName === "Minimum number of reviewers");
  expect(reviewers).toMatchObject({
    isEnabled: true,
    isBlocking: true,
    settings: {
      minimumApproverCount: 2,
      creatorVoteCounts: false,
      scope: [{ repositoryId: app?.id, refName: "refs/heads/main", matchKind: "exact" }],
    },
  });
  const settings = created.find((c) => c.type?.displayName === "Git repository settings");
  expect(settings?.settings).toEqual({
    enforceConsistentCase: true,
    scope: [{ repositoryId: app?.id }],
  });
});

test("into another project of the same organization: reviewers are kept, another project's pipeline is not", async () => {
  const plan = await planRestore(rig.store, new ReposApi(rig.source.orgUrl, bearer(rig.source)), {
    snapshot: "latest",
    sourceProject: "Fabrikam Fiber",
    targetProject: "Fabrikam Web",
  });
  expect(plan.policies.map((p) => p.name)).toContain(
    "Required reviewers on fiber-app (refs/heads/main)",
  );
  expect(plan.skipped.map((s) => s.name)).toContain("policy Build on fiber-app (refs/heads/main)");
});
