// The organization chrome and its pages: Organization settings (Overview, Projects, contributed
// hubs), a project's overview with its toolbar menu, and Project settings.
import {
  contributionsTargeting,
  findContribution,
  orgUrl,
  shortContributionId,
  stringProperty,
  type HostBoot,
} from "./boot";
import type { ActionHost } from "./actions";
import { hostContribution } from "./contribution-frame";
import { readJson } from "./control-api";
import { el } from "./dom";
import type { HostPage } from "./host-page";
import { menuButton } from "./menu";

export const targets = {
  orgHubs: "ms.vss-web.collection-admin-hub-group",
  projectHubs: "ms.vss-web.project-admin-hub-group",
  projectsGridMenu: "ms.vss-admin-web.projects-grid-menu",
  projectToolbarMenu: "ms.vss-admin-web.project-overview-toolbar-menu",
} as const;

interface NavLink {
  text: string;
  href: string;
  current: boolean;
}

export function leftNav(label: string, links: NavLink[]): HTMLElement {
  return el(
    "nav",
    { class: "left-nav", "aria-label": label },
    el("h2", { class: "left-nav-title" }, label),
    el(
      "ul",
      {},
      ...links.map((l) =>
        el(
          "li",
          {},
          el("a", { href: l.href, "aria-current": l.current ? "page" : undefined }, l.text),
        ),
      ),
    ),
  );
}

export function orgSettingsNav(boot: HostBoot): HTMLElement {
  const base = `${orgUrl(boot)}/_settings`;
  const route = boot.route;
  return leftNav("Organization settings", [
    {
      text: "Overview",
      href: `${base}/overview`,
      current: route.kind === "org-settings" && isOverview(boot),
    },
    { text: "Projects", href: `${base}/projects`, current: route.kind === "projects" },
    ...contributionsTargeting(boot, targets.orgHubs).map((c) => ({
      text: stringProperty(c, "name") ?? c.id,
      href: `${base}/${shortContributionId(boot, c)}`,
      current: route.kind === "org-settings" && route.hubId === shortContributionId(boot, c),
    })),
  ]);
}

export function projectSettingsNav(boot: HostBoot, project: { name: string }): HTMLElement {
  const base = `${orgUrl(boot)}/${encodeURIComponent(project.name)}/_settings`;
  return leftNav("Project settings", [
    {
      text: "Overview",
      href: `${orgUrl(boot)}/${encodeURIComponent(project.name)}`,
      current: false,
    },
    ...contributionsTargeting(boot, targets.projectHubs).map((c) => ({
      text: stringProperty(c, "name") ?? c.id,
      href: `${base}/${shortContributionId(boot, c)}`,
      current: boot.route.hubId === shortContributionId(boot, c),
    })),
  ]);
}

function isOverview(boot: HostBoot): boolean {
  const hub = boot.route.hubId;
  return !hub || hub === "overview" || hub === "organizationOverview";
}

/** A contributed hub filling the main area. */
export function hubPage(page: HostPage, main: HTMLElement, target: string): void {
  const { boot } = page;
  const hub = boot.route.hubId ? findContribution(boot, boot.route.hubId) : undefined;
  if (!hub || !hub.targets?.includes(target)) {
    main.append(
      el("h1", {}, "Page not found"),
      el("p", {}, `There is no settings page "${boot.route.hubId ?? ""}".`),
    );
    return;
  }
  const title = stringProperty(hub, "name") ?? hub.id;
  main.append(el("h1", { class: "visually-hidden" }, title));
  document.title = `${title} - Settings`;
  hostContribution(page, main, hub, "hub");
}

export function overviewPage(boot: HostBoot, main: HTMLElement): void {
  const org = boot.organization;
  main.append(
    el("h1", {}, "Overview"),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Organization"),
      el("dd", {}, org.name),
      el("dt", {}, "Organization id"),
      el("dd", {}, org.id),
      el("dt", {}, "Microsoft Entra tenant"),
      el("dd", {}, org.tenantId || "None (Microsoft accounts)"),
    ),
  );
}

interface ProjectRow {
  id: string;
  name: string;
  description?: string;
  state?: string;
  lastUpdateTime?: string;
}

const pageSize = 100;

/** The projects list, paged through the REST API with the signed-in user's token. */
export function projectsPage(page: HostPage, actions: ActionHost, main: HTMLElement): void {
  const { boot } = page;
  actions.preload(targets.projectsGridMenu);
  const status = el("p", { role: "status", class: "muted" }, "Loading projects…");
  const body = el("tbody");
  const more = el(
    "button",
    { type: "button", class: "button", hidden: true },
    "Load more projects",
  );
  main.append(
    el("h1", {}, "Projects"),
    status,
    el(
      "table",
      { class: "grid", "aria-label": "Projects" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col" }, "Name"),
          el("th", { scope: "col" }, "Description"),
          el("th", { scope: "col" }, "Last updated"),
          el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Actions")),
        ),
      ),
      body,
    ),
    more,
  );
  let shown = 0;
  let continuation: string | null = null;

  const load = async (): Promise<void> => {
    more.disabled = true;
    try {
      const url = new URL(`${orgUrl(boot)}/_apis/projects`);
      url.searchParams.set("$top", String(pageSize));
      if (continuation) url.searchParams.set("continuationToken", continuation);
      const response = await fetch(url, {
        headers: {
          Accept: "application/json;api-version=7.1",
          Authorization: `Bearer ${await page.tokens.get("access")}`,
        },
      });
      continuation = response.headers.get("x-ms-continuationtoken");
      const json = await readJson<ProjectRow[] | { value: ProjectRow[] }>(response);
      const rows = Array.isArray(json) ? json : json.value;
      body.append(...rows.map((p) => projectRow(page, actions, p)));
      shown += rows.length;
      status.textContent = `${shown} project${shown === 1 ? "" : "s"}${continuation ? " shown; more are available" : ""}`;
      more.hidden = !continuation;
    } catch (e) {
      status.setAttribute("role", "alert");
      status.textContent = `Could not load projects: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener("click", () => void load());
  void load();
}

function projectRow(page: HostPage, actions: ActionHost, p: ProjectRow): HTMLElement {
  const context = { id: p.id, name: p.name, state: p.state ?? "wellFormed" };
  return el(
    "tr",
    {},
    el(
      "th",
      { scope: "row" },
      el("a", { href: `${orgUrl(page.boot)}/${encodeURIComponent(p.name)}` }, p.name),
    ),
    el("td", {}, p.description ?? ""),
    el("td", {}, p.lastUpdateTime ? new Date(p.lastUpdateTime).toLocaleDateString("en-US") : ""),
    el(
      "td",
      { class: "row-actions" },
      menuButton({
        label: `More actions for ${p.name}`,
        text: "⋯",
        loadItems: () => actions.menuItems(targets.projectsGridMenu, context),
      }),
    ),
  );
}

export function projectOverviewPage(page: HostPage, actions: ActionHost, main: HTMLElement): void {
  const project = page.boot.route.project;
  if (!project) {
    main.append(el("h1", {}, "Project not found"));
    return;
  }
  actions.preload(targets.projectToolbarMenu);
  document.title = `${project.name} - Overview`;
  main.append(
    el(
      "div",
      { class: "page-header" },
      el("h1", {}, project.name),
      el(
        "div",
        { role: "toolbar", "aria-label": "Project actions", class: "toolbar" },
        el(
          "a",
          {
            class: "button",
            href: `${orgUrl(page.boot)}/${encodeURIComponent(project.name)}/_settings/${firstProjectHub(page.boot)}`,
          },
          "Project settings",
        ),
        menuButton({
          label: `More actions for ${project.name}`,
          text: "⋯",
          loadItems: () =>
            actions.menuItems(targets.projectToolbarMenu, {
              project: { id: project.id, name: project.name },
            }),
        }),
      ),
    ),
    el("p", { class: "muted" }, "About this project"),
  );
}

function firstProjectHub(boot: HostBoot): string {
  const first = contributionsTargeting(boot, targets.projectHubs)[0];
  return first ? shortContributionId(boot, first) : "";
}
