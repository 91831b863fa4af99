// The project's place in the backup scope, in one sentence, from the model the project panel
// shows too (ProjectScopeView): protected and with what, by whose choice, or why not.
import type { ProjectBackupState } from "../../src/browser/organization-backup";
import { describeDataTypes } from "../../src/core/data-types";
import { formatWhen } from "../../src/ui/format";

export function Coverage({ state }: { state: ProjectBackupState }) {
  const last =
    state.lastChange?.what === "project"
      ? ` by ${state.lastChange.by.displayName} on ${formatWhen(state.lastChange.at)}`
      : "";
  switch (state.status) {
    case "chosen":
      return (
        <p class="coverage protected">
          <strong>Protected</strong>: {describeDataTypes(state.dataTypes)}.
          <span class="detail">Added to the backup scope{last}.</span>
        </p>
      );
    case "rule":
      return (
        <p class="coverage protected">
          <strong>Protected by the rule for all projects</strong>:{" "}
          {describeDataTypes(state.dataTypes)}.
        </p>
      );
    case "excluded":
      return (
        <p class="coverage">
          <strong>Not protected</strong>: excluded from the backup scope{last}.
        </p>
      );
    case "none":
      return (
        <p class="coverage">
          <strong>Not protected</strong>: not in the backup scope.
        </p>
      );
  }
}
