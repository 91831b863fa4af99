// The kinds of data to protect, as a group of real checkboxes.
import { DATA_TYPES, DATA_TYPE_LABELS, type DataType } from "../../core/data-types";

export interface DataTypePickerProps {
  legend: string;
  value: readonly DataType[];
  onChange: (next: DataType[]) => void;
  disabled?: boolean;
  /** Makes the checkbox ids unique when several pickers share a page. */
  idPrefix: string;
}

export function DataTypePicker({
  legend,
  value,
  onChange,
  disabled,
  idPrefix,
}: DataTypePickerProps) {
  const chosen = new Set(value);
  const toggle = (t: DataType, on: boolean): void =>
    onChange(DATA_TYPES.filter((d) => (d === t ? on : chosen.has(d))));
  return (
    <fieldset class="data-types" disabled={disabled}>
      <legend>{legend}</legend>
      <div class="data-types-grid">
        {DATA_TYPES.map((t) => (
          <label class="check" key={t} for={`${idPrefix}-${t}`}>
            <input
              type="checkbox"
              id={`${idPrefix}-${t}`}
              checked={chosen.has(t)}
              onChange={(e) => toggle(t, (e.currentTarget as HTMLInputElement).checked)}
            />
            {DATA_TYPE_LABELS[t]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
