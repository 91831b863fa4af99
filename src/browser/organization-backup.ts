// One organization's backup scope as the browser extension sees it: the project from Azure
// DevOps, the scope from the backup service through the same client, model and draft rules as the
// hub, so a change from the popup is checked (PCA) and recorded by the service like the hub's.
import { CoreRestClient } from "azure-devops-extension-api/Core";
import { OrganizationService, type TenantInfo } from "../ado/organization";
import { createRestClient } from "../ado/rest-clients";
import { AdoRequestError, AdoTransport, acceptHeader } from "../ado/transport";
import { ProjectNotFoundError } from "../core/project-not-found";
import { type ProjectScopeView, projectScopeView } from "../core/project-scope";
import type { Actor, ProjectRef } from "../core/scope";
import { changesOf, draftOf, setProtected } from "../core/scope-draft";
import type { ScopeRepository, ScopeSnapshot } from "../core/scope-store";

/**
 * The project's place in the backup scope: the one model the project panel shows too
 * (core's ProjectScopeView), and why this user cannot change it, if so.
 */
export interface ProjectBackupState extends ProjectScopeView {
  /** Why the scope cannot be changed now by this user (not a PCA, no tenant), if so. */
  blocked?: string;
}

export type ProtectOutcome =
  | { kind: "saved"; state: ProjectBackupState }
  | { kind: "unchanged"; state: ProjectBackupState }
  | { kind: "conflict"; state: ProjectBackupState; by: string };

/** The organization's tenant, asked without a token: Azure DevOps names it on every answer. */
export async function tenantOf(orgUrl: string, fetchImpl?: typeof fetch): Promise<TenantInfo> {
  // An empty Authorization header is an anonymous request; connectionData answers it.
  const transport = new AdoTransport({
    authorizationHeader: async () => "",
    fetch: fetchImpl,
    maxAttempts: 3,
  });
  return new OrganizationService(transport, Promise.resolve(orgUrl)).tenant();
}

interface ConnectionData {
  authenticatedUser?: {
    id?: string;
    providerDisplayName?: string;
    customDisplayName?: string;
    metaTypeId?: number;
  };
}

export class OrganizationBackup {
  private readonly core: CoreRestClient;

  constructor(
    private readonly orgUrl: string,
    private readonly transport: AdoTransport,
    /** The backup service's client for this organization (src/service/backup-service.ts). */
    private readonly store: Pick<ScopeRepository, "load" | "save">,
  ) {
    this.core = createRestClient(CoreRestClient, transport, orgUrl);
  }

  /** The signed-in user as the organization knows them: the audit record names this identity. */
  async actor(): Promise<Actor> {
    const data = await this.transport.requestJson<ConnectionData>(
      `${this.orgUrl}_apis/connectionData`,
      {
        headers: { Accept: acceptHeader("7.1-preview") },
      },
    );
    const user = data.authenticatedUser;
    // metaTypeId 255 is the anonymous identity: the token was not accepted as a user.
    if (!user?.id || user.metaTypeId === 255) {
      throw new AdoRequestError(
        401,
        `${this.orgUrl}_apis/connectionData`,
        "Azure DevOps did not recognise the signed-in user.",
        undefined,
      );
    }
    return {
      id: user.id,
      displayName: user.customDisplayName || user.providerDisplayName || user.id,
    };
  }

  async project(name: string): Promise<ProjectRef> {
    try {
      const p = await this.core.getProject(name);
      if (!p?.id) throw new ProjectNotFoundError(name);
      return { id: p.id, name: p.name };
    } catch (e) {
      if (e instanceof AdoRequestError && e.status === 404) throw new ProjectNotFoundError(name);
      throw e;
    }
  }

  async state(projectName: string): Promise<ProjectBackupState> {
    const [project, snapshot] = await Promise.all([this.project(projectName), this.store.load()]);
    return stateOf(snapshot, project);
  }

  /** Adds the project to the backup scope, or removes it, with the hub's draft and save rules. */
  async setProtected(
    projectName: string,
    wantProtected: boolean,
    actor: Actor,
    opId: string,
  ): Promise<ProtectOutcome> {
    const [project, snapshot] = await Promise.all([this.project(projectName), this.store.load()]);
    const { scope } = snapshot;
    const draft = setProtected(scope, draftOf(scope), [project], wantProtected);
    const changes = changesOf(scope, draft, new Map([[project.id, project.name]]));
    if (changes.projects.length === 0)
      return { kind: "unchanged", state: stateOf(snapshot, project) };
    const result = await this.store.save(snapshot, changes.projects, changes.settings, {
      actor,
      opId,
    });
    const state = stateOf(result.snapshot, project);
    const conflict = result.conflicts[0];
    if (conflict)
      return {
        kind: "conflict",
        state,
        by: conflict.theirs?.changedBy.displayName ?? "another administrator",
      };
    return { kind: "saved", state };
  }
}

function stateOf(snapshot: ScopeSnapshot, project: ProjectRef): ProjectBackupState {
  const state: ProjectBackupState = projectScopeView(snapshot.scope, project);
  const problem = snapshot.problems[0];
  const facts = snapshot.organization;
  // The service's answers decide (docs/architecture.md#security-rules); the popup only says them.
  if (problem) state.blocked = problem.message;
  else if (facts && !facts.tenantId)
    state.blocked =
      "This organization is not connected to a Microsoft Entra tenant, so it cannot be backed up.";
  else if (facts && !facts.caller.isCollectionAdmin)
    state.blocked =
      "Only a Project Collection Administrator can change the backup scope. You are not a member of the Project Collection Administrators group of this organization.";
  return state;
}
