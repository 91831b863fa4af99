// The hub's connection to the backup service (docs/platform.md#connecting-the-organization): the
// backup service acts for the organization with the sign-in of a Project Collection Administrator
// who connected it. The overview shows the connection the service sends with every state load (or
// a newer one read after a sign-in); the step's commands come with the later sections
// (use-connection-step.ts).
import { useEffect, useState } from "preact/hooks";
import type { ScopeSnapshot } from "../../core/scope-store";
import type { ConnectionWire, StartFlowResponse } from "../../core/service-api";

export interface ConnectionServices {
  startConnection(): Promise<StartFlowResponse>;
  /** The connection as the service knows it now. */
  currentConnection(): Promise<ConnectionWire>;
  openWindow(url: string): Promise<void>;
  onReturn(listener: () => void): () => void;
}

/** The connection as known here, and the way to show a newer answer. */
export interface KnownConnection {
  connection: ConnectionWire | undefined;
  show: (now: ConnectionWire) => void;
}

export function useKnownConnection(snapshot: ScopeSnapshot | undefined): KnownConnection {
  const [connection, setConnection] = useState<ConnectionWire>();
  const served = snapshot?.organization?.connection;
  useEffect(() => {
    if (served) setConnection(served);
  }, [served]);
  return { connection, show: setConnection };
}
