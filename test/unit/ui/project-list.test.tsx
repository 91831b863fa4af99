/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { ProjectList, type ProjectRow } from "../../../src/ui/components/project-list";

const rows: ProjectRow[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: `p${i}`,
  name: `Project ${String(i).padStart(5, "0")}`,
}));

function Harness() {
  const [active, setActive] = useState<string>();
  const [checked, setChecked] = useState(new Set<string>());
  return (
    <ProjectList
      rows={rows}
      label="Projects"
      emptyText="none"
      activeId={active}
      onActivate={setActive}
      stateOf={(r) => ({ checked: checked.has(r.id), status: "", unsaved: false })}
      onToggle={(r, on) =>
        setChecked((s) => {
          const next = new Set(s);
          if (on) next.add(r.id);
          else next.delete(r.id);
          return next;
        })
      }
    />
  );
}

describe("ProjectList", () => {
  it("renders only the visible rows of 10,000", () => {
    render(<Harness />);
    const boxes = screen.getAllByRole("checkbox");
    expect(boxes.length).toBeGreaterThan(5);
    expect(boxes.length).toBeLessThan(40);
    expect(boxes[0]?.getAttribute("aria-label")).toBe("Project 00000");
  });

  it("is one tab stop whose focus moves with the arrow keys, Home and End", () => {
    render(<Harness />);
    const tabbable = screen.getAllByRole("checkbox").filter((b) => b.tabIndex === 0);
    expect(tabbable).toHaveLength(1);
    const first = tabbable[0] as HTMLElement;
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowDown" });
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Project 00001");
    fireEvent.keyDown(document.activeElement as Element, { key: "End" });
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Project 09999");
    fireEvent.keyDown(document.activeElement as Element, { key: "Home" });
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Project 00000");
    expect(screen.getAllByRole("checkbox").filter((b) => b.tabIndex === 0)).toHaveLength(1);
  });
});
