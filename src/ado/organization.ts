// What the organization says about itself and the signed-in user: its Entra tenant, whether the
// user is a Project Collection Administrator, and its projects.
import type { CoreRestClient } from "azure-devops-extension-api/Core";
import type { ProjectRef } from "../core/scope";
import {
  tenantOfIdentityDescriptor,
  tenantOfResourceTenantHeader,
  type TenantInfo,
} from "./resource-tenant";
import { type AdoTransport, acceptHeader, parseVssJson } from "./transport";

export type { TenantInfo } from "./resource-tenant";

/** Security namespace "Collection"; GENERIC_WRITE (2) is "edit instance-level information". */
const COLLECTION_NAMESPACE = "3e65f728-f8bc-4ecd-8764-7e378b19bfa7";
const GENERIC_WRITE = 2;
/** The most projects one request may ask for (the emulator enforces the same cap). */
export const PROJECTS_PAGE_SIZE = 1000;
/**
 * Pages of projects listed in the first two rounds (one, then the rest at once): 10,000 projects in
 * two round trips. A bound on parallel requests of one identity, which share one rate-limit budget.
 */
export const PROJECT_PAGES_AT_ONCE = 10;

export interface ProjectsPage {
  projects: ProjectRef[];
  loaded: number;
  done: boolean;
}

/**
 * The api version of Core's projects route, as azure-devops-extension-api's CoreRestClient sends it
 * (`getProjects`, routeTemplate `_apis/projects/{*projectId}`).
 */
const PROJECTS_API_VERSION = "7.2-preview.4";

export class OrganizationService {
  /**
   * The api's Core client (with its REST client base, URL templating and fetch polyfill) is loaded
   * only when a caller needs one project: listing, the hub's first screen, sends the one route
   * itself and keeps that code out of the first load.
   */
  private core: Promise<CoreRestClient> | undefined;

  constructor(
    private readonly transport: AdoTransport,
    private readonly rootPath: Promise<string>,
  ) {}

  private coreClient(): Promise<CoreRestClient> {
    this.core ??= Promise.all([
      import("azure-devops-extension-api/Core"),
      import("./rest-clients"),
    ]).then(([{ CoreRestClient: Client }, { createRestClient }]) =>
      createRestClient(Client, this.transport, this.rootPath),
    );
    return this.core;
  }

  /**
   * The organization's Entra tenant, from the X-VSS-ResourceTenant header every answer carries; if
   * this frame cannot read the header (CORS does not expose it), from the signed-in identity's
   * descriptor in the same answer.
   */
  async tenant(): Promise<TenantInfo> {
    const root = await this.rootPath;
    const response = await this.transport.request(`${root}_apis/connectionData`, {
      headers: { Accept: acceptHeader("7.1-preview") },
    });
    const header = response.headers.get("X-VSS-ResourceTenant");
    if (header) {
      await response.body?.cancel();
      return tenantOfResourceTenantHeader(header);
    }
    const data = parseVssJson<{ authenticatedUser?: { descriptor?: string } } | undefined>(
      await response.text(),
    );
    return tenantOfIdentityDescriptor(data?.authenticatedUser?.descriptor);
  }

  /** Guidance only (docs/architecture.md#security-rules): whoever consumes the scope re-checks its author. */
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
    const p = await (await this.coreClient()).getProject(idOrName);
    return { id: p.id, name: p.name };
  }

  /**
   * Every project, de-duplicated by id, in at most two sequential rounds for up to
   * PROJECTS_PAGE_SIZE × PROJECT_PAGES_AT_ONCE projects: the first page, then the pages after it in
   * parallel by `$skip` (the continuation token is the next page's offset). Projects created or
   * deleted meanwhile shift the offsets: one may come twice (kept once) or be missed until the next
   * listing. `onPage` sees the listing grow as pages arrive.
   */
  async listProjects(onPage?: (page: ProjectsPage) => void): Promise<ProjectRef[]> {
    const listing = new ProjectListing();
    const report = (done: boolean): void =>
      onPage?.({ projects: listing.projects(), loaded: listing.size, done });
    const first = await this.projectsPage(0);
    listing.add(first.projects);
    let next = first.nextOffset;
    let pagesAtOnce = PROJECT_PAGES_AT_ONCE - 1; // the first page was one of them
    if (next !== undefined) report(false);
    while (next !== undefined) {
      const from = next;
      const offsets = Array.from({ length: pagesAtOnce }, (_, i) => from + i * PROJECTS_PAGE_SIZE);
      pagesAtOnce = PROJECT_PAGES_AT_ONCE;
      const pages = await Promise.all(
        offsets.map(async (offset) => {
          const page = await this.projectsPage(offset);
          listing.add(page.projects);
          report(false);
          return page;
        }),
      );
      next = pages[pages.length - 1]?.nextOffset;
    }
    report(true);
    return listing.projects();
  }

  /**
   * One page from `offset` (the request CoreRestClient.getProjects sends: `$top`, `$skip` when not
   * 0); `nextOffset` from the continuation token, when there are more.
   */
  private async projectsPage(
    offset: number,
  ): Promise<{ projects: ProjectRef[]; nextOffset: number | undefined }> {
    const root = await this.rootPath;
    const query = new URLSearchParams({ $top: String(PROJECTS_PAGE_SIZE) });
    if (offset) query.set("$skip", String(offset));
    const response = await this.transport.request(`${root}_apis/projects?${query.toString()}`, {
      headers: { Accept: acceptHeader(PROJECTS_API_VERSION) },
    });
    const continuationToken = response.headers.get("x-ms-continuationtoken");
    const body = parseVssJson<
      { id: string; name: string }[] | { value: { id: string; name: string }[] }
    >(await response.text());
    const page = Array.isArray(body) ? body : body.value;
    const token = Number(continuationToken);
    return {
      projects: page.map((p) => ({ id: p.id, name: p.name })),
      // The token is the next page's offset; anything else we cannot page from in parallel.
      nextOffset:
        continuationToken && Number.isInteger(token) && token > offset ? token : undefined,
    };
  }
}

/** The projects listed so far, each once, in the order first seen. */
class ProjectListing {
  private readonly byId = new Map<string, ProjectRef>();

  add(projects: readonly ProjectRef[]): void {
    for (const p of projects) if (!this.byId.has(p.id)) this.byId.set(p.id, p);
  }

  get size(): number {
    return this.byId.size;
  }

  projects(): ProjectRef[] {
    return [...this.byId.values()];
  }
}
