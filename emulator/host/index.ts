// The emulated Azure DevOps host page: reads the boot data, renders the organization chrome for the
// route, and hosts the extension's contributions over XDM.
import { ActionHost } from "./actions";
import { orgUrl, readBoot } from "./boot";
import { postJson } from "./control-api";
import { el } from "./dom";
import { HostPage } from "./host-page";
import {
  hubPage,
  orgSettingsNav,
  overviewPage,
  projectOverviewPage,
  projectSettingsNav,
  projectsPage,
  targets,
} from "./pages";
import { chosenTheme } from "./theme";

/** The shell loads only host.js; the stylesheet sits beside it. */
function linkStylesheet(): void {
  if (document.querySelector('link[href$="/_host/host.css"]')) return;
  const script = document.querySelector<HTMLScriptElement>('script[src$="host.js"]');
  const href = script ? new URL("host.css", script.src).href : "/_host/host.css";
  document.head.append(el("link", { rel: "stylesheet", href }));
}

function start(): void {
  linkStylesheet();
  const boot = readBoot(document);
  const theme = chosenTheme(window.location, document.cookie, boot.theme);
  const toastRegion = el("div", {
    class: "toast-region",
    role: "status",
    "aria-live": "polite",
    "aria-label": "Notifications",
  });
  const bannerRegion = el("div", { class: "banner-region" });
  const page = new HostPage(boot, theme, toastRegion, bannerRegion);

  const userSelect = el(
    "select",
    { id: "user-switcher" },
    ...boot.users.map((u) => {
      const option = el(
        "option",
        { value: u.id },
        `${u.displayName} (${u.roles.length ? u.roles.join(", ") : "member"})`,
      );
      option.selected = u.id === boot.currentUser.id;
      return option;
    }),
  );
  userSelect.addEventListener("change", () => {
    userSelect.disabled = true;
    postJson(`${boot.hostUrl}/_emulator/user`, { userId: userSelect.value })
      .then(() => window.location.reload())
      .catch((e: unknown) => {
        userSelect.disabled = false;
        bannerRegion.replaceChildren(
          el(
            "div",
            { class: "banner banner--error", role: "alert" },
            `Could not switch user: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      });
  });

  const themeSwitch = el(
    "button",
    {
      type: "button",
      role: "switch",
      class: "theme-switch",
      "aria-checked": String(theme === "dark"),
    },
    "Dark theme",
  );
  themeSwitch.addEventListener("click", () => {
    const next = page.themeName === "dark" ? "light" : "dark";
    page.setTheme(next);
    themeSwitch.setAttribute("aria-checked", String(next === "dark"));
  });

  const org = boot.organization.name;
  const project = boot.route.project;
  const crumbs = el(
    "nav",
    { class: "breadcrumbs", "aria-label": "Breadcrumb" },
    el("a", { href: `${orgUrl(boot)}/_settings/overview`, class: "org-name" }, org),
    project && el("span", { "aria-hidden": "true" }, " / "),
    project &&
      el("a", { href: `${orgUrl(boot)}/${encodeURIComponent(project.name)}` }, project.name),
  );
  const header = el(
    "header",
    { class: "top-bar" },
    el("span", { class: "product", "aria-hidden": "true" }, "Azure DevOps"),
    crumbs,
    el(
      "div",
      { class: "top-bar-tools" },
      el("label", { for: "user-switcher" }, "Signed in as"),
      userSelect,
      themeSwitch,
    ),
  );

  const main = el("main", { id: "main", class: "content", tabindex: "-1" });
  const actionFrames = el("div", { class: "action-frames", "aria-hidden": "true" });
  const layout = el("div", { class: "layout" });
  const app = el(
    "div",
    { id: "app" },
    el("a", { class: "skip-link", href: "#main" }, "Skip to main content"),
    header,
    bannerRegion,
    layout,
    actionFrames,
  );
  document.body.replaceChildren(app, toastRegion);

  const actions = new ActionHost(page, actionFrames);
  switch (boot.route.kind) {
    case "projects":
      layout.append(orgSettingsNav(boot), main);
      projectsPage(page, actions, main);
      break;
    case "org-settings":
      layout.append(orgSettingsNav(boot), main);
      if (
        !boot.route.hubId ||
        boot.route.hubId === "overview" ||
        boot.route.hubId === "organizationOverview"
      )
        overviewPage(boot, main);
      else hubPage(page, main, targets.orgHubs);
      break;
    case "project":
      layout.append(main);
      projectOverviewPage(page, actions, main);
      break;
    case "project-settings":
      layout.append(projectSettingsNav(boot, project ?? { name: "" }), main);
      hubPage(page, main, targets.projectHubs);
      break;
  }
}

start();
