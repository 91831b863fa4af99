// Test runs and results as text: a restore cannot recreate them (a result belongs to its
// execution), so the snapshot keeps them in a form anyone can read and the restore plan shows.
import type { TestResultInfo, TestRunInfo } from "./test-plans-api";

function seconds(ms: number | undefined): string {
  return ms === undefined ? "" : ` ${Math.round(ms / 1000)} s`;
}

export function resultLine(r: TestResultInfo): string {
  const title = r.testCaseTitle ?? r.testCase?.name ?? "";
  const config = r.configuration?.name ? ` [${r.configuration.name}]` : "";
  const who = r.runBy?.displayName ? ` by ${r.runBy.displayName}` : "";
  const when = r.completedDate ? ` on ${r.completedDate}` : "";
  const error = r.errorMessage ? ` — ${r.errorMessage}` : "";
  const comment = r.comment ? ` (${r.comment})` : "";
  return `${r.outcome ?? "Unspecified"}: test case ${r.testCase?.id ?? "?"} "${title}"${config}${seconds(r.durationInMs)}${who}${when}${comment}${error}`;
}

export function runsAsText(runs: { run: TestRunInfo; results: TestResultInfo[] }[]): string {
  const lines: string[] = [];
  for (const { run, results } of runs) {
    lines.push(
      `Test run ${run.id} "${run.name}" (${run.state ?? ""}, completed ${run.completedDate ?? "?"}): ${results.length} result(s)`,
    );
    for (const r of results) lines.push(`  ${resultLine(r)}`);
  }
  return lines.join("\n");
}
