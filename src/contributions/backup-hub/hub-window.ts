// The hub's window coming back into view (focus, or its tab visible again): the connection and
// consent steps then ask the service again. A plain subscription, so tests can fake it.

/** Called when the hub's window regains focus or its tab becomes visible again. */
export function onWindowReturn(listener: () => void): () => void {
  const onVisibility = (): void => {
    if (document.visibilityState === "visible") listener();
  };
  window.addEventListener("focus", listener);
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    window.removeEventListener("focus", listener);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
