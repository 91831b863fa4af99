// The project's place in the backup scope, from the model the project panel shows too
// (ProjectScopeView), in the words the hub and the panel use: protected and with what, why, and
// who changed it last.
import type { ProjectBackupState } from "../../src/browser/organization-backup";
import { coverageInWords } from "../../src/core/coverage-words";
import { formatWhen } from "../../src/ui/format";

export function Coverage({ state }: { state: ProjectBackupState }) {
  const words = coverageInWords({ kind: state.status, dataTypes: state.dataTypes });
  const change = state.lastChange?.what === "project" ? state.lastChange : undefined;
  return (
    <p class={state.isProtected ? "coverage protected" : "coverage"}>
      <strong>{words.label}</strong>
      {words.dataTypes ? `: ${words.dataTypes}.` : null}
      <span class="detail">{words.sentence}</span>
      {change ? (
        <span class="detail">
          Last change by {change.by.displayName} on {formatWhen(change.at)}.
        </span>
      ) : null}
    </p>
  );
}
