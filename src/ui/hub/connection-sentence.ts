// The connection in one sentence: the overview shows it in the first screen, the connection card
// (loaded later) under its heading; a module of its own so the overview does not load the card.
import type { ConnectionWire } from "../../core/service-api";
import { formatWhen } from "../format";

/** One sentence for the overview and the card. */
export function connectionSentence(c: ConnectionWire | undefined): string | undefined {
  if (!c) return undefined;
  switch (c.status) {
    case "notConnected":
      return "Not connected";
    case "connected":
      return `Connected by ${c.by.displayName} (${c.account}), ${formatWhen(c.at)}`;
    case "renewalNeeded":
      return `Must be renewed: ${c.reason}`;
  }
}
