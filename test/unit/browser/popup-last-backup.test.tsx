/** @jest-environment jsdom */
// The popup's line about the project's last backup, from the background's getLastBackup answer:
// when, what and how much; "Not backed up yet"; or why it could not be read, in words.
import { screen } from "@testing-library/preact";
import type { Envelope, Messages, Reply } from "../../../src/browser/messages";
import { FIBER_LAST_BACKUP } from "./fabrikam-fiber";
import { FIBER, ORG, renderPopup } from "./popup-background";

/** The background as the popup sees it, with this answer to getLastBackup. */
function background(lastBackup: Reply<Messages["getLastBackup"]["response"]>): Envelope[] {
  return renderPopup({ getLastBackup: () => lastBackup });
}

const last = FIBER_LAST_BACKUP;

test("the popup says when the project was last backed up, what and how much", async () => {
  const asked = background({ ok: true, value: { lastBackup: last } });
  await screen.findByText(/^Backed up .+: Repos, 2\.0 KB added in 4 s\.$/);
  expect(asked.find((m) => m.type === "getLastBackup")?.request).toEqual({
    orgUrl: ORG,
    projectId: FIBER.id,
  });
});

test("a project never backed up says so", async () => {
  background({ ok: true, value: { lastBackup: null } });
  await screen.findByText("Not backed up yet.");
});

test("a failed read is said in words, and the rest of the popup stays", async () => {
  background({
    ok: false,
    error: { kind: "unavailable", message: "The backup service could not be reached." },
  });
  await screen.findByText(
    "The last backup could not be read: The backup service could not be reached.",
  );
  expect(screen.getByRole("button", { name: "Remove from backup scope" })).toBeTruthy();
});
