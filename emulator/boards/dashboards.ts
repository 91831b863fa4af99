// The teams' dashboards, seeded for the emulated Boards: the default team's shows a query and a
// markdown note.
import type { SeededRandom } from "../server/random";
import type { DashboardRecord, WidgetRecord } from "./model";

const WIDGETS = "ms.vss-dashboards-web.Microsoft.VisualStudioOnline.Dashboards";

function widget(
  random: SeededRandom,
  name: string,
  kind: string,
  place: Pick<WidgetRecord, "position" | "size" | "settings">,
): WidgetRecord {
  return { id: random.guid(), name, contributionId: `${WIDGETS}.${kind}`, ...place };
}

export function overviewDashboard(random: SeededRandom, queryId?: string): DashboardRecord {
  return {
    id: random.guid(),
    name: "Overview",
    description: "",
    refreshInterval: 0,
    widgets: queryId
      ? [
          widget(random, "Active bugs", "QueryScalarWidget", {
            position: { row: 1, column: 1 },
            size: { rowSpan: 1, columnSpan: 1 },
            settings: JSON.stringify({ queryId, queryName: "Active bugs" }),
          }),
          widget(random, "Welcome", "MarkdownWidget", {
            position: { row: 1, column: 2 },
            size: { rowSpan: 2, columnSpan: 2 },
            settings: "## Fiber team\nSee the runbook before a release.",
          }),
        ]
      : [],
  };
}
