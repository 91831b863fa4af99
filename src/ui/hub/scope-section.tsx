// The hub's "Backup scope" card: conflicts from the last save, its outcome, the scope editor, the
// save bar and the confirmation before saving.
import { useMemo, useState } from "preact/hooks";
import type { DraftChanges } from "../../core/scope-draft";
import { ConflictList } from "../components/conflict-list";
import { Card } from "../components/page";
import { StatusMessage } from "../components/status-message";
import type { ScopeSession } from "../scope-session";
import type { ScopeEdit } from "../use-scope-edit";
import { SaveBar } from "./save-bar";
import { SaveConfirmation } from "./save-confirmation";
import { ScopeEditor } from "./scope-editor";
import { SCOPE_CARD } from "./section-cards";

export interface ScopeSectionProps {
  session: ScopeSession;
  edit: ScopeEdit;
  canEdit: boolean;
}

export function ScopeSection({ session, edit, canEdit }: ScopeSectionProps) {
  const [confirming, setConfirming] = useState<DraftChanges>();
  const saving = session.saving !== undefined;
  const changeCount = useMemo(() => {
    if (!edit.dirty) return 0;
    const c = edit.pendingChanges();
    return c ? c.projects.length + (c.settings ? 1 : 0) : 0;
  }, [edit.dirty, edit.pendingChanges]);
  return (
    <Card {...SCOPE_CARD}>
      <ConflictList
        conflicts={edit.conflicts}
        settingsConflict={edit.settingsConflict}
        onKeepTheirs={edit.chooseTheirs}
        onUseMine={edit.chooseMine}
        onSettings={edit.resolveSettings}
      />
      {edit.saveProblem ? (
        <StatusMessage kind="error" title={edit.saveProblem.title}>
          {edit.saveProblem.detail} Your unsaved changes are still here.
        </StatusMessage>
      ) : null}
      {edit.notice ? (
        <StatusMessage kind={edit.notice.kind} title={edit.notice.title}>
          {edit.notice.detail}
        </StatusMessage>
      ) : null}
      <ScopeEditor session={session} edit={edit} disabled={!canEdit || saving} />
      <SaveBar
        disabled={!canEdit || saving || !edit.dirty}
        saving={saving}
        changeCount={changeCount}
        onSave={() => setConfirming(edit.pendingChanges())}
      />
      {confirming ? (
        <SaveConfirmation
          changes={confirming}
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => {
            setConfirming(undefined);
            void edit.save();
          }}
        />
      ) : null}
    </Card>
  );
}
