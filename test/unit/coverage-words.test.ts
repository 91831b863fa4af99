// The one wording of a project's place in the backup scope, shared by the hub, the project panel
// and the browser popup.
import { coverageInWords, coverageStatus } from "../../src/core/coverage-words";

test("a project an administrator added reads as protected, with its data types", () => {
  const words = coverageInWords({ kind: "chosen", dataTypes: ["repos", "wiki"] });
  expect(words).toEqual({
    label: "Protected",
    dataTypes: "Repos, Wiki",
    sentence: "In the backup scope: an administrator added this project.",
  });
  expect(coverageStatus({ kind: "chosen", dataTypes: ["repos"] })).toBe("Protected: Repos");
});

test("a project the rule covers says it is the rule", () => {
  const words = coverageInWords({ kind: "rule", dataTypes: ["repos"] });
  expect(words.label).toBe("Protected by the rule for all projects");
  expect(words.sentence).toBe(
    'In the backup scope through the rule "include new projects automatically".',
  );
});

test("removed and never added both read as not protected, and say which", () => {
  expect(coverageStatus({ kind: "excluded" })).toBe("Not protected (removed)");
  expect(coverageInWords({ kind: "excluded" }).sentence).toBe(
    "Not in the backup scope: an administrator removed this project.",
  );
  expect(coverageInWords({ kind: "none" })).toEqual({
    label: "Not protected",
    sentence: "Not in the backup scope.",
  });
});
