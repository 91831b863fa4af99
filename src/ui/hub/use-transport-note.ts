// What the network is doing, in words: throttling and retries are worth telling the admin.
import { useEffect, useState } from "preact/hooks";
import type { TransportEvent } from "../../ado/transport";

export type TransportEvents = (listener: (e: TransportEvent) => void) => () => void;

/** The latest throttling or retry, shown a little longer than the wait it announces. */
export function useTransportNote(events: TransportEvents | undefined): string | undefined {
  const [note, setNote] = useState<string>();
  useEffect(() => {
    if (!events) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (text: string, ms: number): void => {
      setNote(text);
      clearTimeout(timer);
      timer = setTimeout(() => setNote(undefined), Math.max(1500, ms + 500));
    };
    const off = events((e) => {
      if (e.type === "throttled")
        show(
          `Asked to slow down (Azure DevOps or the backup service); continuing in ${Math.ceil(e.delayMs / 1000)} s…`,
          e.delayMs,
        );
      else if (e.type === "retry")
        show(`Retrying a request (${e.reason}, attempt ${e.attempt + 1})…`, e.delayMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [events]);
  return note;
}
