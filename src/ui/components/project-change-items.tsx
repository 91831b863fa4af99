// Changes to projects as list items, cut at a length with how many more there are: a history
// record's changes and each group of the save confirmation.
import type { ComponentChildren } from "preact";
import { plural } from "../format";

export interface ProjectChangeItemsProps<C extends { projectId: string }> {
  changes: readonly C[];
  /** How many changes get an item of their own. */
  max: number;
  /** What one change's item says. */
  children: (change: C) => ComponentChildren;
}

export function ProjectChangeItems<C extends { projectId: string }>({
  changes,
  max,
  children,
}: ProjectChangeItemsProps<C>) {
  return (
    <>
      {changes.slice(0, max).map((c) => (
        <li key={c.projectId}>{children(c)}</li>
      ))}
      {changes.length > max ? (
        <li>and {plural(changes.length - max, "more project", "more projects")}</li>
      ) : null}
    </>
  );
}
