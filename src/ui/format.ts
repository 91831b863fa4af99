// How numbers, dates and data types read in the UI.
import { describeDataTypes } from "../core/data-types";
import type { ScopeChoice } from "../core/scope";

const count = new Intl.NumberFormat(undefined);
const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatCount(n: number): string {
  return count.format(n);
}

export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : when.format(d);
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function describeChoice(c: ScopeChoice | undefined): string {
  if (!c) return "no explicit choice";
  return c.choice === "included"
    ? `back up ${describeDataTypes(c.dataTypes).toLowerCase()}`
    : "not backed up";
}
