// The name a restored item takes in the target: its own when free, else the same marked as
// restored with a counter. Repositories, wikis, Boards queries and dashboards, and feeds are marked
// `-restored`; pipeline definitions, their libraries and test plans ` (restored)`, as their
// restores have always named them.

export type RestoredMark = "hyphen" | "parentheses";

const MARKED: Readonly<Record<RestoredMark, (name: string, n: number) => string>> = {
  hyphen: (name, n) => (n === 1 ? `${name}-restored` : `${name}-restored-${n}`),
  parentheses: (name, n) => (n === 1 ? `${name} (restored)` : `${name} (restored ${n})`),
};

/** A name not in `taken` (compared without case), which it then takes. */
export function freeName(
  wanted: string,
  taken: Set<string>,
  mark: RestoredMark = "hyphen",
): string {
  let name = wanted;
  for (let n = 1; taken.has(name.toLowerCase()); n++) name = MARKED[mark](wanted, n);
  taken.add(name.toLowerCase());
  return name;
}
