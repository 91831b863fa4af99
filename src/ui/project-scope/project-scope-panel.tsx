// One project's backup state and its controls: the dialog the project action opens and the
// Project settings page are this one component with two entry points.
import type { ComponentChildren } from "preact";
import { describeDataTypes, sameDataTypes } from "../../core/data-types";
import type { ProjectScopeView } from "../../core/project-scope";
import { BackupRunsSection } from "../backups/backup-runs-section";
import { AccessGate } from "../components/access-gate";
import { DataTypePicker } from "../components/data-type-picker";
import { StatusMessage } from "../components/status-message";
import { formatWhen } from "../format";
import {
  type ProjectScopeServices,
  type ProjectScopeState,
  type Saved,
  useProjectScope,
} from "./use-project-scope";
import { ProblemMessage } from "../components/problem-message";

export interface ProjectScopePanelProps {
  services: ProjectScopeServices;
  variant: "dialog" | "page";
  onSaved?: (saved: Saved) => void;
  /** The dialog's Close button; absent on the page. */
  onClose?: () => void;
  /** The organization's Backup hub (the page links to it). */
  hubLink?: { href: string; onOpen: () => void };
}

export function ProjectScopePanel({
  services,
  variant,
  onSaved,
  onClose,
  hubLink,
}: ProjectScopePanelProps) {
  const state = useProjectScope(services, onSaved);
  const { view, loadProblem } = state;
  const titleId = `project-scope-${variant}-title`;

  return (
    <section
      class={`project-scope project-scope--${variant}${variant === "page" ? " card" : ""}`}
      // The host's dialog already pads its body; the focus ring needs a little room.
      style={variant === "dialog" ? { padding: "var(--space-xs)" } : undefined}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} class={variant === "dialog" ? "visually-hidden" : "card-title"}>
        {state.project ? `Backup of ${state.project.name}` : "Backup of this project"}
      </h2>
      {loadProblem ? (
        <ProblemMessage problem={loadProblem} onRetry={state.reload} />
      ) : !view ? (
        <p role="status" class="fact-note">
          Loading the backup scope…
        </p>
      ) : (
        <>
          <ProjectState view={view} />
          {state.snapshot && state.snapshot.problems.length > 0 ? (
            <StatusMessage kind="error" title="The stored backup scope cannot be read.">
              {state.snapshot.problems[0]?.message}
            </StatusMessage>
          ) : (
            <AccessGate
              admin={state.admin}
              tenant={state.tenant}
              organizationName={services.organizationName}
              purpose={`change whether ${view.project.name} is backed up`}
              onRetry={state.reload}
            >
              <ProjectControls state={state} view={view} />
            </AccessGate>
          )}
          {services.backupRuns ? (
            <BackupRunsSection
              services={services.backupRuns}
              canRun={state.admin.kind === "admin"}
              project={view.project}
            />
          ) : null}
        </>
      )}
      {hubLink || onClose ? (
        <div
          class="button-row project-scope-footer"
          style={{ marginTop: "var(--space-l)", justifyContent: "space-between" }}
        >
          {hubLink ? (
            <a
              href={hubLink.href}
              target="_top"
              onClick={(e) => {
                e.preventDefault();
                hubLink.onOpen();
              }}
            >
              Open the organization's Backup settings
            </a>
          ) : null}
          {onClose ? (
            <button type="button" class="button" onClick={onClose}>
              Close
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ProjectState({ view }: { view: ProjectScopeView }) {
  return (
    <div class="project-scope-state" style={{ marginBottom: "var(--space-m)" }}>
      <p class="project-scope-summary" role="status">
        <strong>{view.summary}</strong>
      </p>
      <dl class="facts">
        <Fact term="Data backed up">
          {view.isProtected ? describeDataTypes(view.dataTypes) : "None"}
        </Fact>
        <Fact term="Last change">
          {view.lastChange
            ? `${view.lastChange.by.displayName}, ${formatWhen(view.lastChange.at)}${
                view.lastChange.what === "rule" ? ' (the "include new projects" rule)' : ""
              }`
            : "Never changed"}
        </Fact>
        {view.recordedName ? <Fact term="Name when chosen">{view.recordedName}</Fact> : null}
      </dl>
      {view.status === "rule" ? (
        <p class="fact-note">
          Every project is backed up automatically unless an administrator removes it. Removing this
          project records that choice, so the rule does not add it back.
        </p>
      ) : null}
      {view.status === "excluded" && view.includeNewProjects ? (
        <p class="fact-note">
          New projects are added automatically, but this one was removed on purpose and stays out
          until it is added again.
        </p>
      ) : null}
    </div>
  );
}

function ProjectControls({ state, view }: { state: ProjectScopeState; view: ProjectScopeView }) {
  const { dataTypes, saving, conflict } = state;
  const none = dataTypes.length === 0;
  const unchanged = view.isProtected && sameDataTypes(dataTypes, view.dataTypes);
  const busy = saving || conflict !== undefined;
  return (
    <div class="project-scope-controls" style={{ marginTop: "var(--space-m)" }}>
      <DataTypePicker
        legend={view.isProtected ? "Data to back up" : "Data to back up once added"}
        value={dataTypes}
        onChange={state.setDataTypes}
        disabled={busy}
        idPrefix="project-scope-types"
      />
      {none ? (
        <p class="fact-note" id="project-scope-none">
          Choose at least one kind of data
          {view.isProtected ? ", or remove the project from the backup scope." : "."}
        </p>
      ) : null}
      {conflict ? (
        <StatusMessage
          kind="warning"
          title="Another administrator changed this project."
          actions={
            <>
              <button type="button" class="button" onClick={state.keepTheirs} disabled={saving}>
                Keep their change
              </button>
              <button
                type="button"
                class="button button--primary"
                onClick={() => void state.applyMine()}
                disabled={saving}
              >
                Apply my change instead
              </button>
            </>
          }
        >
          {conflict.sentence}
        </StatusMessage>
      ) : null}
      {state.saveProblem ? (
        <StatusMessage kind="error" title={state.saveProblem.title}>
          {state.saveProblem.detail} Nothing was lost: try again.
        </StatusMessage>
      ) : null}
      {state.saved ? <StatusMessage kind="success" title={state.saved.message} /> : null}
      <div class="button-row" style={{ marginTop: "var(--space-m)" }}>
        {view.isProtected ? (
          <>
            <button
              type="button"
              class="button button--primary"
              disabled={busy || none || unchanged}
              aria-describedby={none ? "project-scope-none" : undefined}
              onClick={() => void state.apply({ kind: "dataTypes", dataTypes })}
            >
              Save data types
            </button>
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void state.apply({ kind: "remove" })}
            >
              Remove from backup scope
            </button>
          </>
        ) : (
          <button
            type="button"
            class="button button--primary"
            disabled={busy || none}
            aria-describedby={none ? "project-scope-none" : undefined}
            onClick={() => void state.apply({ kind: "add", dataTypes })}
          >
            Add to backup scope
          </button>
        )}
        {saving ? (
          <span role="status" class="fact-note">
            Saving…
          </span>
        ) : null}
      </div>
    </div>
  );
}
