// The scope editor: every project with a checkbox, a filter, bulk selection, the data types of
// the focused project, and the rule for new projects.
import { useMemo, useRef, useState } from "preact/hooks";
import { coverageInWords, coverageStatus } from "../../core/coverage-words";
import { isProtected, type ProjectRef } from "../../core/scope";
import { draftCoverage, setDataTypes, setProtected, setSettings } from "../../core/scope-draft";
import { DataTypePicker } from "../components/data-type-picker";
import { ProjectList, type ProjectRow, type RowState } from "../components/project-list";
import { formatCount, plural } from "../format";
import type { ScopeSession } from "../scope-session";
import type { ScopeEdit } from "../use-scope-edit";

export interface ScopeEditorProps {
  session: ScopeSession;
  edit: ScopeEdit;
  disabled: boolean;
}

interface IndexedRow extends ProjectRow {
  lower: string;
}

/** A button that selects (or deselects) projects for backup at once. */
interface BulkSelection {
  label: string;
  projects: readonly IndexedRow[];
  protect: boolean;
  /** Beyond the editor being busy: nothing for it to act on. */
  unavailable?: boolean;
}

export function ScopeEditor({ session, edit, disabled }: ScopeEditorProps) {
  const { reconciled, snapshot, projectsDone } = session;
  const { draft, setDraft } = edit;
  const [query, setQuery] = useState("");
  const [activeId, setActiveId] = useState<string>();
  const details = useRef<HTMLDivElement>(null);

  const rows = useMemo((): IndexedRow[] => {
    if (!reconciled) return [];
    const live = reconciled.rows.map((r): IndexedRow => ({
      id: r.project.id,
      name: r.project.name,
      lower: r.project.name.toLocaleLowerCase(),
      ...(r.renamedFrom !== undefined ? { renamedFrom: r.renamedFrom } : {}),
    }));
    // Only a project the organization lists can be deleted-looking; wait for the full list.
    const gone = projectsDone
      ? reconciled.deleted.map((e): IndexedRow => ({
          id: e.projectId,
          name: e.name,
          lower: e.name.toLocaleLowerCase(),
          deleted: true,
        }))
      : [];
    return [...live, ...gone];
  }, [reconciled, projectsDone]);

  const needle = query.trim().toLocaleLowerCase();
  const shown = useMemo(
    () => (needle ? rows.filter((r) => r.lower.includes(needle)) : rows),
    [rows, needle],
  );

  const liveProjects = (list: readonly IndexedRow[]): ProjectRef[] =>
    list.filter((r) => !r.deleted).map((r) => ({ id: r.id, name: r.name }));

  const selectedCount = useMemo(() => {
    if (!snapshot || !draft) return 0;
    let n = 0;
    for (const r of rows)
      if (!r.deleted && isProtected(draftCoverage(snapshot.scope, draft, r.id))) n++;
    return n;
  }, [rows, snapshot, draft]);

  if (!snapshot || !draft) return <div class="details" aria-busy="true" />;

  const stateOf = (row: ProjectRow): RowState => {
    const c = draftCoverage(snapshot.scope, draft, row.id);
    return {
      checked: isProtected(c),
      status: coverageStatus(c),
      unsaved: draft.choices.has(row.id),
    };
  };
  const toggle = (row: ProjectRow, on: boolean): void =>
    setDraft((d, s) => setProtected(s.scope, d, [{ id: row.id, name: row.name }], on));
  const selectAll = (list: readonly IndexedRow[], on: boolean): void => {
    const targets = liveProjects(list);
    setDraft((d, s) => setProtected(s.scope, d, targets, on));
  };

  const active = shown.find((r) => r.id === activeId) ?? shown[0];
  const activeCoverage = active ? draftCoverage(snapshot.scope, draft, active.id) : undefined;
  const bulkDisabled = disabled || !projectsDone;
  const bulkSelections: BulkSelection[] = [
    { label: "Select all", projects: rows, protect: true },
    { label: "Select none", projects: rows, protect: false },
    {
      label: "Select all shown",
      projects: shown,
      protect: true,
      unavailable: !needle || shown.length === 0,
    },
  ];

  return (
    <div>
      <div class="editor-toolbar">
        <input
          type="search"
          class="search-box"
          placeholder="Filter projects by name"
          aria-label="Search projects by name"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <div class="button-row" role="group" aria-label="Select projects">
          {bulkSelections.map((b) => (
            <button
              key={b.label}
              type="button"
              class="button"
              disabled={bulkDisabled || b.unavailable}
              onClick={() => selectAll(b.projects, b.protect)}
            >
              {b.label}
            </button>
          ))}
        </div>
      </div>
      <p class="list-caption" id="project-list-caption" aria-live="polite">
        {needle
          ? `${plural(shown.length, "project matches", "projects match")} “${query.trim()}”. `
          : `${plural(rows.length, "project", "projects")}${projectsDone ? "" : " so far"}. `}
        {formatCount(selectedCount)} selected for backup.
      </p>
      <p class="visually-hidden" id="project-list-keys">
        Arrow keys move between projects, Space selects, Enter edits the project's data types.
      </p>
      <div class="editor-body">
        <ProjectList
          rows={shown}
          stateOf={stateOf}
          onToggle={toggle}
          activeId={active?.id}
          onActivate={setActiveId}
          onOpen={() => details.current?.querySelector<HTMLInputElement>("input")?.focus()}
          disabled={disabled}
          label="Projects"
          describedBy="project-list-keys"
          emptyText={
            needle
              ? `No project matches “${query.trim()}”.`
              : projectsDone
                ? "This organization has no projects."
                : "Loading projects…"
          }
        />
        <div class="details" ref={details} aria-label="Project details" role="region">
          {active && activeCoverage ? (
            <>
              <h3 class="details-title" dir="auto">
                {active.name}
              </h3>
              <p class="details-meta">
                {active.deleted
                  ? "This project no longer exists in the organization (deleted, or hidden from you). It is still registered in the backup scope."
                  : active.renamedFrom !== undefined
                    ? `Renamed since it was registered as “${active.renamedFrom}”.`
                    : null}{" "}
                {coverageInWords(activeCoverage).sentence}
              </p>
              <DataTypePicker
                legend="Data to back up"
                idPrefix="project-types"
                disabled={disabled}
                value={isProtected(activeCoverage) ? activeCoverage.dataTypes : []}
                onChange={(types) => setDraft((d, s) => setDataTypes(s.scope, d, active.id, types))}
              />
            </>
          ) : (
            <p class="details-meta">Choose a project to see what is backed up.</p>
          )}
        </div>
      </div>
      <div class="rules">
        <label class="check">
          <input
            type="checkbox"
            checked={draft.settings.includeNewProjects}
            disabled={disabled}
            onChange={(e) =>
              setDraft((d) =>
                setSettings(d, {
                  includeNewProjects: (e.currentTarget as HTMLInputElement).checked,
                }),
              )
            }
          />
          Include new projects automatically
        </label>
        <DataTypePicker
          legend="Data to back up for new and newly selected projects"
          idPrefix="default-types"
          disabled={disabled}
          value={draft.settings.defaultDataTypes}
          onChange={(types) => setDraft((d) => setSettings(d, { defaultDataTypes: types }))}
        />
      </div>
    </div>
  );
}
