// The browser signals only the hub's consent step uses: hints from the consent page and the
// clipboard. Loaded with the hub's later sections (see index.tsx), as plain subscriptions.
import { CONSENT_CHANNEL } from "../../core/consent";

/**
 * Hints from the consent page, by BroadcastChannel (same origin by construction) or postMessage
 * from our own origin. Both usually fail to arrive (docs/platform.md#popup-and-frame-messaging); the caller still checks `state`.
 */
export function listenForConsentHints(listener: (hint: unknown) => void): () => void {
  const onMessage = (e: MessageEvent): void => {
    if (e.origin === location.origin) listener(e.data);
  };
  window.addEventListener("message", onMessage);
  let channel: BroadcastChannel | undefined;
  if (typeof BroadcastChannel === "function") {
    channel = new BroadcastChannel(CONSENT_CHANNEL);
    channel.onmessage = (e: MessageEvent) => listener(e.data);
  }
  return () => {
    window.removeEventListener("message", onMessage);
    channel?.close();
  };
}

export class CopyFailedError extends Error {
  constructor() {
    super("The browser did not allow copying here.");
    this.name = "CopyFailedError";
  }
}

/** Copies text; a frame without clipboard permission falls back to the selection. */
export async function copyText(
  text: string,
  fallbackField?: HTMLInputElement | null,
): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // The host's iframe may not grant clipboard-write: try the selection below.
  }
  if (fallbackField) {
    fallbackField.focus();
    fallbackField.select();
    if (document.execCommand("copy")) return;
  }
  throw new CopyFailedError();
}
