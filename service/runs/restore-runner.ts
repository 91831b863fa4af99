// Restore from the hub: works out a plan (creating nothing) and starts an apply of exactly the
// plan the admin confirmed. Both act as the account that connected the organization, so the
// plan sees the target project as the apply will. The apply works the plan out again first: if
// the target changed since (a name got taken), it refuses rather than create something else.
// Beyond Repos and Wikis, the chosen data types are planned and applied too (restore-data-plan.ts).
import { AdoRequestError, AdoUnavailableError } from "../../src/ado/transport";
import type { Actor } from "../../src/core/scope";
import type {
  RestorePlanWire,
  RestoreRequest,
  RestoreSnapshotWire,
  StartRestoreResponse,
} from "../../src/core/service-api";
import { ReposApi, newRunId, planRestore } from "../engine";
import { snapshotKey } from "../engine/snapshot";
import { ServiceError } from "../http/errors";
import { type Identity, IdentityProblem } from "../identity";
import { destinationOf } from "./run-executor";
import { type RestoreExecutorDeps, executeRestore } from "./restore-executor";
import { type DataTypesPlan, planDataTypes, waitingParts } from "./restore-data-plan";
import { planIdOf, planWire } from "./restore-plan-wire";
import { restorableSnapshot, restorableSnapshots } from "./restore-sources";
import { createRestore } from "./restore-store";

export interface RestoreRunnerDeps extends RestoreExecutorDeps {
  identity: Identity;
  azureDevOpsUrl: string;
  /** 409 connectionRequired in words when the organization is not connected (BackupRunner's). */
  requireConnection: (organization: string) => Promise<void>;
}

interface WorkedOutPlan {
  planned: DataTypesPlan;
  source: RestoreSnapshotWire;
  api: ReposApi;
}

/** Why no plan could be worked out, in words for the admin (the service's error body). */
function planProblem(e: unknown, organization: string, target: string): unknown {
  if (e instanceof AdoRequestError && e.status === 404)
    return new ServiceError(
      404,
      "notFound",
      `${organization} has no project named ${target}. Name an existing project of the organization to restore into (another organization: use npm run restore).`,
    );
  // The connection was refused on the way (revoked, or no longer a PCA): the admin reconnects.
  if (e instanceof IdentityProblem) return new ServiceError(e.status, e.code, e.message);
  if (e instanceof AdoRequestError || e instanceof AdoUnavailableError)
    return new ServiceError(
      502,
      "internal",
      `Azure DevOps did not answer about ${target} as the connected account: ${e.message}`,
    );
  return e;
}

export class RestoreRunner {
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly deps: RestoreRunnerDeps) {}

  snapshots(organization: string): Promise<RestoreSnapshotWire[]> {
    return restorableSnapshots(
      this.deps.db,
      destinationOf(this.deps.runs, organization),
      organization,
    );
  }

  private async workOut(organization: string, request: RestoreRequest): Promise<WorkedOutPlan> {
    await this.deps.requireConnection(organization);
    const source = await restorableSnapshot(this.deps.db, organization, request);
    const api = new ReposApi(
      `${this.deps.azureDevOpsUrl}/${organization}`,
      this.deps.identity.organizationAuthorization(organization),
    );
    const store = destinationOf(this.deps.runs, organization);
    try {
      const plan = await planRestore(store, api, {
        snapshot: snapshotKey(source.projectId, source.runId),
        targetProject: request.targetProject,
      });
      const planned = await planDataTypes(
        {
          store,
          api,
          authorization: this.deps.identity.organizationAuthorization(organization),
          held: source.dataTypes ?? ["repos", "wiki"],
          choice: request,
        },
        plan,
      );
      return { planned, source, api };
    } catch (e) {
      throw planProblem(e, organization, request.targetProject);
    }
  }

  /** The plan in the hub's words; nothing is created. */
  async plan(organization: string, request: RestoreRequest): Promise<RestorePlanWire> {
    const { planned, source } = await this.workOut(organization, request);
    return planWire(planned, source, organization);
  }

  /** Records and starts the apply of the plan named `planId`, or answers the live restore. */
  async start(
    organization: string,
    requestedBy: Actor,
    request: RestoreRequest & { planId: string },
  ): Promise<StartRestoreResponse> {
    if (this.closed) throw new ServiceError(503, "internal", "The service is stopping.");
    const { planned, source, api } = await this.workOut(organization, request);
    const { plan, parts, chosen } = planned;
    if (planIdOf(planned) !== request.planId)
      throw new ServiceError(
        409,
        "badRequest",
        `The restore plan changed since it was shown (something in ${plan.targetProject.name} changed). Nothing was restored: show the plan again and check it.`,
      );
    const now = this.deps.now();
    const created = await createRestore(
      this.deps.db,
      {
        restoreId: newRunId(now),
        organization,
        requestedBy,
        itemsTotal: plan.repositories.length + plan.wikis.length + plan.policies.length,
        dataTypes: waitingParts(parts),
        audit: {
          source: {
            runId: source.runId,
            projectId: source.projectId,
            projectName: plan.snapshot.project.name,
          },
          target: { projectId: plan.targetProject.id, projectName: plan.targetProject.name },
          repositories: plan.repositories.map((r) => r.targetName),
          wikis: plan.wikis.map((w) => w.targetName),
          dataTypes: chosen,
        },
      },
      now,
    );
    if (created.alreadyRunning) return created;
    const work = executeRestore(this.deps, {
      restoreId: created.restoreId,
      organization,
      plan,
      parts,
      api,
      authorization: this.deps.identity.organizationAuthorization(organization),
      store: destinationOf(this.deps.runs, organization),
    }).finally(() => this.running.delete(work));
    this.running.add(work);
    return created;
  }

  /** Waits for this process's restores to end (the service is closing). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running]);
  }
}
