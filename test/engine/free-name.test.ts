// A restored item's name in the target: its own when free, else marked as restored with a counter,
// as each data type's restore names it.
import { freeName } from "../../service/engine/restore/free-name";

test("a free name is kept; a taken one is marked -restored, then counted", () => {
  const taken = new Set(["fiber-app"]);
  expect(freeName("Fiber-App", taken)).toBe("Fiber-App-restored");
  expect(freeName("fiber-app", taken)).toBe("fiber-app-restored-2");
  expect(freeName("web", taken)).toBe("web");
  expect(taken).toEqual(
    new Set(["fiber-app", "fiber-app-restored", "fiber-app-restored-2", "web"]),
  );
});

test("definitions and test plans are marked (restored)", () => {
  const taken = new Set(["ci"]);
  expect(freeName("CI", taken, "parentheses")).toBe("CI (restored)");
  expect(freeName("CI", taken, "parentheses")).toBe("CI (restored 2)");
});
