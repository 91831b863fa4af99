// A project's place in the backup scope, in words: the one wording the hub, the project panel
// and the browser popup all show, so the three never say it differently.
import { type DataType, describeDataTypes } from "./data-types";
import type { Coverage } from "./scope";

export interface CoverageWords {
  /** Protected or not, in a few words: a list row's status, the popup's heading. */
  label: string;
  /** The data types backed up, in words; absent when the project is not protected. */
  dataTypes?: string;
  /** One sentence: in the backup scope or not, and why. */
  sentence: string;
}

/** A coverage, or the same read from a project's view (its status and data types). */
export interface CoverageLike {
  kind: Coverage["kind"];
  dataTypes?: readonly DataType[];
}

export function coverageInWords(c: CoverageLike): CoverageWords {
  const dataTypes = describeDataTypes(c.dataTypes ?? []);
  switch (c.kind) {
    case "chosen":
      return {
        label: "Protected",
        dataTypes,
        sentence: "In the backup scope: an administrator added this project.",
      };
    case "rule":
      return {
        label: "Protected by the rule for all projects",
        dataTypes,
        sentence: 'In the backup scope through the rule "include new projects automatically".',
      };
    case "excluded":
      // Said apart from "never added" so a list row shows who decided it (the rule will not add it back).
      return {
        label: "Not protected (removed)",
        sentence: "Not in the backup scope: an administrator removed this project.",
      };
    case "none":
      return { label: "Not protected", sentence: "Not in the backup scope." };
  }
}

/** A list row's status: protected or not, and with what. */
export function coverageStatus(c: Coverage): string {
  const words = coverageInWords(c);
  return words.dataTypes ? `${words.label}: ${words.dataTypes}` : words.label;
}
