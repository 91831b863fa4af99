// What the organization says about itself and the signed-in user: its Entra tenant, whether the
// user is a Project Collection Administrator, and its projects.
import { CoreRestClient } from "azure-devops-extension-api/Core";
import type { ProjectRef } from "../core/scope";
import { createRestClient } from "./restClients";
import { type AdoTransport, acceptHeader } from "./transport";

/** Security namespace "Collection"; GENERIC_WRITE (2) is "edit instance-level information". */
const COLLECTION_NAMESPACE = "3e65f728-f8bc-4ecd-8764-7e378b19bfa7";
const GENERIC_WRITE = 2;
const NO_TENANT = "00000000-0000-0000-0000-000000000000";
/** The most projects one request may ask for (the emulator enforces the same cap). */
export const PROJECTS_PAGE_SIZE = 1000;

export type TenantInfo =
  | { kind: "entra"; tenantId: string }
  | { kind: "none" } // backed by Microsoft accounts: no tenant to consent in
  | { kind: "unknown" }; // the header was not readable from this frame: ask the admin

export interface ProjectsPage {
  projects: ProjectRef[];
  loaded: number;
  done: boolean;
}

export class OrganizationService {
  private readonly core: CoreRestClient;

  constructor(
    private readonly transport: AdoTransport,
    private readonly rootPath: Promise<string>,
  ) {
    this.core = createRestClient(CoreRestClient, transport, rootPath);
  }

  /** The organization's Entra tenant, from the X-VSS-ResourceTenant header every answer carries. */
  async tenant(): Promise<TenantInfo> {
    const root = await this.rootPath;
    const response = await this.transport.request(`${root}_apis/connectionData`, {
      headers: { Accept: acceptHeader("7.1-preview") },
    });
    await response.body?.cancel();
    const tenant = response.headers.get("X-VSS-ResourceTenant");
    if (!tenant) return { kind: "unknown" };
    const first = tenant.split(",")[0]?.trim() ?? "";
    return !first || first === NO_TENANT ? { kind: "none" } : { kind: "entra", tenantId: first };
  }

  /** Guidance only (DESIGN §6): whoever consumes the scope re-checks its author. */
  async isCollectionAdmin(): Promise<boolean> {
    const root = await this.rootPath;
    const url = `${root}_apis/permissions/${COLLECTION_NAMESPACE}/${GENERIC_WRITE}?tokens=NAMESPACE&alwaysAllowAdministrators=false`;
    const answer = await this.transport.requestJson<boolean[] | { value: boolean[] }>(url, {
      headers: { Accept: acceptHeader("7.1") },
    });
    const values = Array.isArray(answer) ? answer : answer.value;
    return values[0] === true;
  }

  /** One project by id or name (one request): for a context that named only one of them. */
  async project(idOrName: string): Promise<ProjectRef> {
    const p = await this.core.getProject(idOrName);
    return { id: p.id, name: p.name };
  }

  /** Every project, a page at a time through continuation tokens; `onPage` sees each page arrive. */
  async listProjects(onPage?: (page: ProjectsPage) => void): Promise<ProjectRef[]> {
    const all: ProjectRef[] = [];
    let token: string | undefined;
    do {
      // The api client types the token as a number; the service sends an opaque string.
      const page = await this.core.getProjects(
        undefined,
        PROJECTS_PAGE_SIZE,
        undefined,
        token as unknown as number,
      );
      for (const p of page) all.push({ id: p.id, name: p.name });
      token = page.continuationToken || undefined;
      onPage?.({ projects: all, loaded: all.length, done: !token });
    } while (token);
    return all;
  }
}
