// Polling a going run's or restore's progress (the hub, the project panel, the popup): read it
// now and every PROGRESS_POLL_MS while `id` is watched; an answer that comes after the watch
// changed or ended is dropped, as any answer after its effect was cleaned up (untilCancelled).
// The handlers may be new functions each render: the latest is used.
import { useEffect, useRef } from "preact/hooks";

/**
 * Hands `answer`'s value or error on unless the returned cancel was called first (an effect's
 * cleanup: an answer for what is no longer shown is dropped).
 */
export function untilCancelled<T>(
  answer: Promise<T>,
  onValue: (value: T) => void,
  onError: (e: unknown) => void,
): () => void {
  let live = true;
  answer.then(
    (value) => live && onValue(value),
    (e: unknown) => live && onError(e),
  );
  return () => {
    live = false;
  };
}

/** How often a going run's or restore's progress is asked for. */
export const PROGRESS_POLL_MS = 2000;

export function useProgressPoll<T>(
  /** What is watched (a run's or a restore's id); nothing is read while undefined. */
  id: string | undefined,
  /** Reads its progress; a stable function (useCallback), so a re-render does not restart. */
  read: ((id: string) => Promise<T>) | undefined,
  onProgress: (value: T) => void,
  onFailure: (e: unknown) => void,
): void {
  const handlers = useRef({ onProgress, onFailure });
  handlers.current = { onProgress, onFailure };
  useEffect(() => {
    if (!id || !read) return;
    let live = true;
    const poll = (): void => {
      read(id).then(
        (value) => live && handlers.current.onProgress(value),
        (e: unknown) => live && handlers.current.onFailure(e),
      );
    };
    poll();
    const timer = setInterval(poll, PROGRESS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id, read]);
}
