// A reset brings the whole seeded organization back at once: Test Plans' test cases are work items
// of the Boards, so a Boards read straight after a reset (a backup's first request, before any
// Test Plans route is asked) must already find them.
import { boardsOf } from "../../emulator/boards";
import { TEST_CASE, workItemsOfType } from "../../emulator/test-plans/work-items";
import { withEmulator } from "./support";

jest.setTimeout(60_000);

test("after a reset the Boards hold the Test Plans seed's test cases before Test Plans is read", async () => {
  await withEmulator({}, async (emulator) => {
    const project = emulator.state.findProject("Fabrikam Fiber");
    if (!project) throw new Error("The default fixture has Fabrikam Fiber.");
    const before = workItemsOfType(emulator.state, project.id, TEST_CASE).map((w) => w.id);
    expect(before.length).toBeGreaterThan(0);

    emulator.reset();
    boardsOf(emulator.state); // what the Boards routes read first

    const after = workItemsOfType(emulator.state, project.id, TEST_CASE);
    expect(after.map((w) => w.fields["System.Title"])).toHaveLength(before.length);
  });
});
