// What to restore of the chosen backup (a checkbox for each data type it holds, all ticked at
// first) and the mappings for what the last plan found nothing in the target for: an input for
// each, and a mapping pasted in npm run restore's --mapping JSON. Any change drops the plan shown.
import { DATA_TYPE_LABELS, type DataType } from "../../core/data-types";
import type { MappingKind, RestoreMappingWire, UnmappedWire } from "../../core/restore-data-wire";
import type { RestoreAction } from "./restore-state";
import { MAPPING_WORDS } from "./restore-words";

export interface RestoreDataChoiceProps {
  held: readonly DataType[];
  chosen: readonly DataType[];
  unmapped: readonly UnmappedWire[];
  mapping: RestoreMappingWire;
  mappingText: string;
  disabled: boolean;
  dispatch: (action: RestoreAction) => void;
}

const inputValue = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;

export function RestoreDataChoice(props: RestoreDataChoiceProps) {
  const { held, chosen, unmapped, mapping, disabled, dispatch } = props;
  const typed = (kind: MappingKind, key: string) => mapping[kind]?.[key] ?? "";
  return (
    <>
      <fieldset class="data-types" disabled={disabled}>
        <legend>What to restore</legend>
        <ul class="data-types-grid" aria-label="Data types this backup holds">
          {held.map((t) => (
            <li key={t}>
              <label class="check" for={`restore-data-${t}`}>
                <input
                  type="checkbox"
                  id={`restore-data-${t}`}
                  checked={chosen.includes(t)}
                  onChange={(e) =>
                    dispatch({
                      type: "dataTypeToggled",
                      dataType: t,
                      on: (e.currentTarget as HTMLInputElement).checked,
                    })
                  }
                />
                {DATA_TYPE_LABELS[t]}
              </label>
            </li>
          ))}
        </ul>
        {chosen.length === 0 ? (
          <p class="fact-note" role="status">
            Choose at least one thing to restore.
          </p>
        ) : null}
      </fieldset>
      <fieldset class="restore-mappings" disabled={disabled}>
        <legend>Mappings for what differs in the target</legend>
        {unmapped.length === 0 ? (
          <p class="fact-note">
            The plan lists what nothing in the target matches (people, agent queues, service
            connections); each can then be given a target here.
          </p>
        ) : (
          <ul class="restore-mapping-list">
            {unmapped.map((u, i) => (
              <li key={`${u.kind}:${u.key}`}>
                <label for={`restore-map-${i}`}>
                  {MAPPING_WORDS[u.kind]} {u.source}: use in the target
                </label>{" "}
                <input
                  id={`restore-map-${i}`}
                  class="search-box"
                  type="text"
                  spellcheck={false}
                  autoComplete="off"
                  placeholder={u.kind === "users" ? "as they were" : "nothing (see the plan)"}
                  value={typed(u.kind, u.key)}
                  onInput={(e) =>
                    dispatch({
                      type: "mappingTyped",
                      kind: u.kind,
                      key: u.key,
                      target: inputValue(e),
                    })
                  }
                />
              </li>
            ))}
          </ul>
        )}
        <p>
          <label for="restore-mapping-text">
            Or paste a mapping (the JSON of npm run restore --mapping)
          </label>
          <br />
          <textarea
            id="restore-mapping-text"
            rows={3}
            spellcheck={false}
            aria-describedby="restore-mapping-note"
            value={props.mappingText}
            onInput={(e) => dispatch({ type: "mappingPasted", text: inputValue(e) })}
          />
          <br />
          <span id="restore-mapping-note" class="fact-note">
            {
              'For example {"agentQueues": {"Build pool": "Default"}, "serviceConnections": {"prod": "prod-2"}}; what is typed above wins.'
            }
          </span>
        </p>
      </fieldset>
    </>
  );
}
