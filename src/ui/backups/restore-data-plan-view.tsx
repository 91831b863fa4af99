// Each chosen data type's plan (Boards, Pipelines, Test Plans, Artifacts) under its own heading,
// in the engine's words: what it creates, and what it cannot restore faithfully (secrets, comment
// authors and times, test results kept as text, Universal package files, people and queues that
// nothing matches). What nothing matches is listed again, to be given a target above.
import { DATA_TYPE_LABELS } from "../../core/data-types";
import type { DataTypePlanWire } from "../../core/restore-data-wire";
import { MAPPING_WORDS, planLines } from "./restore-words";

export function RestoreDataPlanView({ plans }: { plans: readonly DataTypePlanWire[] }) {
  return (
    <>
      {plans.map((p) => {
        const { heading, items } = planLines(p.lines);
        const id = `restore-plan-${p.dataType}`;
        return (
          <section key={p.dataType} class="restore-data-plan" aria-labelledby={id}>
            <h5 id={id}>{DATA_TYPE_LABELS[p.dataType]}</h5>
            <p>{heading}</p>
            {items.length > 0 ? (
              <ul aria-label={`${DATA_TYPE_LABELS[p.dataType]}: the plan`}>
                {items.map((line, i) => (
                  <li key={`${i}:${line}`}>{line}</li>
                ))}
              </ul>
            ) : null}
            {p.unmapped.length > 0 ? (
              <ul aria-label={`${DATA_TYPE_LABELS[p.dataType]}: nothing in the target matches`}>
                {p.unmapped.map((u) => (
                  <li key={`${u.kind}:${u.key}`}>
                    {MAPPING_WORDS[u.kind]} {u.source}: nothing in the target matches (map it under
                    Mappings, then show the plan again)
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
