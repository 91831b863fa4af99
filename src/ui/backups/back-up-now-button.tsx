// "Back up now": the whole scope in the hub, one project in the project panel. Only a Project
// Collection Administrator may start one (the service decides; this says so before asking).
export interface BackUpNowButtonProps {
  onClick: () => void;
  /** A run is going or being started: one at a time. */
  going: boolean;
  canRun: boolean;
  /** What is backed up, for the button's name ("Back up Fabrikam Fiber now"). */
  what?: string;
  /** Id of the note that says why the button is off. */
  noteId: string;
}

export function BackUpNowButton({ onClick, going, canRun, what, noteId }: BackUpNowButtonProps) {
  const note = !canRun
    ? "Only a Project Collection Administrator can start a backup."
    : going
      ? "A backup is running; its progress is shown here."
      : undefined;
  return (
    <div class="button-row">
      <button
        type="button"
        class="button button--primary"
        disabled={!canRun || going}
        aria-describedby={note ? noteId : undefined}
        onClick={onClick}
      >
        {going ? "Backing up…" : what ? `Back up ${what} now` : "Back up now"}
      </button>
      {note ? (
        <span id={noteId} class="details-meta">
          {note}
        </span>
      ) : null}
    </div>
  );
}
