// A restore's progress as it goes, read out politely, then what it created and what it could not
// restore (with why), and each data type's progress and result. The live region always takes its
// line, so the page does not jump.
import type { RestoreWire } from "../../core/service-api";
import { describeDataTypeRestore, describeRestore } from "./restore-words";

export interface RestoreResultProps {
  restore: RestoreWire | undefined;
  starting: boolean;
}

const KIND_WORDS = {
  repository: "Repository",
  wiki: "Wiki",
  pullRequest: "Pull request",
  policy: "Policy",
} as const;

export function RestoreResult({ restore, starting }: RestoreResultProps) {
  const ended = restore && restore.status !== "running";
  return (
    <div class="restore-result">
      <div class="progress" role="status" aria-live="polite" aria-label="Restore progress">
        {describeRestore(restore, starting) ?? ""}
      </div>
      {ended && restore.created.length > 0 ? (
        <ul aria-label="Created by the restore">
          {restore.created.map((c) => (
            <li key={`${c.kind}:${c.name}`}>
              {KIND_WORDS[c.kind]} {c.name}
            </li>
          ))}
        </ul>
      ) : null}
      {restore?.dataTypes?.length ? (
        <ul aria-label="Data types restored">
          {restore.dataTypes.map((d) => (
            <li key={d.dataType}>
              {describeDataTypeRestore(d)}
              {d.failed.length > 0 ? (
                <ul aria-label={`${d.dataType}: could not be restored`}>
                  {d.failed.map((f, i) => (
                    <li key={`${i}:${f.name}`}>
                      {f.name}: {f.reason}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {ended && restore.failed.length > 0 ? (
        <ul aria-label="Could not be restored">
          {restore.failed.map((f) => (
            <li key={f.name}>
              {f.name}: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
