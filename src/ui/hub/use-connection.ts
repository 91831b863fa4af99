// The hub's connection step (docs/platform.md#connecting-the-organization): the backup service acts for the organization with the
// sign-in of a Project Collection Administrator who connected it. The service says who connected,
// when, and whether the connection must be renewed; "Connect" opens the service's sign-in page in a
// new window, and the hub asks the service again when its window comes back.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ScopeSnapshot } from "../../core/scope-store";
import type { ConnectionWire, StartFlowResponse } from "../../core/service-api";
import { describeProblem } from "../problems";

export interface ConnectionServices {
  startConnection(): Promise<StartFlowResponse>;
  /** The connection as the service knows it now. */
  currentConnection(): Promise<ConnectionWire>;
  openWindow(url: string): Promise<void>;
  onReturn(listener: () => void): () => void;
}

export interface ConnectionStep {
  connection: ConnectionWire | undefined;
  starting: boolean;
  problem: string | undefined;
  /** Set after the sign-in page was opened, until the service says the organization is connected. */
  waiting: boolean;
  connect: () => void;
}

export function useConnection(
  services: ConnectionServices | undefined,
  snapshot: ScopeSnapshot | undefined,
): ConnectionStep {
  const [connection, setConnection] = useState<ConnectionWire>();
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [waiting, setWaiting] = useState(false);
  const waitingRef = useRef(false);
  waitingRef.current = waiting;

  const served = snapshot?.organization?.connection;
  useEffect(() => {
    if (served) setConnection(served);
  }, [served]);

  const refresh = useCallback(() => {
    if (!services) return;
    services.currentConnection().then(
      (now) => {
        setConnection(now);
        if (now.status === "connected") setWaiting(false);
      },
      (e: unknown) => setProblem(describeProblem(e, "reading the connection").detail),
    );
  }, [services]);

  useEffect(() => {
    if (!services) return;
    return services.onReturn(() => {
      if (waitingRef.current) refresh();
    });
  }, [services, refresh]);

  const connect = useCallback(() => {
    if (!services) return;
    setStarting(true);
    setProblem(undefined);
    services
      .startConnection()
      .then((flow) => {
        // Waiting from now: the window may come back before the host says it opened the page.
        waitingRef.current = true;
        setWaiting(true);
        return services.openWindow(flow.url);
      })
      .catch((e: unknown) => {
        waitingRef.current = false;
        setWaiting(false);
        setProblem(describeProblem(e, "starting the sign-in").detail);
      })
      .finally(() => setStarting(false));
  }, [services]);

  return { connection, starting, problem, waiting, connect };
}
