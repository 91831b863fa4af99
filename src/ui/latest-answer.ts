// The stale-answer guard of every session in the UI: each request gets a fresh id, the session's
// state remembers the id it awaits, and an answer counts only while its id is still the awaited one
// (a reload or a newer request replaces it, so a slow answer cannot overwrite a newer one).

let lastRequestId = 0;

/** A request id greater than every earlier one in this page. */
export function newRequestId(): number {
  return ++lastRequestId;
}

/** Whether an answer to `requestId` still counts for a state awaiting `awaited`. */
export function isAwaited(awaited: number | undefined, requestId: number): boolean {
  return awaited === requestId;
}

/**
 * Whether a session reducer drops this action: an answer (it carries a request id) to a load that
 * is no longer awaited. Starting a load is never stale; it makes its own id the awaited one.
 */
export function isStaleAnswer(awaited: number | undefined, action: { type: string }): boolean {
  return (
    action.type !== "load-started" &&
    "requestId" in action &&
    typeof action.requestId === "number" &&
    !isAwaited(awaited, action.requestId)
  );
}
