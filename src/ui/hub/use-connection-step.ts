// The connection step's commands, loaded with the hub's later sections: "Connect" (or "Renew")
// opens the service's sign-in page in a new window, and the hub asks the service again when its
// window comes back.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ConnectionWire } from "../../core/service-api";
import { describeProblem } from "../problems";
import type { ConnectionServices, KnownConnection } from "./use-connection";

export interface ConnectionStep {
  connection: ConnectionWire | undefined;
  starting: boolean;
  problem: string | undefined;
  /** Set after the sign-in page was opened, until the service says the organization is connected. */
  waiting: boolean;
  connect: () => void;
}

export function useConnectionStep(
  services: ConnectionServices,
  { connection, show }: KnownConnection,
): ConnectionStep {
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [waiting, setWaiting] = useState(false);
  const waitingRef = useRef(false);
  waitingRef.current = waiting;

  const refresh = useCallback(() => {
    services.currentConnection().then(
      (now) => {
        show(now);
        if (now.status === "connected") setWaiting(false);
      },
      (e: unknown) => setProblem(describeProblem(e, "reading the connection").detail),
    );
  }, [services, show]);

  useEffect(
    () =>
      services.onReturn(() => {
        if (waitingRef.current) refresh();
      }),
    [services, refresh],
  );

  const connect = useCallback(() => {
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
