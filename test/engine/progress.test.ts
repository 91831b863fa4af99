// Progress as the command line prints it: a bar redrawn in place on a terminal, and one plain line
// per finished item in a CI log (no carriage returns or escape codes there).
import { progressReporter, type Output } from "../../service/cli/common";

function capture(isTTY: boolean): Output & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (t) => void chunks.push(t), text: () => chunks.join("") };
}

function feed(out: Output): void {
  const p = progressReporter(out);
  p({ type: "project-started", project: "Fabrikam Fiber", items: 2 });
  p({ type: "item-started", project: "Fabrikam Fiber", item: "fiber-app" });
  p({ type: "item-finished", project: "Fabrikam Fiber", item: "fiber-app", outcome: "ok" });
  p({ type: "item-started", project: "Fabrikam Fiber", item: "fiber-legacy" });
  p({
    type: "item-finished",
    project: "Fabrikam Fiber",
    item: "fiber-legacy",
    outcome: "skipped",
    detail: "disabled",
  });
  p({ type: "project-committed", project: "Fabrikam Fiber", runId: "r1", bytesWritten: 10 });
  p.done();
}

test("plain lines when the output is not a terminal", () => {
  const out = capture(false);
  feed(out);
  expect(out.text()).toBe(
    [
      "ok      Fabrikam Fiber / fiber-app",
      "skipped Fabrikam Fiber / fiber-legacy: disabled",
      "saved   Fabrikam Fiber: snapshot r1",
      "",
    ].join("\n"),
  );
});

test("a bar that counts finished items on a terminal", () => {
  const out = capture(true);
  feed(out);
  expect(out.text()).toContain("[############............] 1/2 Fabrikam Fiber: fiber-app");
  expect(out.text()).toContain("skipped Fabrikam Fiber / fiber-legacy: disabled\n");
  expect(out.text()).not.toContain("ok      Fabrikam Fiber / fiber-app");
});
