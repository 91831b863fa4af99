// Wires the panel to the Azure DevOps host and the backup service: the project comes from what the entry point was given
// (an action context, the dialog's configuration) and, when that is not enough, from the page
// data service or one REST lookup.
import { type HostSession, currentProject } from "../../ado/host";
import type { ProjectTarget } from "../../core/project-scope";
import type { ProjectRef } from "../../core/scope";
import { BackupRunsClient } from "../../service/backup-runs";
import { backupServiceFor } from "../../service/marketplace-credentials";
import type { ProjectScopeServices } from "./use-project-scope";

export class ProjectNotFoundError extends Error {
  constructor() {
    super("This page did not say which project it is about. Open the project and try again.");
    this.name = "ProjectNotFoundError";
  }
}

export async function resolveProject(
  target: ProjectTarget,
  session: Pick<HostSession, "organizationService">,
): Promise<ProjectRef> {
  if (target.kind === "project") return target.project;
  if (target.kind === "partial") {
    const key = target.id ?? target.name;
    if (key) return session.organizationService.project(key);
  }
  const fromPage = await currentProject();
  if (!fromPage) throw new ProjectNotFoundError();
  return fromPage;
}

export function projectScopeServices(
  session: HostSession,
  project: () => Promise<ProjectRef>,
): ProjectScopeServices {
  // The same client and rules as the hub: the service answers who may act, and the tenant.
  const service = backupServiceFor(session);
  return {
    user: { id: session.user.id, displayName: session.user.displayName },
    organizationName: session.organization.name,
    project,
    isCollectionAdmin: () => service.isCollectionAdmin(),
    tenant: () => service.tenant(),
    store: service,
    backupRuns: new BackupRunsClient(service),
  };
}

/** Keeps the host's frame as tall as the content, as the dialog grows and shrinks. */
export function followContentHeight(resize: () => void): void {
  resize();
  new ResizeObserver(() => resize()).observe(document.body);
}
