// A restore plan in words: what would be created, which names are taken and what is done
// instead, what is left out, and what a restore cannot do as the original was; then each chosen
// data type's own plan. Its heading takes
// focus when the plan appears, so a keyboard or screen-reader user lands on it.
import { useEffect, useRef } from "preact/hooks";
import type { RestorePlanWire } from "../../core/service-api";
import { RestoreDataPlanView } from "./restore-data-plan-view";
import { describePlanItems, describePlanTitle } from "./restore-words";

export function RestorePlanView({ plan }: { plan: RestorePlanWire }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [plan.planId]);
  const items = describePlanItems(plan);
  return (
    <div class="restore-plan">
      <h4 id="restore-plan-title" tabIndex={-1} ref={heading}>
        Plan: {describePlanTitle(plan)}
      </h4>
      <p class="details-meta">Nothing has been created yet.</p>
      {items.length === 0 ? (
        <p>
          {plan.dataTypePlans?.length
            ? "No repository or wiki is restored."
            : "This backup holds no repository or wiki to restore."}
        </p>
      ) : (
        <ul aria-label="What the restore creates">
          {items.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {plan.conflicts.length > 0 ? (
        <ul aria-label="Names already taken">
          {plan.conflicts.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {plan.skipped.length > 0 ? (
        <ul aria-label="Not restored">
          {plan.skipped.map((s) => (
            <li key={s.name}>
              Not restored: {s.name} ({s.reason})
            </li>
          ))}
        </ul>
      ) : null}
      {items.length > 0 ? (
        <ul class="details-meta" aria-label="Good to know">
          {plan.notes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <RestoreDataPlanView plans={plan.dataTypePlans ?? []} />
    </div>
  );
}
