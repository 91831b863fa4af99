// Project settings › Backup: the same panel as the project action's dialog, for the project the
// page is opened in (from the page data service), with a link to the organization's Backup hub.
import { render } from "preact";
import {
  connectToHost,
  fullContributionId,
  navigateHost,
  notifyLoadFailed,
  notifyLoaded,
  showToast,
} from "../../ado/host";
import { PageShell } from "../../ui/components/page";
import { StatusMessage } from "../../ui/components/status-message";
import { describeProblem } from "../../ui/problems";
import { ProjectScopePanel } from "../../ui/project-scope/project-scope-panel";
import { projectScopeServices, resolveProject } from "../../ui/project-scope/host-services";

const HUB_ID = "backup-hub";
const root = document.getElementById("root") as HTMLElement;
const description = "Whether this project is backed up, and which of its data.";

render(
  <PageShell title="Backup" description={description}>
    <p role="status" class="muted">
      Connecting to Azure DevOps…
    </p>
  </PageShell>,
  root,
);

connectToHost().then(
  async (session) => {
    // The organization's URL, resolved by the location service, never a hard-coded host.
    const hubUrl = `${await session.rootPath}_settings/${fullContributionId(HUB_ID)}`;
    render(
      <PageShell title="Backup" description={description}>
        <ProjectScopePanel
          variant="page"
          services={projectScopeServices(session, () =>
            resolveProject({ kind: "unknown" }, session),
          )}
          onSaved={(saved) => void showToast(saved.message)}
          hubLink={{ href: hubUrl, onOpen: () => void navigateHost(hubUrl) }}
        />
      </PageShell>,
      root,
    );
    void notifyLoaded();
  },
  (e: unknown) => {
    const problem = describeProblem(e, "connecting to Azure DevOps");
    render(
      <PageShell title="Backup" description={description}>
        <StatusMessage kind="error" title={problem.title}>
          {problem.detail}
        </StatusMessage>
      </PageShell>,
      root,
    );
    void notifyLoadFailed(e);
  },
);
