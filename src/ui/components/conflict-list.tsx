// Changes that were not saved because another administrator changed the same thing first. The
// user decides, per project: keep theirs, or use mine (kept in the draft for the next save).
import type { Conflict, SettingsConflict } from "../../core/scope-store";
import { describeDataTypes } from "../../core/data-types";
import { describeChoice } from "../format";
import { StatusMessage } from "./status-message";

export interface ConflictListProps {
  conflicts: readonly Conflict[];
  settingsConflict: SettingsConflict | undefined;
  onKeepTheirs: (projectId: string) => void;
  onUseMine: (projectId: string) => void;
  onSettings: (use: "theirs" | "mine") => void;
}

export function ConflictList({
  conflicts,
  settingsConflict,
  onKeepTheirs,
  onUseMine,
  onSettings,
}: ConflictListProps) {
  const count = conflicts.length + (settingsConflict ? 1 : 0);
  if (count === 0) return null;
  return (
    <StatusMessage
      kind="warning"
      title={`Another administrator changed ${count === 1 ? "something you changed" : `${count} things you changed`} meanwhile. Nothing of theirs was overwritten: choose what to keep.`}
    >
      <ul class="plain-list" aria-label="Conflicting changes">
        {settingsConflict ? (
          <li class="conflict">
            <p>
              {settingsConflict.theirs.changedBy?.displayName ?? "Another administrator"} changed
              the new projects rule meanwhile: new projects{" "}
              {settingsConflict.theirs.includeNewProjects ? "join" : "do not join"} automatically
              with {describeDataTypes(settingsConflict.theirs.defaultDataTypes).toLowerCase()}. You
              wanted: {settingsConflict.mine.after.includeNewProjects ? "join" : "do not join"} with{" "}
              {describeDataTypes(settingsConflict.mine.after.defaultDataTypes).toLowerCase()}.
            </p>
            <Settle onSettle={onSettings} />
          </li>
        ) : null}
        {conflicts.map((c) => (
          <li class="conflict" key={c.projectId}>
            <p>
              {c.theirs?.changedBy.displayName ?? "Another administrator"} changed {c.name}{" "}
              meanwhile: now {describeChoice(c.theirs)}. You wanted: {describeChoice(c.mine.after)}.
            </p>
            <Settle
              about={c.name}
              onSettle={(use) => (use === "theirs" ? onKeepTheirs : onUseMine)(c.projectId)}
            />
          </li>
        ))}
      </ul>
    </StatusMessage>
  );
}

/** The two ways to settle one conflict; `about` names what it is about, for a screen reader. */
function Settle({
  about,
  onSettle,
}: {
  about?: string;
  onSettle: (use: "theirs" | "mine") => void;
}) {
  return (
    <div class="button-row">
      {SETTLE_BY.map(([use, label]) => (
        <button
          key={use}
          type="button"
          class="button"
          aria-label={about === undefined ? undefined : `${label} for ${about}`}
          onClick={() => onSettle(use)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

const SETTLE_BY = [
  ["theirs", "Keep theirs"],
  ["mine", "Use mine"],
] as const;
