// A WAI-ARIA menu button: role=menu/menuitem; Enter, Space or ArrowDown open it; arrows, Home and
// End move; Enter or Space activate; Escape (or Tab) closes and focus returns to the button.
import { el } from "./dom";

export interface MenuItem {
  text: string;
  disabled?: boolean;
  run(): void | Promise<void>;
}

let nextMenuId = 1;

export function menuButton(options: {
  label: string;
  text: string;
  className?: string;
  loadItems(): Promise<MenuItem[]>;
}): HTMLElement {
  const id = `menu-${nextMenuId++}`;
  const button = el(
    "button",
    {
      type: "button",
      class: options.className ?? "icon-button",
      "aria-label": options.label,
      "aria-haspopup": "menu",
      "aria-expanded": "false",
      "aria-controls": id,
    },
    options.text,
  );
  const wrapper = el("span", { class: "menu-anchor" }, button);
  let menu: HTMLElement | undefined;
  let openCount = 0;

  const items = (): HTMLElement[] =>
    Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number): void => {
    const all = items();
    if (all.length === 0) return;
    all[(index + all.length) % all.length]?.focus();
  };
  const close = (returnFocus: boolean): void => {
    if (!menu) return;
    menu.remove();
    menu = undefined;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", outside, true);
    if (returnFocus) button.focus();
  };
  const outside = (e: Event): void => {
    if (!wrapper.contains(e.target as Node)) close(false);
  };

  const open = async (focusLast = false): Promise<void> => {
    if (menu) return;
    const thisOpen = ++openCount;
    menu = el("ul", {
      id,
      role: "menu",
      tabindex: "-1",
      class: "menu",
      "aria-label": options.label,
      "aria-busy": "true",
    });
    menu.append(el("li", { role: "none", class: "menu-loading" }, "Loading…"));
    wrapper.append(menu);
    button.setAttribute("aria-expanded", "true");
    document.addEventListener("mousedown", outside, true);
    menu.addEventListener("keydown", onMenuKey);
    menu.focus();

    let loaded: MenuItem[];
    try {
      loaded = await options.loadItems();
    } catch (e) {
      loaded = [
        {
          text: `Could not load actions: ${e instanceof Error ? e.message : String(e)}`,
          disabled: true,
          run: () => undefined,
        },
      ];
    }
    if (!menu || thisOpen !== openCount) return;
    menu.removeAttribute("aria-busy");
    menu.replaceChildren(
      ...(loaded.length === 0
        ? [{ text: "No actions", disabled: true, run: () => undefined }]
        : loaded
      ).map((item) => {
        const node = el(
          "li",
          {
            role: "menuitem",
            tabindex: "-1",
            class: "menu-item",
            "aria-disabled": item.disabled ? "true" : undefined,
          },
          item.text,
        );
        const activate = (): void => {
          if (item.disabled) return;
          close(true);
          Promise.resolve()
            .then(() => item.run())
            .catch((e: unknown) => console.error(`Menu action "${item.text}" failed:`, e));
        };
        node.addEventListener("click", activate);
        node.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            activate();
          }
        });
        return node;
      }),
    );
    focusItem(focusLast ? -1 : 0);
  };

  const onMenuKey = (e: KeyboardEvent): void => {
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLElement);
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        focusItem(current + 1);
        break;
      case "ArrowUp":
        e.preventDefault();
        focusItem(current - 1);
        break;
      case "Home":
        e.preventDefault();
        focusItem(0);
        break;
      case "End":
        e.preventDefault();
        focusItem(-1);
        break;
      case "Escape":
        e.preventDefault();
        close(true);
        break;
      case "Tab":
        close(false);
        break;
    }
  };

  button.addEventListener("click", () => (menu ? close(true) : void open()));
  button.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      void open(e.key === "ArrowUp");
    }
  });
  return wrapper;
}
