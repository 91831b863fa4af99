// The id of a save (its opId). A save that failed part-way is tried again under its own id, so the
// store recognises the documents that attempt already wrote and the audit record names them (a new
// id would not); any other save gets a fresh one.

/** A save that failed part-way: its id and what it tried to save. */
export interface UnfinishedSave<T> {
  opId: string;
  attempt: T;
}

/** A fresh id (a UUID where the browser makes one). */
export function newOpId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** The id for saving `attempt`: the unfinished save's when it is the same save, else a fresh one. */
export function opIdForSave<T>(
  unfinished: UnfinishedSave<T> | undefined,
  attempt: T,
  isSameSave: (before: T, now: T) => boolean,
  fresh: () => string = newOpId,
): string {
  return unfinished && isSameSave(unfinished.attempt, attempt) ? unfinished.opId : fresh();
}
