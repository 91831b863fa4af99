// What a save will change, shown before anything is written.
import type { ProjectChange } from "../../core/scope";
import type { DraftChanges } from "../../core/scope-draft";
import { describeDataTypes } from "../../core/data-types";
import { ModalDialog } from "../components/modal-dialog";
import { ProjectChangeItems } from "../components/project-change-items";
import { describeChoice, plural } from "../format";

export interface SaveConfirmationProps {
  changes: DraftChanges;
  onConfirm: () => void;
  onCancel: () => void;
}

const MAX_LISTED = 50;

function Group({
  title,
  changes,
  detail,
}: {
  title: string;
  changes: ProjectChange[];
  detail?: boolean;
}) {
  if (changes.length === 0) return null;
  return (
    <section class="change-group">
      <h3>
        {title} ({changes.length})
      </h3>
      <ul class="plain-list">
        <ProjectChangeItems changes={changes} max={MAX_LISTED}>
          {(c) => (
            <>
              {c.name}
              {detail ? ` — ${describeChoice(c.after)}` : null}
            </>
          )}
        </ProjectChangeItems>
      </ul>
    </section>
  );
}

export function SaveConfirmation({ changes, onConfirm, onCancel }: SaveConfirmationProps) {
  const s = changes.settings;
  const other =
    changes.projects.length -
    changes.added.length -
    changes.removed.length -
    changes.changed.length;
  return (
    <ModalDialog
      id="save-confirmation"
      title="Save changes to the backup scope?"
      onCancel={onCancel}
      footer={
        <>
          <button type="button" class="button button--primary" onClick={onConfirm}>
            Confirm and save
          </button>
          <button type="button" class="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      <p>These changes will be saved and recorded in the history with your name.</p>
      <Group title="Added to the backup" changes={changes.added} detail />
      <Group title="Removed from the backup" changes={changes.removed} />
      <Group title="Data types changed" changes={changes.changed} detail />
      {other > 0 ? (
        <p>
          {plural(other, "project", "projects")} will keep their current state but no longer follow
          the new projects rule.
        </p>
      ) : null}
      {s ? (
        <section class="change-group">
          <h3>New projects</h3>
          <ul class="plain-list">
            {s.before.includeNewProjects !== s.after.includeNewProjects ? (
              <li>
                {s.after.includeNewProjects
                  ? "New projects will join the backup automatically"
                  : "New projects will no longer join automatically"}
              </li>
            ) : null}
            {describeDataTypes(s.before.defaultDataTypes) !==
            describeDataTypes(s.after.defaultDataTypes) ? (
              <li>
                Data for new projects: {describeDataTypes(s.after.defaultDataTypes)} (was{" "}
                {describeDataTypes(s.before.defaultDataTypes)})
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
    </ModalDialog>
  );
}
