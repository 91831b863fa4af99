// The dialog the project action opens (through the host's page layout service): the project's
// backup state and, for a Project Collection Administrator, its controls.
import { render } from "preact";
import {
  connectToHost,
  notifyLoadFailed,
  notifyLoaded,
  resizeFrame,
  showToast,
} from "../../ado/host";
import { projectFromConfiguration } from "../../core/project-scope";
import { StatusMessage } from "../../ui/components/status-message";
import { describeProblem } from "../../ui/problems";
import { ProjectScopePanel } from "../../ui/project-scope/project-scope-panel";
import {
  followContentHeight,
  projectScopeServices,
  resolveProject,
} from "../../ui/project-scope/host-services";

interface DialogHandle {
  close?: (result?: unknown) => void;
}

const root = document.getElementById("root") as HTMLElement;

connectToHost().then(
  (session) => {
    const configuration = session.configuration;
    const dialog = configuration.dialog as DialogHandle | undefined;
    const close = (result?: unknown): void => dialog?.close?.(result);
    const target = projectFromConfiguration(configuration);
    render(
      <ProjectScopePanel
        variant="dialog"
        services={projectScopeServices(session, () => resolveProject(target, session))}
        onSaved={(saved) => {
          // The toast outlives the dialog, which closes on success.
          void showToast(saved.message).finally(() =>
            close({ saved: true, message: saved.message }),
          );
        }}
        onClose={() => close()}
      />,
      root,
    );
    followContentHeight(resizeFrame);
    void notifyLoaded();
  },
  (e: unknown) => {
    const problem = describeProblem(e, "connecting to Azure DevOps");
    render(
      <StatusMessage kind="error" title={problem.title}>
        {problem.detail}
      </StatusMessage>,
      root,
    );
    void notifyLoadFailed(e);
  },
);
