// The scope's save bar: "Save changes" and how many changes are unsaved. It stays in reach while
// the admin scrolls through the scope (static/theme.css).
import { plural } from "../format";

export interface SaveBarProps {
  disabled: boolean;
  saving: boolean;
  changeCount: number;
  onSave: () => void;
}

export function SaveBar({ disabled, saving, changeCount, onSave }: SaveBarProps) {
  return (
    <div class="save-bar">
      <button type="button" class="button button--primary" disabled={disabled} onClick={onSave}>
        {saving ? "Saving…" : "Save changes"}
      </button>
      <span class="save-summary">
        {changeCount > 0
          ? `${plural(changeCount, "unsaved change", "unsaved changes")}`
          : "No unsaved changes"}
      </span>
    </div>
  );
}
