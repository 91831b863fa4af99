// The hub's messages above and inside its sections: a damaged stored scope, and a section whose
// code is still arriving. A problem in words is components/problem-message.tsx.
import type { ScopeDocumentError } from "../../core/scope-schema";
import { StatusMessage } from "../components/status-message";

/** The stored scope cannot be read as a whole: nothing can be changed until it is repaired. */
export function DamagedScope({ problems }: { problems: readonly ScopeDocumentError[] }) {
  if (problems.length === 0) return null;
  return (
    <StatusMessage
      kind="error"
      title="The stored backup scope is damaged, so it cannot be changed here."
    >
      <ul class="plain-list">
        {problems.map((p) => (
          <li key={p.documentId}>{p.message}</li>
        ))}
      </ul>
      <p>Nothing was written. Saving stays off until the stored scope is repaired.</p>
    </StatusMessage>
  );
}

/** A section whose code is still arriving (see useDeferredSections). */
export function SectionLoading() {
  return (
    <p class="list-empty" aria-busy="true">
      Loading…
    </p>
  );
}
