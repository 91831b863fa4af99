/** The kinds of project data a backup can protect (docs/architecture.md). */
export const DATA_TYPES = [
  "repos",
  "boards",
  "pipelines",
  "wiki",
  "testPlans",
  "artifacts",
] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const DATA_TYPE_LABELS: Readonly<Record<DataType, string>> = {
  repos: "Repos",
  boards: "Boards (work items)",
  pipelines: "Pipelines",
  wiki: "Wiki",
  testPlans: "Test Plans",
  artifacts: "Artifacts",
};

export const ALL_DATA_TYPES: readonly DataType[] = DATA_TYPES;

/** Stored as a bit mask: 10,000 projects × six flags must stay small in a document. */
export function encodeDataTypes(types: readonly DataType[]): number {
  let mask = 0;
  for (const t of types) {
    const bit = DATA_TYPES.indexOf(t);
    if (bit >= 0) mask |= 1 << bit;
  }
  return mask;
}

export const ALL_DATA_TYPES_MASK = encodeDataTypes(DATA_TYPES);

export function decodeDataTypes(mask: number): DataType[] {
  return DATA_TYPES.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

export function sameDataTypes(a: readonly DataType[], b: readonly DataType[]): boolean {
  return encodeDataTypes(a) === encodeDataTypes(b);
}

export function describeDataTypes(types: readonly DataType[]): string {
  if (types.length === DATA_TYPES.length) return "All data";
  if (types.length === 0) return "No data";
  return types.map((t) => DATA_TYPE_LABELS[t]).join(", ");
}
