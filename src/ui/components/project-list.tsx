// Every project of the organization in one virtualized list: fixed-height rows, only the visible
// ones (and the focused one) in the DOM. The list is one tab stop; arrow keys, Home, End,
// PageUp and PageDown move between rows, Space ticks the row's checkbox, Enter opens its details.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

export interface ProjectRow {
  id: string;
  name: string;
  /** Set when the project was renamed since it was registered. */
  renamedFrom?: string;
  /** The project is registered in the scope but no longer exists in the organization. */
  deleted?: boolean;
}

export interface RowState {
  checked: boolean;
  status: string;
  unsaved: boolean;
}

export interface ProjectListProps {
  rows: readonly ProjectRow[];
  stateOf: (row: ProjectRow) => RowState;
  onToggle: (row: ProjectRow, checked: boolean) => void;
  activeId: string | undefined;
  onActivate: (id: string) => void;
  /** Enter on a row: edit its details. */
  onOpen?: (row: ProjectRow) => void;
  disabled?: boolean;
  label: string;
  emptyText: string;
  describedBy?: string;
}

export const ROW_HEIGHT = 40;
const OVERSCAN = 8;
const DEFAULT_VIEWPORT = 440;

export function ProjectList({
  rows,
  stateOf,
  onToggle,
  activeId,
  onActivate,
  onOpen,
  disabled,
  label,
  emptyText,
  describedBy,
}: ProjectListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(DEFAULT_VIEWPORT);
  const focusPending = useRef(false);
  const frame = useRef(0);

  const found = activeId === undefined ? -1 : rows.findIndex((r) => r.id === activeId);
  const active = found >= 0 ? found : 0;

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight || DEFAULT_VIEWPORT);
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || DEFAULT_VIEWPORT));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new filter starts at the top.
  useEffect(() => {
    if (found < 0 && viewport.current) {
      viewport.current.scrollTop = 0;
      setScrollTop(0);
    }
    // Only a change of rows matters here, not of the active row.
  }, [rows]);

  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    viewport.current
      ?.querySelector<HTMLInputElement>(`[data-index="${active}"] input`)
      ?.focus({ preventScroll: true });
  });

  const onScroll = (): void => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(viewport.current?.scrollTop ?? 0));
  };

  const reveal = (index: number): void => {
    const el = viewport.current;
    if (!el) return;
    const top = index * ROW_HEIGHT;
    let next = el.scrollTop;
    if (top < next) next = top;
    else if (top + ROW_HEIGHT > next + el.clientHeight) next = top + ROW_HEIGHT - el.clientHeight;
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    if (rows.length === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    let next: number;
    switch (e.key) {
      case "ArrowDown":
        next = active + 1;
        break;
      case "ArrowUp":
        next = active - 1;
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = rows.length - 1;
        break;
      case "PageDown":
        next = active + page;
        break;
      case "PageUp":
        next = active - page;
        break;
      case "Enter": {
        const row = rows[active];
        if (row && onOpen) {
          e.preventDefault();
          onOpen(row);
        }
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    next = Math.min(rows.length - 1, Math.max(0, next));
    const row = rows[next];
    if (!row) return;
    focusPending.current = true;
    reveal(next);
    onActivate(row.id);
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const indices: number[] = [];
  // The focused row stays in the DOM even when scrolled away, so the list keeps its tab stop.
  if (active < first && rows.length > 0) indices.push(active);
  for (let i = first; i <= last; i++) indices.push(i);
  if (active > last && rows.length > 0) indices.push(active);

  return (
    <div
      ref={viewport}
      class="project-list"
      role="list"
      aria-label={label}
      aria-describedby={describedBy}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      {rows.length === 0 ? (
        <p class="list-empty">{emptyText}</p>
      ) : (
        <div class="project-list-spacer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          {indices.map((i) => {
            const row = rows[i] as ProjectRow;
            const state = stateOf(row);
            const isActive = i === active;
            return (
              <div
                key={row.id}
                class={`project-row${isActive ? " is-active" : ""}`}
                role="listitem"
                aria-setsize={rows.length}
                aria-posinset={i + 1}
                data-index={i}
                style={{ top: `${i * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
                onMouseDown={() => onActivate(row.id)}
              >
                <label>
                  <input
                    type="checkbox"
                    aria-label={row.name}
                    checked={state.checked}
                    disabled={disabled}
                    tabIndex={isActive ? 0 : -1}
                    onFocus={() => !isActive && onActivate(row.id)}
                    onChange={(e) => onToggle(row, (e.currentTarget as HTMLInputElement).checked)}
                  />
                  <span class="project-name" title={row.name} dir="auto">
                    {row.name}
                  </span>
                </label>
                <span class="project-status">
                  {row.deleted ? <span class="badge badge--warning">Deleted</span> : null}
                  {row.renamedFrom !== undefined ? (
                    <span class="badge badge--warning" title={`Registered as ${row.renamedFrom}`}>
                      Renamed
                    </span>
                  ) : null}
                  {state.unsaved ? <span class="badge badge--unsaved">Unsaved</span> : null}{" "}
                  {state.status}
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
