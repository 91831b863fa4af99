// A save that failed part-way is tried again under its own id; any other save gets a fresh one.
import { newOpId, opIdForSave } from "../../../src/ui/save-op-id";

describe("the id of a save", () => {
  const sameProject = (a: { projectId: string }, b: { projectId: string }): boolean =>
    a.projectId === b.projectId;

  it("reuses an unfinished save's id for the same save only", () => {
    const unfinished = { opId: "op-1", attempt: { projectId: "p-1" } };
    expect(opIdForSave(unfinished, { projectId: "p-1" }, sameProject, () => "op-2")).toBe("op-1");
    expect(opIdForSave(unfinished, { projectId: "p-2" }, sameProject, () => "op-2")).toBe("op-2");
    expect(opIdForSave(undefined, { projectId: "p-1" }, sameProject, () => "op-2")).toBe("op-2");
  });

  it("makes fresh ids that differ", () => {
    expect(newOpId()).not.toBe(newOpId());
  });
});
